package proc

import (
	"net/http"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// before fails the test unless a and b were both printed, a first.
func before(t *testing.T, got []string, a, b string) {
	t.Helper()
	ia, ib := slices.Index(got, a), slices.Index(got, b)
	require.True(t, ia >= 0 && ib >= 0 && ia < ib, "want %q before %q, got %q", a, b, got)
}

func TestSignal_GoZeroExecutorFlushesAfterTheDrain(t *testing.T) {
	p := startScenario(t, "go-zero-flush")
	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, p.Wait(t), p.Output())

	got := p.Markers()
	answered := 0
	for _, id := range []string{"0", "1"} {
		if !slices.Contains(got, "answered "+id+" 200") {
			continue
		}
		answered++
		assert.Contains(t, got, "executed "+id+"-a", "a row of a request answered 200 was lost")
		assert.Contains(t, got, "executed "+id+"-b", "a row of a request answered 200 was lost")
	}
	executed := 0
	for _, m := range got {
		if strings.HasPrefix(m, "executed ") {
			executed++
		}
	}
	t.Logf("requests answered 200: %d, rows executed: %d of %d", answered, executed, 2*answered)
	assert.Equal(t, 2, answered, "both requests in flight at SIGTERM are answered: %q", got)
}

func TestSignal_GoZeroShutdownListenerStartsAfterTheRequests(t *testing.T) {
	p := startScenario(t, "go-zero-flush")
	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, p.Wait(t), p.Output())
	got := p.Markers()
	t.Logf("order: %q", got)
	before(t, got, "handler end 0", "db close start")
	before(t, got, "handler end 1", "db close start")
}

func TestSignal_GoZeroRestServerKeepsTheDelay(t *testing.T) {
	p := startScenario(t, "go-zero-rest")
	port := strings.TrimPrefix(p.AwaitPrefix(t, "port "), "port ")
	p.Signal(t, syscall.SIGTERM)
	sent := time.Now()
	<-time.After(500 * time.Millisecond) // the load balancer's lag, as the issue asks

	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Get("http://127.0.0.1:" + port + "/")
	require.NoError(t, err, "a connection made %v after SIGTERM is refused:\n%s", time.Since(sent), p.Output())
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	t.Logf("connection made %v after SIGTERM served", time.Since(sent).Round(time.Millisecond))
	assert.Equal(t, 0, p.Wait(t), p.Output())
	took := p.Exited().Sub(sent)
	t.Logf("SIGTERM to exit: %v", took.Round(time.Millisecond))
	assert.GreaterOrEqual(t, took, time.Second, "go-zero's servers keep go-zero's 1s")
	assert.Contains(t, p.Markers(), "db close")
}

func TestSignal_GoZeroMustSetUpAfterTheBuildDoesNotRearm(t *testing.T) {
	p := startScenario(t, "must-setup")
	p.Signal(t, syscall.SIGTERM)
	sent := time.Now()
	require.Equal(t, 0, p.Wait(t), p.Output())
	t.Logf("SIGTERM to exit: %v", p.Exited().Sub(sent).Round(time.Millisecond))
	before(t, p.Markers(), "wrap-up done", "db closed")
	out := p.Output()
	assert.Equal(t, 1, strings.Count(out, "go-zero's proc.Setup"), "log once what is in force:\n%s", out)
	assert.Contains(t, out, "WaitTime 4s", out)
	assert.Contains(t, out, "WaitTime 8s", out)
}

func TestSignal_BeforeAnyCallIsHandled(t *testing.T) {
	p := startScenario(t, "early-signal")
	p.Signal(t, syscall.SIGTERM)
	sent := time.Now()
	require.Equal(t, 0, p.Wait(t), p.Output())
	took := p.Exited().Sub(sent)
	t.Logf("SIGTERM to exit: %v", took.Round(time.Millisecond))
	assert.Less(t, took, 3*time.Second, "go-zero's self-kill (5.5s) must not be what ends the process")
	assert.Contains(t, p.Markers(), "db close")
	assert.NotContains(t, p.Output(), "force kill")
}
