package proc

import (
	"encoding/json"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// forceQuitAtDeadline runs scenario, sends SIGTERM, and checks the force quit
// at its WaitTime (3s): exit 124, and the DB close ran in the shutdown
// reserve, before it, though the stuck work still ran (it was abandoned or
// cut at the drain's end).
func forceQuitAtDeadline(t *testing.T, scenario string) string {
	p := startScenario(t, scenario)
	p.Signal(t, syscall.SIGTERM)
	sent := time.Now()
	require.Equal(t, ExitCodeForceQuit, p.Wait(t), p.Output())
	took := p.Exited().Sub(sent)
	t.Logf("SIGTERM to exit 124: %v", took.Round(time.Millisecond))
	assert.GreaterOrEqual(t, took, 2900*time.Millisecond)
	assert.Less(t, took, 4500*time.Millisecond)
	assert.Contains(t, p.Markers(), "db close start", "the shutdown hooks run in their reserve")
	return p.Output()
}

func TestSignal_StuckWrapUpHookIsAWall(t *testing.T) {
	out := forceQuitAtDeadline(t, "stuck-wrap-up")
	assert.Contains(t, out, `stuck consumer\" still running after`, "the force quit names the stuck hook")
	assert.Contains(t, out, "scenario_wall_test.go", "its stack")
}

func TestSignal_StuckHandlerIsAWall(t *testing.T) {
	out := forceQuitAtDeadline(t, "stuck-handler")
	assert.Contains(t, out, "1 in flight (http requests: 1)", "the force quit counts what is in flight")
}

func TestSignal_HookDurationIsTakenWhenItReturns(t *testing.T) {
	p := startScenario(t, "durations")
	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, p.Wait(t), p.Output())

	observed := ""
	for _, m := range p.Markers() {
		if v, ok := strings.CutPrefix(m, "ended instant "); ok {
			observed = v
		}
	}
	ns, err := strconv.ParseInt(observed, 10, 64)
	require.NoError(t, err, p.Output())
	t.Logf("instant hook: observed %v", time.Duration(ns))
	assert.Less(t, time.Duration(ns), 100*time.Millisecond, "observed (report, metrics) duration")

	logged := ""
	for _, l := range strings.Split(p.Output(), "\n") {
		var e struct{ Content, Duration string }
		if json.Unmarshal([]byte(l), &e) == nil && strings.Contains(e.Content, `hook "instant" ok`) {
			logged = e.Duration
		}
	}
	ms, err := strconv.ParseFloat(strings.TrimSuffix(logged, "ms"), 64)
	require.NoError(t, err, "logged duration %q:\n%s", logged, p.Output())
	t.Logf("instant hook: logged %vms", ms)
	assert.Less(t, ms, 100.0, "logged duration")
}

func TestSignal_TerminateWithAnEmptyReasonFails(t *testing.T) {
	p := startScenario(t, "empty-reason")
	assert.Equal(t, ExitCodeFatal, p.Wait(t), p.Output())
	assert.NotContains(t, p.Output(), "Shutdown done\"", "the log must not say the shutdown went well")
}

func TestSignal_ProgramStillRunningAtWaitTimeIsEnded(t *testing.T) {
	p := startScenario(t, "main-stuck")
	p.Signal(t, syscall.SIGTERM)
	sent := time.Now()
	assert.Equal(t, ExitCodeForceQuit, p.Wait(t), p.Output())
	t.Logf("SIGTERM to exit 124: %v", p.Exited().Sub(sent).Round(time.Millisecond))
	assert.Contains(t, p.Markers(), "wait returned")
	assert.Contains(t, p.Output(), "Shutdown done, but the program still runs after 1s")
}
