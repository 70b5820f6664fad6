package rest

import (
	"io"
	"net/http"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
)

func TestSignal_RequestThenWrapUpThenDBCloseThenStartReturns(t *testing.T) {
	p := startScenario(t, "order")
	type result struct {
		status int
		body   string
		err    error
	}
	res := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + valueOf(t, p, "addr ") + "/slow")
		if err != nil {
			res <- result{err: err}
			return
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		res <- result{resp.StatusCode, string(body), err}
	}()
	p.Await(t, "request started")
	p.Signal(t, syscall.SIGTERM)

	require.Equal(t, 0, p.Wait(t), p.Output())
	got := <-res
	require.NoError(t, got.err)
	assert.Equal(t, http.StatusOK, got.status)
	assert.Equal(t, "ok", got.body)
	want := []string{"request started", "request done", "wrap-up done", "db close start", "db close done",
		"start returned", "main returns"}
	markers := slices.DeleteFunc(p.Markers(), func(l string) bool { return !slices.Contains(want, l) })
	assert.Equal(t, want, markers, p.Output())
}

func TestSignal_StuckListenerForceQuitsNamingIt(t *testing.T) {
	p := startScenario(t, "stuck")
	sent := time.Now()
	p.Signal(t, syscall.SIGTERM)
	assert.Equal(t, proc.ExitCodeForceQuit, p.Wait(t), p.Output())
	took := time.Since(sent)
	t.Logf("SIGTERM to exit: %v (WaitTime 1s)", took)
	assert.GreaterOrEqual(t, took, time.Second, "exited before the force-quit time")
	out := p.Output()
	assert.Contains(t, out, "force quitting")
	assert.Contains(t, out, "rest.closeDBForever", "the stuck listener must be named")
	assert.NotContains(t, p.Markers(), "start returned")
}

func TestSignal_SecondSignalExitsAtOnce(t *testing.T) {
	p := startScenario(t, "second-signal")
	p.Signal(t, syscall.SIGTERM)
	p.Await(t, "wrap-up started")
	sent := time.Now()
	p.Signal(t, syscall.SIGTERM)
	assert.Equal(t, 128+int(syscall.SIGTERM), p.Wait(t), p.Output())
	t.Logf("second SIGTERM to exit: %v", time.Since(sent))
	assert.Contains(t, p.Output(), "again during shutdown")
}
