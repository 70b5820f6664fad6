package zrpc

import "fmt"

// scenarioEnv names the scenario a subprocess of a test runs.
const scenarioEnv = "ZRPC_TEST_SCENARIO"

// runScenario runs the named scenario in this process and returns its exit code.
func runScenario(name string) int {
	fmt.Println("unknown scenario", name)
	return 2
}
