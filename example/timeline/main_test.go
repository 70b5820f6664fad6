package main

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRun runs the example once, with its real SIGTERM to this process, and
// checks the order of its steps. It runs proc.DefaultRegistry's one
// shutdown, so it cannot run twice in a process (-count=1 only).
func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run([]string{"-wrapup=600ms", "-request=150ms", "-dbclose=50ms"}, &out))

	steps := regexp.MustCompile(`(?m)^\s*(?:\d+\.\d+s)?\s+(request done: 200 OK|wrap-up done|db close start|db close done|main returns)$`).
		FindAllStringSubmatch(out.String(), -1)
	var got []string
	for _, s := range steps {
		got = append(got, s[1])
	}
	assert.Equal(t, []string{"request done: 200 OK", "wrap-up done", "db close start", "db close done", "main returns"},
		got, "output:\n%s", out.String())
}
