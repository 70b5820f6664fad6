package proc

import (
	"context"
	"errors"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
)

// ExitCodeIncomplete is the exit code of a shutdown that was done before
// WaitTime but had to give something up on the way: a request or stream
// cut at the drain's end, or a hook abandoned past its timeout. The
// shutdown hooks ran, so nothing acknowledged was lost; what was cut got an
// error, never a success. (124 is for a shutdown that WaitTime ended, 1 for
// a fatal reason given to Terminate, which wins over this code.)
const ExitCodeIncomplete = 3

// ErrCut is wrapped by the errors of drain hooks that cut work at their
// bound (closed connections, streams ended with Unavailable): the shutdown
// then exits with [ExitCodeIncomplete], or 124 if the cut work still runs at
// WaitTime.
var ErrCut = errors.New("proc: in-flight work cut at the drain's end")

// A BudgetObserver is an Observer that also learns how the budget inside
// WaitTime was spent: what each step was given, what was cut or abandoned,
// which hooks never ran, and the fatal reasons given during the shutdown.
// A Registry checks each Observer for it; its methods must not block.
type BudgetObserver interface {
	Observer
	// Budget reports, at its start, the time after the signal by which
	// step ("wrap-up", "delay", "drain" or "shutdown") must end.
	Budget(step string, end time.Duration)
	// Cut reports what was still in flight at the drain's end, e.g.
	// "rest 127.0.0.1:8080 requests: 2", and its count: their clients got
	// an error (connection closed, stream ended with Unavailable).
	Cut(detail string, n int64)
	// Abandoned reports a hook left running past its bound; the sequence
	// went on without it.
	Abandoned(phase Phase, name string)
	// Skipped reports hooks that never started: WaitTime passed first.
	Skipped(phase Phase, names []string)
	// LateReason reports a fatal reason given to Terminate while the
	// sequence ran: the shutdown fails with it.
	LateReason(reason error)
}

// budgeted calls fn for every BudgetObserver of r.
func (r *Registry) budgeted(fn func(BudgetObserver)) {
	r.observe(func(o Observer) {
		if b, ok := o.(BudgetObserver); ok {
			fn(b)
		}
	})
}

// budget tells the observers the end of step, as an offset from t0.
func (r *Registry) budget(step string, end time.Duration) {
	logx.Debugf("proc: %s ends by %v after the signal", step, end)
	r.budgeted(func(b BudgetObserver) { b.Budget(step, end) })
}

// abandon records h as left running past its bound.
func (r *Registry) abandon(h *hook) {
	r.mu.Lock()
	r.gaveUp = true
	r.mu.Unlock()
	logx.Errorf("proc: %s hook %q abandoned past its bound, still running; the sequence goes on without it",
		h.phase, h.name)
	r.budgeted(func(b BudgetObserver) { b.Abandoned(h.phase, h.name) })
}

// skip records hooks that never started.
func (r *Registry) skip(phase Phase, hooks []*hook) {
	if len(hooks) == 0 {
		return
	}
	names := make([]string, len(hooks))
	for i, h := range hooks {
		names[i] = h.name
	}
	logx.Errorf("proc: deadline passed, %d %s hooks never started: %q", len(hooks), phase, names)
	r.budgeted(func(b BudgetObserver) { b.Skipped(phase, names) })
}

// cutInFlight is called at the drain's end: what is still in flight then
// was cut by the servers' drains (their connections closed, their streams
// ended), so its clients have their error, and the shutdown hooks may run.
func (r *Registry) cutInFlight() {
	n, detail := r.inFlightNow()
	if n == 0 {
		return
	}
	r.mu.Lock()
	r.gaveUp = true
	r.mu.Unlock()
	logx.Errorf("proc: drain's end: %d still in flight (%s), cut: their clients got an error; "+
		"the shutdown hooks run in their reserve", n, detail)
	r.budgeted(func(b BudgetObserver) { b.Cut(detail, n) })
}

// noteCut records a drain hook that says it cut work.
func (r *Registry) noteCut(err error) {
	if errors.Is(err, ErrCut) {
		r.mu.Lock()
		r.gaveUp = true
		r.mu.Unlock()
	}
}

// awaitLeftovers waits, after the sequence gave something up, until every
// abandoned hook has returned and nothing is in flight, or until ctx (the
// force-quit deadline) ends: it reports whether they all returned.
func (r *Registry) awaitLeftovers(ctx context.Context) bool {
	return r.settle(ctx, true)
}

// bridgeBound returns the bound of go-zero's shutdown listeners, run as one
// hook, after the drain cut work: half of the reserve. go-zero's own server
// listeners (zrpc's GracefulStop) then wait for the cut handlers, which may
// never return; the flushes among those listeners run at the same time and
// are quick, and the closes after them must still run. Zero means no bound
// but the hook's own.
func (r *Registry) bridgeBound(h *hook) time.Duration {
	if !h.internal || h.phase != PhaseShutdown {
		return 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.gaveUp {
		return 0
	}
	return r.conf.Reserve() / 2
}
