package proc

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
)

type (
	// result is how one run of a hook ended, and how long it ran: until it
	// returned, or until it was given up on.
	result struct {
		outcome Outcome
		err     error
		d       time.Duration
	}

	// job is a hook handed to a serial worker.
	job struct {
		ctx context.Context
		h   *hook
		res chan result // size 1: the worker never blocks on an abandoned job
	}
)

// runPhase runs hooks, all of phase, in groups of ascending order, and returns
// the errors of those that did not end ok. Once ctx's deadline has passed, no
// further hook starts, but for the drain hooks: each starts even then, with
// its context done, so that its server stops accepting at once and cuts what
// it has in flight. A hook past its bound is abandoned: left running, named,
// and the next group (or the next hook of a serial phase) starts.
func (r *Registry) runPhase(ctx context.Context, phase Phase, hooks []*hook) []error {
	if len(hooks) == 0 {
		return nil
	}
	if !phase.concurrent() {
		slices.Reverse(hooks)
	}
	slices.SortStableFunc(hooks, func(a, b *hook) int { return a.order - b.order })
	r.queue(hooks)

	var errs []error
	for len(hooks) > 0 {
		if phase != PhaseDrain && expired(ctx) {
			r.skip(phase, hooks)
			break
		}
		n := 1
		for n < len(hooks) && hooks[n].order == hooks[0].order {
			n++
		}
		if phase.concurrent() {
			errs = r.runConcurrent(ctx, hooks[:n], errs)
		} else {
			var done int
			errs, done = r.runSerial(ctx, hooks[:n], errs)
			if done < n {
				r.skip(phase, hooks[done:n])
				r.skip(phase, hooks[n:])
				break
			}
		}
		hooks = hooks[n:]
	}
	return errs
}

// runConcurrent starts every hook in its own goroutine and awaits each within
// its own bound.
func (r *Registry) runConcurrent(ctx context.Context, hooks []*hook, errs []error) []error {
	type started struct {
		ctx    context.Context
		cancel context.CancelFunc
		res    chan result
	}
	runs := make([]started, len(hooks))
	began := time.Now()
	for i, h := range hooks {
		hctx, cancel := hookContext(ctx, h)
		res := make(chan result, 1)
		runs[i] = started{hctx, cancel, res}
		go func() { res <- r.exec(hctx, h) }()
	}
	for i, h := range hooks {
		res, returned := await(runs[i].ctx, runs[i].res, began)
		runs[i].cancel()
		errs = r.report(h, res, errs)
		if !returned {
			r.abandon(h)
		}
	}
	return errs
}

// runSerial runs hooks one after another on a worker goroutine, and returns
// how many it started. A hook that overruns its bound is reported as timed
// out and abandoned to its worker: the next hook starts at once, on a new
// worker, and never past ctx's deadline.
func (r *Registry) runSerial(ctx context.Context, hooks []*hook, errs []error) ([]error, int) {
	var jobs chan job
	defer func() {
		if jobs != nil {
			close(jobs)
		}
	}()
	for i, h := range hooks {
		if expired(ctx) {
			return errs, i
		}
		if jobs == nil {
			jobs = make(chan job)
			go r.work(jobs)
		}
		hctx, cancel := hookContext(ctx, h)
		if bound := r.bridgeBound(h); bound > 0 {
			cancel()
			hctx, cancel = context.WithTimeout(ctx, bound)
		}
		res := make(chan result, 1)
		began := time.Now()
		jobs <- job{hctx, h, res}
		out, returned := await(hctx, res, began)
		cancel()
		errs = r.report(h, out, errs)
		if !returned {
			close(jobs) // the worker exits once the abandoned hook returns
			jobs = nil
			r.abandon(h)
		}
	}
	return errs, len(hooks)
}

