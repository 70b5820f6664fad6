package rest

import (
	"strings"
	"testing"

	"github.com/zerodown/zerodown/core/proc/proctest"
)

// startScenario runs the scenario name of scenario_test.go in a child
// process (the test binary re-run with scenarioEnv set) and waits until it
// is ready.
func startScenario(t *testing.T, name string) *proctest.Process {
	t.Helper()
	return proctest.Start(t, scenarioEnv+"="+name, "ready")
}

// valueOf returns the rest of the first line of p that begins with prefix,
// waiting for it.
func valueOf(t *testing.T, p *proctest.Process, prefix string) string {
	t.Helper()
	return strings.TrimPrefix(p.AwaitPrefix(t, prefix), prefix)
}
