package rest

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// confCases are Shutdown confs go-zero accepts, with nothing of zerodown's:
// WaitTime 1.5s, 2s, 3s, 5.5s and 30s, with go-zero's default WrapUpTime and
// with one of their own, and WaitTime from SetTimeToForceQuit.
var confCases = []struct {
	name                    string
	wrapUp, wait, forceQuit string
}{
	{name: "WaitTime 1.5s", wait: "1.5s"},
	{name: "WaitTime 2s", wait: "2s"},
	{name: "WaitTime 3s", wait: "3s"},
	{name: "WaitTime 5.5s", wait: "5.5s"},
	{name: "WaitTime 30s", wait: "30s"},
	{name: "WrapUpTime 200ms WaitTime 1.5s", wrapUp: "200ms", wait: "1.5s"},
	{name: "WrapUpTime 1s WaitTime 2s", wrapUp: "1s", wait: "2s"},
	{name: "WrapUpTime 1s WaitTime 3s", wrapUp: "1s", wait: "3s"},
	{name: "WrapUpTime 3s WaitTime 5.5s", wrapUp: "3s", wait: "5.5s"},
	{name: "WrapUpTime 5s WaitTime 5.5s", wrapUp: "5s", wait: "5.5s"},
	{name: "WrapUpTime 2s WaitTime 30s", wrapUp: "2s", wait: "30s"},
	{name: "SetTimeToForceQuit 1.5s", forceQuit: "1.5s"},
	{name: "SetTimeToForceQuit 3s", forceQuit: "3s"},
}

// TestSignal_EveryShutdownConfGoZeroAcceptsStarts: each conf starts, serves
// a request in flight at SIGTERM to 200, runs the DB close after it, and
// exits 0 within its WaitTime.
func TestSignal_EveryShutdownConfGoZeroAcceptsStarts(t *testing.T) {
	for _, tc := range confCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(envWrapUp, tc.wrapUp)
			t.Setenv(envWait, tc.wait)
			t.Setenv(envForceQuit, tc.forceQuit)
			wait, _ := time.ParseDuration(tc.wait + tc.forceQuit)
			p := startScenario(t, "conf-table")
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
			sent := time.Now()
			p.Signal(t, syscall.SIGTERM)
			require.Equal(t, 0, p.Wait(t), p.Output())
			took := p.Exited().Sub(sent)
			t.Logf("SIGTERM to exit 0: %v", took.Round(time.Millisecond))
			got := <-res
			require.NoError(t, got.err)
			assert.Equal(t, http.StatusOK, got.status)
			assert.Equal(t, "ok", got.body)
			markers := slices.DeleteFunc(p.Markers(), func(l string) bool {
				return l != "request done" && l != "db close"
			})
			assert.Equal(t, []string{"request done", "db close"}, markers, "the DB close after the request")
			assert.Less(t, took, wait, "within WaitTime")
		})
	}
}

func TestMustNewServer_ConfErrorIsOneLineAndExit1(t *testing.T) {
	p := startScenario(t, "bad-conf")
	require.Equal(t, 1, p.Wait(t), p.Output())
	out := p.Output()
	assert.NotContains(t, out, "goroutine ", "no goroutine stack")
	lines := slices.DeleteFunc(strings.Split(strings.TrimSpace(out), "\n"), func(l string) bool { return l == "ready" })
	require.Len(t, lines, 1, "one log line:\n%s", out)
	assert.Contains(t, lines[0], "Drain.Timeout 10s does not fit", "the field and its value")
	assert.Contains(t, lines[0], "must end by WaitTime 5.5s minus ShutdownReserve 1s", "the rule")
}
