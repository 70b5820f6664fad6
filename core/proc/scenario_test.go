package proc

// Programs that the signal tests run in a subprocess: the test binary re-runs
// itself with scenarioEnv set, and TestMain calls runScenario.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	gzproc "github.com/zeromicro/go-zero/core/proc"
)

const scenarioEnv = "ZERODOWN_PROC_SCENARIO"

var scenarios = map[string]func(){
	"order":         scenarioOrder,
	"stuck":         scenarioStuck,
	"second-signal": scenarioSecondSignal,
	"panic":         scenarioPanic,
	"idle":          scenarioIdle,
	"go-zero-armed": scenarioGoZeroArmed,
	"fatal":         scenarioFatal,
}

func runScenario(name string) {
	run, ok := scenarios[name]
	if !ok {
		fmt.Println("unknown scenario", name)
		os.Exit(2)
	}
	run()
	fmt.Println("main returns")
	os.Exit(0)
}

// scenarioOrder is the service: a slow wrap-up cleanup, a DB close, a
// request in flight at SIGTERM, a go-zero listener, and net/http as the drain
// step. The times are scaled down.
func scenarioOrder() {
	Setup(ShutdownConf{WrapUpTime: 200 * time.Millisecond, WaitTime: 5 * time.Second})
	// go-zero's servers re-run go-zero's Setup when built; DisarmGoZero undoes it.
	gzproc.Setup(gzproc.ShutdownConf{WrapUpTime: 50 * time.Millisecond, WaitTime: 100 * time.Millisecond})
	DisarmGoZero()

	AddWrapUpListener(func() {
		time.Sleep(600 * time.Millisecond) // the cleanup's own work
		fmt.Println("wrap-up done")
	})
	AddShutdownListener(func() {
		fmt.Println("db close start")
		time.Sleep(100 * time.Millisecond) // the close's own work
		fmt.Println("db close done")
	})
	gzproc.AddShutdownListener(func() { fmt.Println("go-zero listener") })

	entered := make(chan struct{})
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		close(entered)
		time.Sleep(400 * time.Millisecond) // the request's own work
		w.WriteHeader(http.StatusOK)
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go func() { _ = srv.Serve(ln) }()
	must(AddDrainHook("http "+ln.Addr().String(), func(ctx context.Context) error {
		if err := srv.Shutdown(ctx); err != nil {
			return errors.Join(err, srv.Close())
		}
		return nil
	}))
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String())
		if err != nil {
			fmt.Println("request failed:", err)
			return
		}
		resp.Body.Close()
		fmt.Println("request done", resp.StatusCode)
	}()
	<-entered
	fmt.Println("ready")
	must(Wait())
}

func scenarioStuck() {
	Setup(ShutdownConf{WrapUpTime: 100 * time.Millisecond, WaitTime: 500 * time.Millisecond})
	AddShutdownListener(closeDBForever)
	fmt.Println("ready")
	_ = Wait()
}

// closeDBForever is a shutdown listener that never returns.
func closeDBForever() {
	select {}
}

func scenarioSecondSignal() {
	Setup(ShutdownConf{WrapUpTime: 100 * time.Millisecond, WaitTime: time.Minute})
	AddWrapUpListener(func() {
		fmt.Println("wrap-up started")
		select {}
	})
	fmt.Println("ready")
	_ = Wait()
}

func scenarioPanic() {
	AddShutdownListener(func() { fmt.Println("after panic") })
	AddShutdownListener(func() { panic("listener bug") })
	fmt.Println("ready")
	if err := Wait(); err != nil {
		fmt.Println("wait:", firstLine(err.Error()))
	}
}

func scenarioIdle() {
	Done() // first use: handle signals
	fmt.Println("ready")
	must(Wait())
}

// scenarioGoZeroArmed is the trap of a go-zero Setup after our first use:
// go-zero's timer, re-armed at 100ms, must not re-send the signal while our
// hooks still run.
func scenarioGoZeroArmed() {
	Setup(ShutdownConf{WrapUpTime: 100 * time.Millisecond, WaitTime: 5 * time.Second})
	Done() // first use: disarms go-zero, which the Setup below re-arms
	gzproc.Setup(gzproc.ShutdownConf{WrapUpTime: 50 * time.Millisecond, WaitTime: 100 * time.Millisecond})
	AddShutdownListener(func() {
		time.Sleep(time.Second) // the close's own work, past go-zero's 100ms
		fmt.Println("db close done")
	})
	fmt.Println("ready")
	_ = Wait()
}

func scenarioFatal() {
	AddShutdownListener(func() { fmt.Println("db close done") })
	fmt.Println("ready")
	Terminate(errors.New("lost the broker"))
	_ = Wait() // the Registry exits with ExitCodeFatal before Wait returns
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func firstLine(s string) string {
	for i := range len(s) {
		if s[i] == '\n' {
			return s[:i]
		}
	}
	return s
}
