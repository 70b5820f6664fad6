package rest

// Programs for the budget inside WaitTime: a go-zero REST service whose
// handlers add rows to a go-zero BulkExecutor over a DB whose close is a
// shutdown listener. The DB is a fake that records its rows and its close.

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/upgrade"
	"github.com/zeromicro/go-zero/core/conf"
	"github.com/zeromicro/go-zero/core/executors"
)

func init() {
	scenarios["wrap-up-overrun"] = scenarioWrapUpOverrun
	scenarios["ignores-ctx"] = scenarioIgnoresCtx
	scenarios["terminate-during"] = scenarioTerminateDuring
	scenarios["port-closed"] = scenarioPortClosed
	scenarios["conf-table"] = scenarioConfTable
	scenarios["bad-conf"] = scenarioBadConf
}

// scenarioBadConf: a Drain.Timeout set that cannot fit go-zero's default
// Shutdown conf.
func scenarioBadConf() {
	fmt.Println("ready")
	MustNewServer(defaultConf(func(c *RestConf) { c.Drain.Timeout = 10 * time.Second }))
}

// fakeDB records the rows written to it, and those written after its close.
type fakeDB struct {
	mu     sync.Mutex
	rows   int
	late   int
	closed bool
}

func (d *fakeDB) insert(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		d.late += n
		return
	}
	d.rows += n
}

// close is the DB close, a shutdown listener: it prints the rows written
// and the requests executed.
func (d *fakeDB) close(executed *atomic.Int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	fmt.Printf("db closed rows %d executed %d\n", d.rows, executed.Load())
}

// bulkService adds a DB, its close and a BulkExecutor that only the
// shutdown flushes, and the route POST /order that adds a row and answers
// 200 (after hold, which ignores the request's context).
func bulkService(s *Server, hold time.Duration) {
	db := new(fakeDB)
	var executed atomic.Int64
	proc.AddShutdownListener(func() { db.close(&executed) })
	bulk := executors.NewBulkExecutor(func(tasks []any) { db.insert(len(tasks)) },
		executors.WithBulkTasks(1<<20), executors.WithBulkInterval(time.Hour))
	s.AddRoute(Route{Method: http.MethodPost, Path: "/order", Handler: func(w http.ResponseWriter, r *http.Request) {
		executed.Add(1)
		if r.URL.Query().Get("slow") != "" {
			fmt.Println("slow request started")
			time.Sleep(hold) // ignores its context
		}
		if err := bulk.Add(1); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	}})
}

// defaultConf is go-zero's yaml defaults (Shutdown 1s/5.5s, no Drain).
func defaultConf(edit ...func(*RestConf)) RestConf {
	var c RestConf
	if err := conf.FillDefault(&c); err != nil {
		panic(err)
	}
	c.Name = "scenario"
	c.Host = "127.0.0.1"
	c.DevServer.Enabled = false
	c.Log.Level = "error"
	c.CpuThreshold = 0 // every request is executed
	c.Timeout = 30000
	for _, fn := range edit {
		fn(&c)
	}
	return c
}

// scenarioWrapUpOverrun: a 4s wrap-up listener with go-zero's default
// Shutdown conf.
func scenarioWrapUpOverrun() {
	s := MustNewServer(defaultConf())
	bulkService(s, 0)
	proc.AddWrapUpListener(func() {
		time.Sleep(4 * time.Second) // the cleanup's own work
		fmt.Println("wrap-up done")
	})
	announce(s)
	s.Start()
}

// scenarioIgnoresCtx: a 10s handler that ignores its context, WaitTime 3s.
func scenarioIgnoresCtx() {
	s := MustNewServer(defaultConf(func(c *RestConf) {
		c.Shutdown.WrapUpTime, c.Shutdown.WaitTime = 100*time.Millisecond, 3*time.Second
	}))
	bulkService(s, 10*time.Second)
	announce(s)
	s.Start()
}

// scenarioTerminateDuring: a wrap-up listener that gives a fatal reason
// during the signal's shutdown.
func scenarioTerminateDuring() {
	s := MustNewServer(defaultConf(func(c *RestConf) {
		c.Shutdown.WrapUpTime = 100 * time.Millisecond
	}))
	proc.AddWrapUpListener(func() { proc.Terminate(errors.New("lost the broker")) })
	announce(s)
	s.Start()
}

// scenarioPortClosed: a 2s shutdown listener, the in-place upgrade off.
func scenarioPortClosed() {
	s := MustNewServer(defaultConf(func(c *RestConf) {
		c.Shutdown.WrapUpTime = 100 * time.Millisecond
		c.Upgrade = upgrade.Conf{Disabled: true} // no duplicate of the socket
	}))
	proc.AddShutdownListener(func() {
		fmt.Println("db close start")
		time.Sleep(2 * time.Second) // the close's own work
		fmt.Println("db close done")
	})
	announce(s)
	s.Start()
}

// Environment of scenarioConfTable: the Shutdown conf, as go-zero's yaml
// or SetTimeToForceQuit would give it.
const (
	envWrapUp    = "ZERODOWN_TEST_WRAP_UP"
	envWait      = "ZERODOWN_TEST_WAIT"
	envForceQuit = "ZERODOWN_TEST_FORCE_QUIT"
)

func envDuration(name string) time.Duration {
	d, _ := time.ParseDuration(os.Getenv(name))
	return d
}

// scenarioConfTable: a service with the Shutdown conf of the environment,
// nothing of zerodown's, a 100ms request and a DB close.
func scenarioConfTable() {
	if d := envDuration(envForceQuit); d > 0 {
		proc.SetTimeToForceQuit(d)
	}
	s := MustNewServer(defaultConf(func(c *RestConf) {
		c.Shutdown.WrapUpTime, c.Shutdown.WaitTime = envDuration(envWrapUp), envDuration(envWait)
	}))
	s.AddRoute(Route{Method: http.MethodGet, Path: "/slow", Handler: func(w http.ResponseWriter, _ *http.Request) {
		fmt.Println("request started")
		time.Sleep(100 * time.Millisecond) // the request's own work
		fmt.Println("request done")
		_, _ = w.Write([]byte("ok"))
	}})
	proc.AddShutdownListener(func() { fmt.Println("db close") })
	announce(s)
	s.Start()
}
