package proc

import (
	"context"
	"math"
	"slices"
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
// call DisarmGoZero after building go-zero's: it notes the shutdown conf
// that build, or any go-zero Setup since the last call, brought; at the
// signal, one that differs from the conf in force is logged once, with what
// is in force and why. It is safe to call any number of times, concurrently.
func DisarmGoZero() {
	if r := bridged.Load(); r != nil {
		r.noteGoZeroConf()
		return
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
		fn:       runGoZeroShutdown,
		internal: true,
	}))
}

// goZeroConf is a shutdown conf that go-zero's Setup was given; a field
// it did not change is gozero.Never.
type goZeroConf struct {
	wrapUp, wait time.Duration
}

// goZeroAtStart is the bridge's part of t0: go-zero's proc.Done closes,
// go-zero's waitForCalled is held until the sequence is done, and the first
// go-zero conf that differs from the process's conf is logged. It compares
// with the process's conf, not with the sequence's (a hand-over runs without
// propagation delay, which is no conf anybody asked for).
func (r *Registry) goZeroAtStart(ShutdownConf) {
	gozero.CloseDone()
	r.holdGoZeroWait()
	r.noteGoZeroConf()
	r.mu.Lock()
	asked, conf := r.goZeroAsked, r.conf
	r.mu.Unlock()
	for _, c := range asked {
		if (c.wrapUp == gozero.Never || c.wrapUp == conf.WrapUpTime) && (c.wait == gozero.Never || c.wait == conf.WaitTime) {
			continue
		}
		logx.Errorf("proc: go-zero's proc.Setup (called by ServiceConf.SetUp, a go-zero server's build or "+
			"the program) asked for WrapUpTime %s, WaitTime %s; in force: %s, zerodown's conf: go-zero's own "+
			"timer and self-kill stay off and zerodown runs the whole shutdown",
			goZeroField(c.wrapUp), goZeroField(c.wait), conf)
		return
	}
}

// adoptGoZeroConf makes the first conf go-zero's Setup was given (by
// ServiceConf.SetUp, a go-zero server's build, or a library on go-zero's
// proc) the one in force, if r runs go-zero's listeners and nothing set r's
// own conf: so a program that switched only core/proc keeps its yaml's
// Shutdown section. Once adopted, the conf is fixed as if given to Setup:
// a later different one is refused (zerodown's Setup) or logged at t0
// (go-zero's). It is called just before the sequence begins.
func (r *Registry) adoptGoZeroConf() {
	if !r.opts.goZero {
		return
	}
	r.noteGoZeroConf()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.confSet || len(r.goZeroAsked) == 0 || r.state != StateServing {
		return
	}
	first := r.goZeroAsked[0]
	next := ShutdownConf{}
	if first.wrapUp != gozero.Never {
		next.WrapUpTime = first.wrapUp
	}
	if first.wait != gozero.Never {
		next.WaitTime = first.wait
	}
	conf, err := r.conf.merge(next)
	if err != nil {
		logx.Errorf("proc: go-zero's proc.Setup asked for WrapUpTime %s, WaitTime %s, which cannot be used "+
			"(%v); in force: %s", goZeroField(first.wrapUp), goZeroField(first.wait), err, r.conf)
		return
	}
	r.conf, r.confSet = conf, true
}

// noteGoZeroConf records the conf a go-zero Setup brought since the last
// call, if any, and disarms go-zero again.
func (r *Registry) noteGoZeroConf() {
	wrapUp, wait, changed := gozero.Rearmed()
	gozero.Disarm()
	if !changed {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if c := (goZeroConf{wrapUp, wait}); !slices.Contains(r.goZeroAsked, c) {
		r.goZeroAsked = append(r.goZeroAsked, c)
	}
}

func goZeroField(d time.Duration) string {
	if d == gozero.Never {
		return "(unchanged)"
	}
	return d.String()
}