// expired reports whether ctx has ended or its deadline has passed, which
// ctx's own timer may not have marked yet.
func expired(ctx context.Context) bool {
	if ctx.Err() != nil {
		return true
	}
	deadline, ok := ctx.Deadline()
	return ok && !time.Now().Before(deadline)
}

func (r *Registry) work(jobs <-chan job) {
	for j := range jobs {
		j.res <- r.exec(j.ctx, j.h)
	}
}

// await returns the hook's result, or a timeout if ctx ends first; a result
// that is ready within abandonGrace of ctx's end wins. returned reports whether the hook returned.
// began is when the hook started.
func await(ctx context.Context, res <-chan result, began time.Time) (out result, returned bool) {
	select {
	case out = <-res:
		return out, true
	case <-ctx.Done():
		// A hook that honours ctx returns right after it ends: give it
		// abandonGrace before abandoning it.
		d := time.Since(began) // it ran until its bound
		grace := time.NewTimer(abandonGrace)
		defer grace.Stop()
		select {
		case out = <-res:
			return out, true
		case <-grace.C:
			return result{OutcomeTimeout, ctx.Err(), d}, false
		}
	}
}

// abandonGrace is how long a hook whose context has ended may take to return
// before it is abandoned.
const abandonGrace = 20 * time.Millisecond

func hookContext(ctx context.Context, h *hook) (context.Context, context.CancelFunc) {
	if h.timeout > 0 {
		return context.WithTimeout(ctx, h.timeout)
	}
	return ctx, func() {}
}

// exec calls the hook's function on the calling goroutine, recovering a
// panic, and marks the hook called when the function returns. While the
// function runs, the goroutine carries the hook's profiler label, which lets
// the force quit find its stack (reading a goroutine ID instead would cost
// microseconds per hook). Only the goroutines of a Registry run hooks, but for
// a listener added too late, which runs on its caller's goroutine and leaves
// it without labels.
func (r *Registry) exec(ctx context.Context, h *hook) (res result) {
	start := time.Now()
	r.mu.Lock()
	r.running[h] = runningHook{label: h.label, start: start}
	delete(r.queued, h)
	r.mu.Unlock()
	logx.Debugf("proc: %s hook %q started", h.phase, h.name)
	r.observe(func(o Observer) { o.HookStarted(h.phase, h.name, start) })

	defer func() {
		res.d = time.Since(start)
		r.mu.Lock()
		delete(r.running, h)
		r.mu.Unlock()
		close(h.called)
	}()
	defer func() {
		if p := recover(); p != nil {
			res = result{outcome: OutcomePanic, err: fmt.Errorf("panic: %v\n%s", p, debug.Stack())}
		}
	}()

	pprof.SetGoroutineLabels(h.labels)
	defer pprof.SetGoroutineLabels(context.Background())
	err := h.fn(ctx)
	switch {
	case err == nil:
		return result{outcome: OutcomeOK}
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		return result{outcome: OutcomeTimeout, err: err}
	default:
		return result{outcome: OutcomeError, err: err}
	}
}

// report logs how h ended and how long it ran, tells the observers, and
// collects its error.
func (r *Registry) report(h *hook, res result, errs []error) []error {
	d := res.d
	r.observe(func(o Observer) { o.HookEnded(h.phase, h.name, res.outcome, d, res.err) })
	log := logx.WithDuration(d)
	if res.outcome == OutcomeOK {
		log.Infof("proc: %s hook %q ok", h.phase, h.name)
		return errs
	}
	log.Errorf("proc: %s hook %q %s: %v", h.phase, h.name, res.outcome, res.err)
	if h.phase == PhaseDrain {
		r.noteCut(res.err)
	}
	return append(errs, &HookError{Name: h.name, Phase: h.phase, Outcome: res.outcome, Err: res.err})
}

// queue records hooks as taken by the sequence and not started yet, for the
// force quit to name those that never ran.
func (r *Registry) queue(hooks []*hook) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, h := range hooks {
		r.queued[h] = struct{}{}
	}
}
