//go:build linux || darwin || freebsd

package proc

import (
	"context"
	"os"
	"os/signal"
	"time"

	gzproc "github.com/zeromicro/go-zero/core/proc"
)

// never is far enough that go-zero's own shutdown timer never fires.
const never = time.Duration(1 << 62)

// DisarmGoZero pushes go-zero's own shutdown timer and self-kill past any
// deadline, so that go-zero never runs its shutdown listeners or re-sends the
// signal on its own: the Registry with [WithGoZeroBridge] runs them instead.
// go-zero's zrpc.NewServer and rest.NewServer call go-zero's proc.Setup, so
// servers built on them call DisarmGoZero after building them. It is safe to
// call any number of times, concurrently, before a signal arrives.
//
// go-zero's signal goroutine reads its timer without its lock. Stopping a
// channel that was never registered takes and releases os/signal's handler
// lock, under which a signal is handed to go-zero's goroutine: so the write
// happens before that read, also for the race detector.
func DisarmGoZero() {
	gzproc.Setup(gzproc.ShutdownConf{WrapUpTime: never, WaitTime: never})
	signal.Stop(make(chan os.Signal))
}

// bridgeGoZero runs go-zero's listeners inside r's phases.
func (r *Registry) bridgeGoZero() {
	DisarmGoZero()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.addLocked(initHook(&hook{
		name:     "go-zero wrap-up listeners",
		phase:    PhaseWrapUp,
		fn:       func(context.Context) error { gzproc.WrapUp(); return nil },
		internal: true,
	}))
	r.addLocked(initHook(&hook{
		name:     "go-zero shutdown listeners",
		phase:    PhaseDrain,
		fn:       func(context.Context) error { gzproc.Shutdown(); return nil },
		internal: true,
	}))
}
