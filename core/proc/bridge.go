package proc

import (
	"context"
	"math"
	"sync/atomic"
	"time"

	"github.com/zerodown/zerodown/internal/gozero"
	"github.com/zeromicro/go-zero/core/logx"
)

// bridged is the Registry that runs go-zero's listeners: [DefaultRegistry],
// unless another Registry has [WithGoZeroBridge] and was used first.
var bridged atomic.Pointer[Registry]

// DisarmGoZero keeps go-zero's own shutdown timer and self-kill from acting.
// [DefaultRegistry] takes SIGTERM and SIGINT away from go-zero's handler when
// the package is imported, so go-zero's timer never starts, whatever go-zero
// Setup runs later (ServiceConf.MustSetUp, a go-zero server's build). Servers
// call DisarmGoZero after building go-zero's: if that build, or any go-zero
// Setup since the last call, brought a shutdown conf different from the one
// in force, it is logged once, with what is in force and why. It is safe to
// call any number of times, concurrently.
func DisarmGoZero() {
	if r := bridged.Load(); r != nil {
		r.noteGoZeroConf()
	}
	gozero.Disarm()
}

// bridgeGoZero runs go-zero's listeners inside r's phases: go-zero's wrap-up
// listeners with the wrap-up hooks, and go-zero's shutdown listeners (its
// executors' Flush, its servers' stops, libraries' closes) first of the
// shutdown phase, once every server has drained and before any other
// shutdown hook.
func (r *Registry) bridgeGoZero() {
	gozero.Disarm()
	bridged.CompareAndSwap(nil, r)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.addLocked(initHook(&hook{
		name:     "go-zero wrap-up listeners",
		phase:    PhaseWrapUp,
		fn:       func(context.Context) error { gozero.WrapUp(); return nil },
		internal: true,
	}))
	r.addLocked(initHook(&hook{
		name:     "go-zero shutdown listeners",
		phase:    PhaseShutdown,
		order:    math.MinInt,
		fn:       func(context.Context) error { gozero.Shutdown(); return nil },
		internal: true,
	}))
}

// goZeroAtStart is the bridge's part of t0: go-zero's proc.Done closes, and
// a go-zero conf that differs from the one in force is logged.
func (r *Registry) goZeroAtStart() {
	gozero.CloseDone()
	r.noteGoZeroConf()
}

// noteGoZeroConf logs, once per process, a go-zero Setup that asked for a
// conf other than the one in force, and disarms go-zero again.
func (r *Registry) noteGoZeroConf() {
	wrapUp, wait, changed := gozero.Rearmed()
	if !changed {
		return
	}
	gozero.Disarm()
	conf := r.Conf()
	if (wrapUp == gozero.Never || wrapUp == conf.WrapUpTime) && (wait == gozero.Never || wait == conf.WaitTime) {
		return
	}
	if !r.goZeroConfLogged.CompareAndSwap(false, true) {
		return
	}
	logx.Errorf("proc: go-zero's proc.Setup (called by ServiceConf.SetUp, a go-zero server's build or "+
		"the program) asked for WrapUpTime %s, WaitTime %s; in force: %s, zerodown's conf: go-zero's own "+
		"timer and self-kill stay off and zerodown runs the whole shutdown",
		goZeroField(wrapUp), goZeroField(wait), conf)
}

func goZeroField(d time.Duration) string {
	if d == gozero.Never {
		return "(unchanged)"
	}
	return d.String()
}
