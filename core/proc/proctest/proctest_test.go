package proctest_test

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/zerodown/zerodown/core/proc/proctest"
	"go.uber.org/goleak"
)

const scenarioEnv = "PROCTEST_SCENARIO"

func TestMain(m *testing.M) {
	if os.Getenv(scenarioEnv) == "echo" {
		os.Exit(echo())
	}
	goleak.VerifyTestMain(m)
}

// echo prints ready, waits for SIGTERM, says so and exits 3.
func echo() int {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM)
	fmt.Println("ready")
	fmt.Println(`{"level":"info"}`)
	sig := <-sigs
	fmt.Println("got", sig)
	return 3
}

func TestProcess(t *testing.T) {
	p := proctest.Start(t, scenarioEnv+"=echo", "ready")
	p.Signal(t, syscall.SIGTERM)
	assert.Equal(t, "got terminated", p.AwaitPrefix(t, "got "))
	assert.Equal(t, 3, p.Wait(t))
	assert.False(t, p.Exited().IsZero())
	assert.Equal(t, []string{"ready", "got terminated"}, p.Markers())
	assert.Contains(t, p.Output(), `{"level":"info"}`)
}
