package threading

import (
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/proc/proctest"
)

func startScenario(t *testing.T, name string, env ...string) *proctest.Process {
	t.Helper()
	if testing.Short() {
		t.Skip("subprocess test")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), scenarioEnv+"="+name), env...)
	return proctest.StartCommand(t, cmd, "ready")
}

func before(t *testing.T, got []string, a, b string) {
	t.Helper()
	ia, ib := slices.Index(got, a), slices.Index(got, b)
	require.True(t, ia >= 0 && ib >= 0 && ia < ib, "want %q before %q, got %q", a, b, got)
}

// get sends one request to the child and requires a 200.
func get(t *testing.T, addr string) {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestSignal_WriteAfterTheAnswerLandsBeforeTheDBClose(t *testing.T) {
	p := startScenario(t, "handler-write")
	get(t, strings.TrimPrefix(p.AwaitPrefix(t, "addr "), "addr "))
	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, p.Wait(t), p.Output())
	before(t, p.Markers(), "write landed", "db close start")
}

// With go-zero's own GoSafe, nothing waits for the write: the bug,
// kept as a test so that the one above is known to test something.
func TestSignal_GoZeroGoSafeLosesTheWrite(t *testing.T) {
	p := startScenario(t, "handler-write", variantEnv+"=go-zero")
	get(t, strings.TrimPrefix(p.AwaitPrefix(t, "addr "), "addr "))
	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, p.Wait(t), p.Output())
	assert.NotContains(t, p.Markers(), "write landed")
}

func TestSignal_GoroutinesStartedInTheDrainAreAwaited(t *testing.T) {
	p := startScenario(t, "drain-100")
	addr := strings.TrimPrefix(p.AwaitPrefix(t, "addr "), "addr ")
	answered := make(chan struct{})
	go func() {
		defer close(answered)
		get(t, addr)
	}()
	p.Await(t, "entered")
	p.Signal(t, syscall.SIGTERM)
	<-answered
	require.Equal(t, 0, p.Wait(t), p.Output())
	before(t, p.Markers(), "started 100", "db close start: 100 written")
}

func TestSignal_StuckGoroutineForceQuitsNamingItsSite(t *testing.T) {
	p := startScenario(t, "stuck")
	site := strings.TrimPrefix(p.AwaitPrefix(t, "site "), "site ")
	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, proc.ExitCodeForceQuit, p.Wait(t), p.Output())
	out := p.Output()
	assert.Contains(t, out, `work \"`+site+`\" still running (1)`)
	assert.Contains(t, out, "threading.scenarioStuck.func1", "the goroutine's stack")
	assert.NotContains(t, p.Markers(), "db close start", "the DB must not close under running work")
}

// jobsBeforeT0 checks that every job that started started before t0, and
// that the one running at SIGTERM ended before the DB close.
func jobsBeforeT0(t *testing.T, got []string) {
	t.Helper()
	t0 := slices.Index(got, "t0")
	require.GreaterOrEqual(t, t0, 0, "%q", got)
	for i, m := range got {
		if strings.HasPrefix(m, "job start") {
			assert.Less(t, i, t0, "%q started after t0: %q", m, got)
		}
	}
	before(t, got, "job end 1", "db close start")
}

func TestSignal_CronJobFinishesBeforeTheDBClose(t *testing.T) {
	p := startScenario(t, "cron")
	p.Await(t, "job start 1")
	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, p.Wait(t), p.Output())
	jobsBeforeT0(t, p.Markers())
}

func TestSignal_TickerJobFinishesBeforeTheDBClose(t *testing.T) {
	p := startScenario(t, "ticker")
	p.Await(t, "job start 1")
	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, p.Wait(t), p.Output())
	jobsBeforeT0(t, p.Markers())
}
