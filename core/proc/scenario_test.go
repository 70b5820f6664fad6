package proc

const scenarioEnv = "ZERODOWN_PROC_SCENARIO"

func runScenario(name string) {}
