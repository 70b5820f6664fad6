// Command timeline shows zerodown's shutdown sequence on the service of
// go-zero's worst case: a slow wrap-up cleanup, a DB close, and a request in
// flight when SIGTERM arrives. It sends itself a real SIGTERM once the request
// is running (or waits for Ctrl-C with -wait), and prints each step with the
// time since the signal:
//
//	request done -> wrap-up done -> db close start -> db close done -> main returns
//
// On stock go-zero the DB closes while the request still runs and the wrap-up
// cleanup is cut off when main returns.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/logx"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("timeline", flag.ContinueOnError)
	wait := fs.Bool("wait", false, "wait for Ctrl-C or SIGTERM instead of sending SIGTERM to itself")
	wrapUp := fs.Duration("wrapup", 3*time.Second, "how long the wrap-up cleanup works")
	request := fs.Duration("request", 2*time.Second, "how long the in-flight request works")
	dbClose := fs.Duration("dbclose", 500*time.Millisecond, "how long the DB close works")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logx.MustSetup(logx.LogConf{Encoding: "plain", Level: "info", Stat: false})

	var (
		t0 atomic.Int64 // UnixNano of the signal
		mu sync.Mutex   // serialises writes to out
	)
	say := func(format string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		at := "      "
		if ns := t0.Load(); ns != 0 {
			at = fmt.Sprintf("%5.2fs", time.Since(time.Unix(0, ns)).Seconds())
		}
		fmt.Fprintf(out, "%s  "+format+"\n", append([]any{at}, a...)...)
	}
	go func() {
		<-proc.Done()
		t0.Store(time.Now().UnixNano())
		say("signal: Done() closed, wrap-up begins")
	}()

	proc.AddWrapUpListener(func() {
		time.Sleep(*wrapUp) // the cleanup's own work: flush a queue, deregister
		say("wrap-up done")
	})
	proc.AddShutdownListener(func() {
		say("db close start")
		time.Sleep(*dbClose) // the close's own work
		say("db close done")
	})

	addr, entered, err := serve(*request)
	if err != nil {
		return err
	}
	go get(addr, say)
	<-entered
	if *wait {
		say("request running; press Ctrl-C")
	} else {
		say("request running; sending SIGTERM to myself")
		if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
			return fmt.Errorf("send SIGTERM: %w", err)
		}
	}
	if err := proc.Wait(); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	say("main returns")
	return nil
}

// serve starts a net/http server whose handler works for d, and plugs it into
// the shutdown sequence as its drain step.
func serve(d time.Duration) (addr string, entered <-chan struct{}, err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listen: %w", err)
	}
	in := make(chan struct{}, 1)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		in <- struct{}{}
		time.Sleep(d) // the request's own work
		_, _ = io.WriteString(w, "ok")
	})}
	go func() { _ = srv.Serve(ln) }()
	err = proc.AddDrainHook("http "+ln.Addr().String(), srv.Shutdown)
	return ln.Addr().String(), in, err
}

func get(addr string, say func(string, ...any)) {
	resp, err := http.Get("http://" + addr)
	if err != nil {
		say("request failed: %v", err)
		return
	}
	_ = resp.Body.Close()
	say("request done: %s", resp.Status)
}
