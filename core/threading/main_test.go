package threading

import (
	"os"
	"testing"

	"github.com/zerodown/zerodown/core/proc"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if scenario := os.Getenv(scenarioEnv); scenario != "" {
		runScenario(scenario) // a subprocess of a signal test; exits
	}
	// DefaultRegistry's signal watcher lives as long as the process: start
	// it now so that IgnoreCurrent covers it, with go-zero's own goroutines.
	proc.DefaultRegistry.Context()
	goleak.VerifyTestMain(m, goleak.IgnoreCurrent())
}
