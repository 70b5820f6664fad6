package proc

// Subprocess programs for code that still talks to go-zero's own core/proc:
// its executors, its listeners, its servers and its ServiceConf.

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/zeromicro/go-zero/core/conf"
	"github.com/zeromicro/go-zero/core/executors"
	gzproc "github.com/zeromicro/go-zero/core/proc"
	"github.com/zeromicro/go-zero/core/service"
	gzrest "github.com/zeromicro/go-zero/rest"
)

func init() {
	scenarios["go-zero-flush"] = scenarioGoZeroFlush
	scenarios["go-zero-rest"] = scenarioGoZeroRest
	scenarios["must-setup"] = scenarioMustSetUp
	scenarios["early-signal"] = scenarioEarlySignal
}

// scenarioGoZeroFlush: two requests in flight at SIGTERM add rows to a
// go-zero BulkExecutor once the drain has begun; a DB close is registered
// with go-zero's own proc.
func scenarioGoZeroFlush() {
	Setup(ShutdownConf{WrapUpTime: 100 * time.Millisecond, WaitTime: 10 * time.Second})
	bulk := executors.NewBulkExecutor(func(tasks []any) {
		for _, task := range tasks {
			fmt.Println("executed", task)
		}
	}, executors.WithBulkTasks(1000), executors.WithBulkInterval(time.Hour))
	gzproc.AddShutdownListener(func() { fmt.Println("db close start") })

	var entered sync.WaitGroup
	entered.Add(2)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.URL.Query().Get("id")
		entered.Done()
		<-Draining()
		time.Sleep(200 * time.Millisecond) // the request's own work
		bulk.Add(id + "-a")
		bulk.Add(id + "-b")
		fmt.Println("handler end", id)
		w.WriteHeader(http.StatusOK)
	})}
	addr := serveDrained(srv)
	for i := range 2 {
		go func() {
			resp, err := http.Get("http://" + addr + "/?id=" + strconv.Itoa(i))
			if err != nil {
				fmt.Println("request failed:", err)
				return
			}
			resp.Body.Close()
			fmt.Println("answered", i, resp.StatusCode)
		}()
	}
	entered.Wait()
	fmt.Println("ready")
	must(Wait())
}

// serveDrained serves srv on a loopback port, with its Shutdown as a drain
// hook, and returns its address.
func serveDrained(srv *http.Server, opts ...HookOption) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go func() { _ = srv.Serve(ln) }()
	must(AddDrainHook("http "+ln.Addr().String(), func(ctx context.Context) error {
		if err := srv.Shutdown(ctx); err != nil {
			_ = srv.Close()
			return err
		}
		return nil
	}, opts...))
	return ln.Addr().String()
}

// scenarioGoZeroRest is a program that switched only core/proc: go-zero's
// own rest server serves, and a DB close is added to our proc. go-zero's
// Start returns once go-zero's listeners have run, before our shutdown
// hooks: main ends with Wait, as the docs say.
func scenarioGoZeroRest() {
	AddShutdownListener(func() { fmt.Println("db close") })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
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
		fmt.Println("port", port)
		fmt.Println("ready")
	}()
	server.Start()
	must(Wait())
}

// scenarioMustSetUp: go-zero's ServiceConf.MustSetUp, called after our
// Setup, brings another shutdown conf; a wrap-up hook takes 5s.
func scenarioMustSetUp() {
	Setup(ShutdownConf{WrapUpTime: time.Second, WaitTime: 8 * time.Second})
	AddShutdownListener(func() { fmt.Println("db closed") })
	must(AddWrapUpHook("stop consumers", func(context.Context) error {
		time.Sleep(5 * time.Second) // the consumers' own work
		fmt.Println("wrap-up done")
		return nil
	}))
	var c service.ServiceConf
	must(conf.FillDefault(&c))
	c.Name = "queue"
	c.Log.Level = "info"
	c.DevServer.Enabled = false
	c.Shutdown = gzproc.ShutdownConf{WrapUpTime: time.Second, WaitTime: 4 * time.Second}
	c.MustSetUp()
	fmt.Println("ready")
	must(Wait())
}

// scenarioEarlySignal: SIGTERM arrives during a slow startup, before any call
// to this package.
func scenarioEarlySignal() {
	fmt.Println("ready")
	time.Sleep(time.Second) // a slow startup
	AddShutdownListener(func() { fmt.Println("db close") })
	must(Wait())
}
