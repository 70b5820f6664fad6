package proc_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/logx"
)

// A go-zero main that swaps its proc import for zerodown's: the listeners
// keep their signatures, the wrap-up one is awaited before the server drains,
// the shutdown one runs after the drain, and main waits for all of it. It
// needs a signal, so it has no output to check.
func Example() {
	proc.AddWrapUpListener(func() { fmt.Println("stop consuming the queue") })
	proc.AddShutdownListener(func() { fmt.Println("close the database") })

	srv := &http.Server{Addr: "127.0.0.1:8080"}
	go func() { _ = srv.ListenAndServe() }()
	// The server's drain step: after the propagation delay, bounded by the
	// hook's context (the force-quit deadline here).
	if err := proc.AddDrainHook("http :8080", srv.Shutdown); err != nil {
		logx.Must(err)
	}

	// SIGTERM or SIGINT starts the sequence; Wait returns when it is done.
	if err := proc.Wait(); err != nil {
		logx.Error(err)
	}
}

// Terminate runs the whole sequence on an isolated Registry: wrap-up, drain,
// then the shutdown hooks in reverse order of registration.
func ExampleRegistry_Terminate() {
	logx.Disable()
	r := proc.MustNewRegistry(proc.ShutdownConf{WrapUpTime: time.Millisecond, WaitTime: time.Second})
	r.AddWrapUpListener(func() { fmt.Println("deregister from etcd") })
	_ = r.AddDrainHook("http", func(context.Context) error {
		fmt.Println("drain the http server")
		return nil
	})
	r.AddShutdownListener(func() { fmt.Println("close the database") })
	r.AddShutdownListener(func() { fmt.Println("flush the write buffer") })

	r.Terminate(nil)
	fmt.Println("wait:", r.Wait())
	// Output:
	// deregister from etcd
	// drain the http server
	// flush the write buffer
	// close the database
	// wait: <nil>
}

// A hook that overruns its timeout is reported as a timeout, and the
// sequence goes on without it.
func ExampleWithTimeout() {
	logx.Disable()
	r := proc.MustNewRegistry(proc.ShutdownConf{})
	release := make(chan struct{})
	defer close(release)
	_ = r.AddShutdownHook("stuck flush", func(ctx context.Context) error {
		<-release // ignores ctx, as a stuck client might
		return nil
	}, proc.WithTimeout(10*time.Millisecond))
	_ = r.AddShutdownHook("close db", func(context.Context) error {
		fmt.Println("close db")
		return nil
	})

	r.Terminate(nil)
	err := r.Wait()
	var hookErr *proc.HookError
	if errors.As(err, &hookErr) {
		fmt.Println(hookErr.Name, hookErr.Outcome, errors.Is(err, context.DeadlineExceeded))
	}
	// Output:
	// close db
	// stuck flush timeout true
}

// WrapUp and Shutdown are go-zero's test helpers: they run the listeners
// added since the last call, and wait for them, without starting the
// sequence.
func ExampleRegistry_WrapUp() {
	logx.Disable()
	r := proc.MustNewRegistry(proc.ShutdownConf{})
	r.AddWrapUpListener(func() { fmt.Println("wrap-up 1") })
	r.WrapUp()
	r.WrapUp() // runs nothing new
	r.AddWrapUpListener(func() { fmt.Println("wrap-up 2") })
	r.WrapUp()
	// Output:
	// wrap-up 1
	// wrap-up 2
}
