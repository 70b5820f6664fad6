package rest

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if scenario := os.Getenv(scenarioEnv); scenario != "" {
		runScenario(scenario) // a subprocess of a signal test; exits
	}
	goleak.VerifyTestMain(m,
		// go-zero starts goroutines in init (core/proc/signals.go, core/stat);
		// IgnoreCurrent skips those. Anything a test starts must be gone at exit.
		goleak.IgnoreCurrent(),
		// go-zero's per-server request stats flush once a minute for the life
		// of the process, from the first request on (core/executors).
		goleak.IgnoreTopFunction("github.com/zeromicro/go-zero/core/executors.(*PeriodicalExecutor).backgroundFlush.func1"),
		// go-zero's load shedder (CpuThreshold) logs its stats every minute
		// for the life of the process; go-zero gives no way to stop it.
		goleak.IgnoreTopFunction("github.com/zeromicro/go-zero/core/load.(*SheddingStat).loop"),
	)
}
