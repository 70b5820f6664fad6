package main

import (
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc/proctest"
	"go.uber.org/goleak"
)

// runEnv makes the test binary run the example instead of the tests.
const runEnv = "TIMELINE_RUN"

func TestMain(m *testing.M) {
	if os.Getenv(runEnv) != "" {
		if err := run([]string{"-wrapup=600ms", "-request=150ms", "-dbclose=50ms"}, os.Stdout); err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	// go-zero starts its signal handler in init; IgnoreCurrent skips it.
	goleak.VerifyTestMain(m, goleak.IgnoreCurrent())
}

var step = regexp.MustCompile(`^\s*(?:\d+\.\d+s)?\s+(request done: 200 OK|wrap-up done|db close start|db close done|main returns)$`)

// TestRun runs the example in a child process, which sends itself a real
// SIGTERM, and checks the order of its steps and its exit code.
func TestRun(t *testing.T) {
	p := proctest.Start(t, runEnv+"=1", "")
	require.Equal(t, 0, p.Wait(t), p.Output())

	var got []string
	for _, line := range p.Markers() {
		if m := step.FindStringSubmatch(line); m != nil {
			got = append(got, m[1])
		}
	}
	assert.Equal(t, []string{"request done: 200 OK", "wrap-up done", "db close start", "db close done", "main returns"},
		got, "output:\n%s", p.Output())
}
