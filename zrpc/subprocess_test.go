package zrpc

import (
	"fmt"
	"testing"

	"github.com/zerodown/zerodown/core/proc/proctest"
)

// scenarioEnv names the scenario a subprocess of a test runs.
const scenarioEnv = "ZRPC_TEST_SCENARIO"

// scenarios are run by TestMain in a subprocess; each returns the exit code.
var scenarios = map[string]func() int{
	"sigterm":     scenarioSigterm,
	"rolling":     scenarioRolling,
	"streams":     scenarioStreams,
	"etcd":        scenarioEtcd,
	"endless":     scenarioEndless,
	"registering": scenarioRegistering,
	"slowstart":   scenarioSlowStart,
	"awaystreams": scenarioAwayStreams,
	"busy":        scenarioBusy,
	"busyplain":   scenarioBusyPlain,
	"devserver":   scenarioDevServer,
	"stopalone":   scenarioStopAlone,
}

// runScenario runs the named scenario in this process and returns its exit code.
func runScenario(name string) int {
	run, ok := scenarios[name]
	if !ok {
		fmt.Println("unknown scenario", name)
		return 2
	}
	return run()
}

// startScenario runs the scenario name in a child process: the test binary
// re-run with scenarioEnv set.
func startScenario(t *testing.T, name string) *proctest.Process {
	t.Helper()
	return proctest.Start(t, scenarioEnv+"="+name, "")
}
