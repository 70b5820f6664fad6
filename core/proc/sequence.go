package proc

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/zerodown/zerodown/internal/gozero"
	"github.com/zeromicro/go-zero/core/logx"
)

const (
	// ExitCodeForceQuit is the exit code when the shutdown is not done by
	// WaitTime, as timeout(1) exits.
	ExitCodeForceQuit = 124
	// ExitCodeFatal is the exit code after a shutdown that [Registry.Terminate]
	// started with a non-nil reason.
	ExitCodeFatal = 1
)

// Terminate starts the shutdown sequence, as a signal does, and returns at
// once; [Registry.Wait] awaits it. A non-nil reason, whatever its message, is
// a fatal error: it is logged, and the process exits with [ExitCodeFatal]
// once the sequence is done, before Wait returns (so a main that returns from
// Wait cannot exit 0); with [WithExit], Wait then returns the reason. A
// non-nil reason given while the sequence runs is logged and joins Wait's
// result, and the exit is fatal too; a nil one then does nothing.
func (r *Registry) Terminate(reason error) {
	r.listen()
	msg := "Terminate called, shutting down..."
	if reason != nil {
		msg = "Terminate called: " + reasonText(reason) + ", shutting down..."
	}
	if !r.trigger("Terminate", msg, reason) && reason != nil {
		r.terminateLate(reason)
	}
}

// terminateLate records a fatal reason given once the sequence has begun.
func (r *Registry) terminateLate(reason error) {
	r.mu.Lock()
	state := r.state
	if state != StateStopped {
		r.late = append(r.late, reason)
	}
	r.mu.Unlock()
	if state == StateStopped {
		logx.Errorf("Terminate called after the shutdown was done: %s; ignored", reasonText(reason))
		return
	}
	logx.Errorf("Terminate called during the shutdown (state %s): %s; the shutdown goes on and fails",
		state, reasonText(reason))
	r.budgeted(func(b BudgetObserver) { b.LateReason(reason) })
}

// reasonText returns reason's message, or says it has none.
func reasonText(reason error) string {
	if msg := reason.Error(); msg != "" {
		return msg
	}
	return fmt.Sprintf("%T with an empty message", reason)
}

// trigger begins the sequence, unless it has begun, and reports whether it
// did; by names what started it, for the observers.
func (r *Registry) trigger(by, msg string, reason error) bool {
	r.mu.Lock()
	if r.state != StateServing {
		r.mu.Unlock()
		return false
	}
	r.state = StateWrappingUp
	r.t0 = time.Now()
	r.reason = reason
	conf := r.conf
	if r.handedOver {
		conf.WrapUpTime = 0 // the successor holds the sockets: nobody needs to let go
	}
	r.mu.Unlock()

	logx.Infof("%s (propagation delay %v, force quit at %v)", msg, conf.WrapUpTime, conf.WaitTime)
	if r.opts.goZero {
		r.goZeroAtStart(conf)
	}
	r.observe(func(o Observer) {
		if t, ok := o.(TriggerObserver); ok {
			t.Triggered(by, reason)
		}
	})
	r.cancel()
	go r.run(conf)
	return true
}

