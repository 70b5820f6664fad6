package proc

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if scenario := os.Getenv(scenarioEnv); scenario != "" {
		runScenario(scenario) // a subprocess of a signal test; exits
	}
	// DefaultRegistry's signal watcher lives as long as the process, as
	// go-zero's does: start it now so that IgnoreCurrent covers it.
	DefaultRegistry.Context()
	// go-zero starts goroutines in init (core/proc/signals.go, core/stat);
	// IgnoreCurrent skips those. Anything a test starts must be gone at exit.
	goleak.VerifyTestMain(m, goleak.IgnoreCurrent())
}
