package proc

import (
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc/proctest"
)

// startScenario runs the scenario name of scenario_test.go in a child
// process and waits until it is ready.
func startScenario(t *testing.T, name string) *proctest.Process {
	t.Helper()
	return proctest.Start(t, scenarioEnv+"="+name, "ready")
}

func TestSignal_Order(t *testing.T) {
	p := startScenario(t, "order")
	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, p.Wait(t), p.Output())

	got := p.Markers()
	before := func(a, b string) {
		t.Helper()
		ia, ib := slices.Index(got, a), slices.Index(got, b)
		require.True(t, ia >= 0 && ib >= 0 && ia < ib, "want %q before %q, got %q", a, b, got)
	}
	before("request done 200", "db close start")
	before("wrap-up done", "go-zero listener")
	before("go-zero listener", "db close start")
	before("db close start", "db close done")
	before("db close done", "main returns")
	runs := slices.DeleteFunc(slices.Clone(got), func(l string) bool { return l != "go-zero listener" })
	assert.Len(t, runs, 1, "go-zero's listener runs once, in our drain phase")
}

func TestSignal_ForceQuitNamesTheStuckListener(t *testing.T) {
	p := startScenario(t, "stuck")
	p.Signal(t, syscall.SIGTERM)
	assert.Equal(t, ExitCodeForceQuit, p.Wait(t))
	out := p.Output()
	assert.Contains(t, out, "force quitting")
	assert.Contains(t, out, "closeDBForever", "the stuck listener must be named")
	assert.Contains(t, out, "scenario_test.go", "the stuck listener's stack must be printed")
}

func TestSignal_SecondSignalExitsAtOnce(t *testing.T) {
	p := startScenario(t, "second-signal")
	p.Signal(t, syscall.SIGTERM)
	p.Await(t, "wrap-up started")
	p.Signal(t, syscall.SIGTERM)
	assert.Equal(t, 128+int(syscall.SIGTERM), p.Wait(t))
	assert.Contains(t, p.Output(), "again during shutdown")
}

func TestSignal_PanickingListenerDoesNotStopTheRest(t *testing.T) {
	p := startScenario(t, "panic")
	p.Signal(t, syscall.SIGINT)
	assert.Equal(t, 0, p.Wait(t), p.Output())
	assert.Equal(t, []string{"ready", "after panic", "wait: proc: shutdown hook \"github.com/zerodown/zerodown/core/proc.scenarioPanic (proc/scenario_test.go:116)\": panic: panic: listener bug", "main returns"}, p.Markers())
}

func TestSignal_IdleProgramExitsAtOnce(t *testing.T) {
	p := startScenario(t, "idle")
	sent := time.Now()
	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, p.Wait(t), p.Output())
	took := p.Exited().Sub(sent)
	t.Logf("SIGTERM to exit: %v", took)
	assert.Less(t, took, 2*time.Second, "an idle program has nothing to wait for")
}

func TestSignal_GoZeroSetupAfterFirstUseDoesNotRearm(t *testing.T) {
	p := startScenario(t, "go-zero-armed")
	p.Signal(t, syscall.SIGTERM)
	assert.Equal(t, 0, p.Wait(t), "go-zero's self-kill must not re-send SIGTERM:\n%s", p.Output())
	assert.Contains(t, p.Markers(), "db close done")
}

func TestSignal_TerminateWithReasonExitsFatal(t *testing.T) {
	p := startScenario(t, "fatal")
	assert.Equal(t, ExitCodeFatal, p.Wait(t), p.Output())
	assert.Contains(t, p.Output(), "lost the broker")
	assert.Contains(t, p.Markers(), "db close done")
	assert.NotContains(t, p.Markers(), "main returns", "main must not return, and exit 0, before the fatal exit")
}
