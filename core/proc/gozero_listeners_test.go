package proc

// go-zero's own shutdown listeners run one at a time, in reverse order of
// registration, and go-zero's waitForCalled waits for the whole sequence.

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/conf"
	"github.com/zeromicro/go-zero/core/executors"
	gzproc "github.com/zeromicro/go-zero/core/proc"
	gzrest "github.com/zeromicro/go-zero/rest"
)

func init() {
	scenarios["go-zero-bulk-order"] = scenarioGoZeroBulkOrder
	scenarios["go-zero-start-returns"] = scenarioGoZeroStartReturns
	scenarios["go-zero-listener-stuck"] = scenarioGoZeroListenerStuck
}

// stuckDBClose is a library's DB close that never returns.
func stuckDBClose() { select {} }

// scenarioGoZeroListenerStuck: a go-zero shutdown listener never returns.
func scenarioGoZeroListenerStuck() {
	Setup(ShutdownConf{WrapUpTime: 50 * time.Millisecond, WaitTime: time.Second})
	gzproc.AddShutdownListener(stuckDBClose)
	fmt.Println("ready")
	must(Wait())
}

// scenarioGoZeroBulkOrder: a library opens a DB and registers its close with
// go-zero's proc; a BulkExecutor is made over it (its Flush is a go-zero
// shutdown listener too); three requests in flight at SIGTERM add rows once
// the drain has begun; an INSERT takes 50ms.
func scenarioGoZeroBulkOrder() {
	Setup(ShutdownConf{WrapUpTime: 50 * time.Millisecond, WaitTime: 10 * time.Second})
	var closed atomic.Bool
	gzproc.AddShutdownListener(func() {
		fmt.Println("db close start")
		closed.Store(true)
	})
	bulk := executors.NewBulkExecutor(func(tasks []any) {
		time.Sleep(50 * time.Millisecond) // the INSERT
		for _, task := range tasks {
			if closed.Load() {
				fmt.Println("written after the close", task)
			} else {
				fmt.Println("written", task)
			}
		}
	}, executors.WithBulkTasks(1000), executors.WithBulkInterval(time.Hour))

	var entered sync.WaitGroup
	entered.Add(3)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered.Done()
		<-Draining()
		bulk.Add(r.URL.Query().Get("id"))
		w.WriteHeader(http.StatusOK)
	})}
	addr := serveDrained(srv)
	for i := range 3 {
		go func() {
			resp, err := http.Get("http://" + addr + "/?id=" + strconv.Itoa(i))
			if err != nil {
				fmt.Println("request failed:", err)
				return
			}
			resp.Body.Close()
		}()
	}
	entered.Wait()
	fmt.Println("ready")
	must(Wait())
}

// scenarioGoZeroStartReturns: only core/proc is switched; main ends when
// go-zero's rest.Server.Start returns; a zerodown shutdown listener takes 1s.
func scenarioGoZeroStartReturns() {
	Setup(ShutdownConf{WrapUpTime: 50 * time.Millisecond, WaitTime: 5 * time.Second})
	AddShutdownListener(func() {
		fmt.Println("flushing events and closing DB")
		time.Sleep(time.Second) // the flush and the close
		fmt.Println("DB closed")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(err)
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	var c gzrest.RestConf
	must(conf.FillDefault(&c))
	c.Name, c.Host, c.Port = "gz", "127.0.0.1", port
	c.Log.Level = "error"
	c.DevServer.Enabled = false
	c.CpuThreshold = 0
	server := gzrest.MustNewServer(c)
	server.AddRoute(gzrest.Route{Method: http.MethodGet, Path: "/", Handler: func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
	}})
	go func() {
		for {
			if conn, err := net.Dial("tcp", ln.Addr().String()); err == nil {
				conn.Close()
				break
			}
			time.Sleep(10 * time.Millisecond) // the server is not listening yet
		}
		fmt.Println("ready")
	}()
	server.Start()
	fmt.Println("go-zero's Start returned")
}

func TestSignal_GoZeroFlushCompletesBeforeTheDBClose(t *testing.T) {
	for run := range 20 {
		p := startScenario(t, "go-zero-bulk-order")
		p.Signal(t, syscall.SIGTERM)
		require.Equal(t, 0, p.Wait(t), p.Output())
		got := p.Markers()
		closeAt := -1
		written := 0
		for i, m := range got {
			switch {
			case m == "db close start":
				closeAt = i
			case strings.HasPrefix(m, "written after the close"):
				t.Errorf("run %d: %q", run, m)
			case strings.HasPrefix(m, "written "):
				written++
				assert.Equal(t, -1, closeAt, "run %d: %q after the close began: %q", run, m, got)
			}
		}
		require.GreaterOrEqual(t, closeAt, 0, "run %d: the DB never closed: %q", run, got)
		assert.Equal(t, 3, written, "run %d: every row of the drain written: %q", run, got)
	}
}

func TestSignal_GoZeroStartReturnsAfterTheShutdownListeners(t *testing.T) {
	p := startScenario(t, "go-zero-start-returns")
	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, p.Wait(t), p.Output())
	got := p.Markers()
	before(t, got, "DB closed", "go-zero's Start returned")
	assert.Contains(t, got, "main returns")
}

func TestSignal_GoZeroListenerStuckIsNamed(t *testing.T) {
	p := startScenario(t, "go-zero-listener-stuck")
	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, ExitCodeForceQuit, p.Wait(t), p.Output())
	assert.Contains(t, p.Output(), "go-zero shutdown listener github.com/zerodown/zerodown/core/proc.stuckDBClose (proc/gozero_listeners_test.go:")
	assert.Contains(t, p.Output(), "still running")
}
