package rest

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/proc/proctest"
)

// dbClose returns the rows and executed requests that the DB close printed.
func dbClose(t *testing.T, p *proctest.Process) (rows, executed int) {
	t.Helper()
	for _, m := range p.Markers() {
		if _, err := fmt.Sscanf(m, "db closed rows %d executed %d", &rows, &executed); err == nil {
			return rows, executed
		}
	}
	t.Fatalf("the DB close never ran:\n%s", p.Output())
	return 0, 0
}

// orders runs n keep-alive clients that POST /order until the server no
// longer answers, and returns how many got 200 and how many failed.
func orders(addr string, n int, stop <-chan struct{}) (ok, failed int64) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: n}, Timeout: 20 * time.Second}
	defer client.CloseIdleConnections()
	var okN, failedN atomic.Int64
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for fails := 0; fails < 3; {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := client.Post("http://"+addr+"/order", "text/plain", nil)
				if err != nil {
					failedN.Add(1)
					fails++
					continue
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					okN.Add(1)
				} else {
					failedN.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return okN.Load(), failedN.Load()
}

func TestSignal_WrapUpOverrunKeepsEveryAcknowledgedRow(t *testing.T) {
	p := startScenario(t, "wrap-up-overrun")
	addr := valueOf(t, p, "addr ")
	stop := make(chan struct{})
	type counts struct{ ok, failed int64 }
	res := make(chan counts, 1)
	go func() {
		ok, failed := orders(addr, 100, stop)
		res <- counts{ok, failed}
	}()
	time.Sleep(200 * time.Millisecond) // load before the signal: the test's own pacing, not synchronisation
	p.Signal(t, syscall.SIGTERM)
	code := p.Wait(t)
	close(stop)
	got := <-res
	rows, executed := dbClose(t, p)
	t.Logf("exit %d; clients: %d answered 200, %d failed; DB: %d rows at its close, %d executed",
		code, got.ok, got.failed, rows, executed)
	require.Contains(t, []int{0, proc.ExitCodeForceQuit}, code, p.Output())
	assert.Contains(t, p.Markers(), "wrap-up done")
	assert.GreaterOrEqual(t, int64(rows), got.ok, "every row answered 200 is written before the DB close")
	if code == 0 {
		assert.Equal(t, int64(executed), got.ok, "no request executed without its answer")
	} else {
		assert.Contains(t, p.Output(), "cut", "what was cut is named")
	}
}

func TestSignal_HandlerIgnoringItsContextIsCutAndTheDBStillCloses(t *testing.T) {
	p := startScenario(t, "ignores-ctx")
	addr := valueOf(t, p, "addr ")
	type reply struct {
		err error
		at  time.Time
	}
	res := make(chan reply, 1)
	go func() {
		resp, err := http.Post("http://"+addr+"/order?slow=1", "text/plain", nil)
		if err == nil {
			resp.Body.Close()
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		res <- reply{err, time.Now()}
	}()
	p.Await(t, "slow request started")
	sent := time.Now()
	p.Signal(t, syscall.SIGTERM)
	code := p.Wait(t)
	got := <-res
	took := p.Exited().Sub(sent)
	t.Logf("exit %d after %v; the client's error after %v: %v", code, took.Round(time.Millisecond),
		got.at.Sub(sent).Round(time.Millisecond), got.err)
	require.Equal(t, proc.ExitCodeForceQuit, code, p.Output())
	assert.Error(t, got.err, "the client gets an error, never a success")
	assert.False(t, strings.HasPrefix(got.err.Error(), "status 200"))
	assert.Less(t, got.at.Sub(sent), 3*time.Second, "by WaitTime − reserve")
	dbClose(t, p) // the flush and the DB close ran
	assert.Less(t, took, 4500*time.Millisecond, "exit at about WaitTime 3s")
	out := p.Output()
	assert.Contains(t, out, "POST /order", "the force quit names the handler")
	assert.Contains(t, out, "scenario_budget_test.go", "with its stack")
}

func TestSignal_TerminateDuringTheShutdownFailsTheReport(t *testing.T) {
	p := startScenario(t, "terminate-during")
	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, proc.ExitCodeFatal, p.Wait(t), p.Output())
	out := p.Output()
	assert.Contains(t, out, "Shutdown report: failed", "the report says failed")
	assert.NotContains(t, out, "Shutdown report: ok")
	assert.Contains(t, out, `"reason":"lost the broker"`, "with the reason")
}

func TestSignal_PortIsClosedOnceTheDrainStopsAccepting(t *testing.T) {
	p := startScenario(t, "port-closed")
	addr := valueOf(t, p, "addr ")
	p.Signal(t, syscall.SIGTERM)
	p.Await(t, "db close start")
	start := time.Now()
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	took := time.Since(start)
	if conn != nil {
		conn.Close()
	}
	t.Logf("dial during the 2s shutdown hook: %v after %v", err, took)
	require.Error(t, err, "nobody serves the port: a connection must be refused, not queued")
	assert.True(t, errors.Is(err, syscall.ECONNREFUSED), "refused at once: %v", err)
	assert.NotContains(t, p.Markers(), "db close done", "checked while the shutdown hook ran")
	assert.Equal(t, 0, p.Wait(t), p.Output())
}