// run is the whole sequence; it owns the force-quit timer.
func (r *Registry) run(conf ShutdownConf) {
	t0 := r.startTime()
	r.observe(func(o Observer) { o.StateChanged(StateWrappingUp, t0) })
	ctx, cancel := context.WithDeadline(context.Background(), t0.Add(conf.WaitTime))
	defer cancel()
	forceQuit := sync.OnceFunc(func() { r.forceQuit(conf.WaitTime) })
	timer := time.AfterFunc(conf.WaitTime, forceQuit)
	if !r.opts.osSignals {
		// With the OS's signals, the timer also ends a program that is still
		// running at WaitTime after the sequence, as go-zero's self-kill did.
		defer timer.Stop()
	}

	// The budget: wrap-up, delay and drain end by drainEnd, whatever they
	// were configured to; the shutdown hooks keep the reserve after it.
	drainEnd := t0.Add(conf.DrainEnd())
	bctx, bcancel := context.WithDeadline(ctx, drainEnd)
	defer bcancel()
	r.budget(PhaseWrapUp.String(), conf.DrainEnd())
	errs := r.phase(bctx, PhaseWrapUp)
	r.setState(StateDelaying)
	delayEnd := t0.Add(min(conf.WrapUpTime, conf.DrainEnd()))
	r.budget(StateDelaying.Step(), delayEnd.Sub(t0))
	r.delay(bctx, delayEnd)
	r.setState(StateDraining)
	close(r.draining)
	r.budget(PhaseDrain.String(), conf.DrainEnd())
	errs = append(errs, r.phase(bctx, PhaseDrain)...)
	if !r.settle(bctx, false) {
		r.cutInFlight()
	}
	r.setState(StateShuttingDown)
	r.budget(PhaseShutdown.String(), conf.WaitTime)
	// Work outside requests (a GoSafe write after its 200, a consumer's
	// handler) has told its client "ok" already: it cannot be cut, so the
	// shutdown hooks wait for it, up to WaitTime, reserve included.
	if r.settleWorks(ctx) {
		errs = append(errs, r.phase(ctx, PhaseShutdown)...)
		// Work that a shutdown hook started (an asynchronous flush) is
		// awaited too, up to WaitTime: the sequence's end lets main return.
		r.settleWorks(ctx)
	}
	r.mu.Lock()
	gaveUp := r.gaveUp
	r.mu.Unlock()
	// A Registry that owns the process's exit waits for what it gave up on:
	// it exits 124 naming it if it still runs at WaitTime. Others return.
	owner := r.opts.osSignals || r.opts.exitSet
	forced := gaveUp && owner && !r.awaitLeftovers(ctx) || expired(ctx)
	if forced {
		// What was abandoned or cut still runs at WaitTime, or the deadline
		// passed: the process must not end as if all went well. The timer
		// may not have fired yet.
		forceQuit()
	}

	r.mu.Lock()
	reason := r.reason
	if reason != nil {
		errs = append([]error{reason}, errs...)
	}
	if len(r.late) > 0 {
		errs = append(errs, r.late...)
		reason = errors.Join(append([]error{reason}, r.late...)...)
	}
	r.result = errors.Join(errs...)
	r.mu.Unlock()
	r.setState(StateStopped)

	log := logx.WithDuration(time.Since(t0))
	if len(errs) == 0 {
		log.Info("Shutdown done")
	} else {
		log.Errorf("Shutdown done with %d errors", len(errs))
	}
	switch {
	case reason != nil:
		// Exit before Wait returns: a main that returns first would exit 0.
		r.opts.exit(ExitCodeFatal)
	case gaveUp && !forced && owner:
		logx.Errorf("proc: the shutdown cut work or abandoned a hook, exit %d", ExitCodeIncomplete)
		r.opts.exit(ExitCodeIncomplete)
	}
	close(r.finished)
}

func (r *Registry) startTime() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.t0
}

// phase runs the hooks of p, logging the phase with its duration.
func (r *Registry) phase(ctx context.Context, p Phase) []error {
	start := time.Now()
	errs := r.runPhase(ctx, p, r.take(p, true))
	logx.WithDuration(time.Since(start)).Infof("proc: %s phase done", p)
	return errs
}

// delay keeps the servers serving until end, so that clients, load balancers
// and registry watchers learn of the shutdown. It waits only if a server has
// added a drain hook or go-zero's own servers serve (with the bridge), never
// past ctx's deadline, and ends early once every server has said it is safe
// to drain (see [WithSafeToDrain]); go-zero's servers never say so.
func (r *Registry) delay(ctx context.Context, end time.Time) {
	r.mu.Lock()
	servers := r.servers
	r.mu.Unlock()
	d := time.Until(end)
	if d <= 0 {
		return
	}
	if r.opts.goZero && gozero.ServersRunning() {
		// go-zero's own servers stop in go-zero's shutdown listeners: they
		// keep the whole delay, as go-zero gives them.
		logx.Info("proc: go-zero servers are serving: they keep the whole propagation delay")
		servers = append(slices.Clip(servers), nil)
	}
	if len(servers) == 0 {
		return
	}
	start := time.Now()
	timer := time.NewTimer(d)
	defer timer.Stop()
	for _, safe := range servers {
		select {
		case <-safe: // a nil channel: this server keeps the whole delay
		case <-timer.C:
			logx.WithDuration(time.Since(start)).Info("proc: propagation delay done")
			return
		case <-ctx.Done():
			return
		}
	}
	logx.WithDuration(time.Since(start)).Info("proc: propagation delay ended early: every server is safe to drain")
}
