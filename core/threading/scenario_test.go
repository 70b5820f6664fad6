package threading

// Programs that the signal tests run in a subprocess: the test binary re-runs
// itself with scenarioEnv set, and TestMain calls runScenario.

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/zerodown/zerodown/core/proc"
	gzthreading "github.com/zeromicro/go-zero/core/threading"
)

const (
	scenarioEnv = "ZERODOWN_THREADING_SCENARIO"
	// variantEnv picks what the scenario runs on: "go-zero" for go-zero's
	// own threading, "plain" for a scheduler without this package.
	variantEnv = "ZERODOWN_THREADING_VARIANT"
)

var scenarios = map[string]func(){
	"handler-write": scenarioHandlerWrite,
	"drain-100":     scenarioDrain100,
	"stuck":         scenarioStuck,
	"cron":          scenarioCron,
	"ticker":        scenarioTicker,
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

// dbClose adds the shutdown hook that closes the DB.
func dbClose() {
	must(proc.AddShutdownHook("db close", func(context.Context) error {
		fmt.Println("db close start")
		return nil
	}))
}

// scenarioHandlerWrite: a handler answers 200, then writes in a goroutine
// for 2 s (go-zero's idiom for audit logs); SIGTERM comes once it answered.
func scenarioHandlerWrite() {
	proc.Setup(proc.ShutdownConf{WrapUpTime: 100 * time.Millisecond, WaitTime: 5 * time.Second})
	dbClose()
	goSafe := GoSafe
	if os.Getenv(variantEnv) == "go-zero" {
		goSafe = gzthreading.GoSafe
	}
	addr := serveDrained(&http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		goSafe(func() {
			time.Sleep(2 * time.Second) // the audit write
			fmt.Println("write landed")
		})
		w.WriteHeader(http.StatusOK)
	})})
	fmt.Println("addr " + addr)
	fmt.Println("ready")
	must(proc.Wait())
}

// scenarioDrain100: a request in flight at SIGTERM starts 100 goroutines
// once the drain has begun, each writing for 300ms.
func scenarioDrain100() {
	proc.Setup(proc.ShutdownConf{WrapUpTime: 100 * time.Millisecond, WaitTime: 5 * time.Second})
	var written atomic.Int64
	must(proc.AddShutdownHook("db close", func(context.Context) error {
		fmt.Printf("db close start: %d written\n", written.Load())
		return nil
	}))
	addr := serveDrained(&http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("entered")
		<-proc.Draining()
		for range 100 {
			GoSafe(func() {
				time.Sleep(300 * time.Millisecond) // the write
				written.Add(1)
			})
		}
		fmt.Println("started 100")
		w.WriteHeader(http.StatusOK)
	})})
	fmt.Println("addr " + addr)
	fmt.Println("ready")
	must(proc.Wait())
}

// scenarioStuck: a GoSafe goroutine that never returns.
func scenarioStuck() {
	proc.Setup(proc.ShutdownConf{WrapUpTime: 100 * time.Millisecond, WaitTime: time.Second})
	dbClose()
	pc, file, line, _ := runtime.Caller(0)
	fmt.Printf("site %s (%s:%d)\n", runtime.FuncForPC(pc).Name(), shortPath(file), line+2)
	GoSafe(func() { select {} })
	fmt.Println("ready")
	must(proc.Wait())
}

// scenarioCron: a robfig/cron job every second that runs 1.5 s.
func scenarioCron() {
	proc.Setup(proc.ShutdownConf{WrapUpTime: 100 * time.Millisecond, WaitTime: 5 * time.Second})
	dbClose()
	var runs atomic.Int64
	job := func() {
		i := runs.Add(1)
		fmt.Println("job start", i)
		time.Sleep(1500 * time.Millisecond) // the job's work
		fmt.Println("job end", i)
	}
	c := cron.New()
	if os.Getenv(variantEnv) == "plain" {
		_, err := c.AddFunc("@every 1s", job)
		must(err)
		c.Start()
	} else {
		_, err := c.AddFunc("@every 1s", ScheduledJob(job))
		must(err)
		c.Start()
		StopAtShutdown(c.Stop)
	}
	go func() {
		<-proc.Done()
		fmt.Println("t0")
	}()
	fmt.Println("ready")
	must(proc.Wait())
}

// scenarioTicker: a job every 300ms that runs 800ms, on GoEvery.
func scenarioTicker() {
	proc.Setup(proc.ShutdownConf{WrapUpTime: 100 * time.Millisecond, WaitTime: 5 * time.Second})
	dbClose()
	var runs atomic.Int64
	GoEvery(300*time.Millisecond, func() {
		i := runs.Add(1)
		fmt.Println("job start", i)
		time.Sleep(800 * time.Millisecond) // the job's work
		fmt.Println("job end", i)
	})
	go func() {
		<-proc.Done()
		fmt.Println("t0")
	}()
	fmt.Println("ready")
	must(proc.Wait())
}

// serveDrained serves srv on a loopback port, with its Shutdown as a drain
// hook, and returns its address.
func serveDrained(srv *http.Server) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(err)
	go func() { _ = srv.Serve(ln) }()
	must(proc.AddDrainHook("http "+ln.Addr().String(), func(ctx context.Context) error {
		if err := srv.Shutdown(ctx); err != nil {
			_ = srv.Close()
			return err
		}
		return nil
	}))
	return ln.Addr().String()
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
