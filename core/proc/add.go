package proc

import (
	"context"
	"fmt"

	"github.com/zeromicro/go-zero/core/logx"
)

// AddHook adds fn, named name, to phase. name must be unique within the phase:
// it names the hook in logs, metrics and the force-quit report.
//
// AddHook returns an error, and adds nothing, if name is empty or taken, fn is
// nil, an option is invalid, or the shutdown has already begun the phase (the
// hook would never run). It is safe to call concurrently, also from hooks.
func (r *Registry) AddHook(phase Phase, name string, fn HookFunc, opts ...HookOption) error {
	h, err := newHook(phase, name, fn, opts)
	if err != nil {
		return err
	}
	r.listen()

	r.mu.Lock()
	defer r.mu.Unlock()
	if r.taken[phase] {
		return fmt.Errorf("proc: add %s hook %q in state %s: %w", phase, name, r.state, ErrTooLate)
	}
	if _, ok := r.names[phase][name]; ok {
		return fmt.Errorf("proc: add %s hook %q: %w", phase, name, ErrDuplicateHook)
	}
	if r.names[phase] == nil {
		r.names[phase] = make(map[string]struct{})
	}
	r.names[phase][name] = struct{}{}
	r.addLocked(h)
	return nil
}

// AddWrapUpHook adds fn to [PhaseWrapUp]; see [Registry.AddHook].
func (r *Registry) AddWrapUpHook(name string, fn HookFunc, opts ...HookOption) error {
	return r.AddHook(PhaseWrapUp, name, fn, opts...)
}

// AddDrainHook adds fn to [PhaseDrain]; see [Registry.AddHook]. Servers add
// their drain step here; a Registry with a drain hook keeps serving through
// the propagation delay (WrapUpTime) before the drain phase.
func (r *Registry) AddDrainHook(name string, fn HookFunc, opts ...HookOption) error {
	return r.AddHook(PhaseDrain, name, fn, opts...)
}

// AddShutdownHook adds fn to [PhaseShutdown]; see [Registry.AddHook].
// Shutdown hooks run one at a time in reverse order of registration, after
// the servers have drained.
func (r *Registry) AddShutdownHook(name string, fn HookFunc, opts ...HookOption) error {
	return r.AddHook(PhaseShutdown, name, fn, opts...)
}

// AddWrapUpListener adds fn to the wrap-up phase, as go-zero's
// proc.AddWrapUpListener does; the hook is named after fn's function. Unlike
// go-zero's, the returned waitForCalled waits until this fn has returned, not
// the whole phase, and the phase is awaited before the servers drain.
//
// A nil fn is logged and ignored. If the wrap-up phase has already begun, fn
// runs at once in the caller's goroutine, so it is never dropped.
func (r *Registry) AddWrapUpListener(fn func()) (waitForCalled func()) {
	return r.addListener(PhaseWrapUp, fn)
}

// AddShutdownListener adds fn to the shutdown phase, as go-zero's
// proc.AddShutdownListener does; the hook is named after fn's function. It
// runs after the servers have drained, in reverse order of registration. The
// returned waitForCalled waits until this fn has returned.
//
// A nil fn is logged and ignored. If the shutdown phase has already begun, fn
// runs at once in the caller's goroutine, so it is never dropped.
func (r *Registry) AddShutdownListener(fn func()) (waitForCalled func()) {
	return r.addListener(PhaseShutdown, fn)
}

func (r *Registry) addListener(phase Phase, fn func()) func() {
	if fn == nil {
		logx.Errorf("proc: nil %s listener ignored", phase)
		return func() {}
	}
	h := listenerHook(phase, listenerSite(), fn)
	r.listen()

	r.mu.Lock()
	late := r.taken[phase]
	if !late {
		r.addLocked(h)
	}
	r.mu.Unlock()

	if late {
		logx.Errorf("proc: %s listener %s added after its phase began, running it now", phase, h.name)
		r.report(h, r.exec(context.Background(), h), nil)
	}
	return func() { <-h.called }
}

// addLocked appends h to its phase. r.mu must be held.
func (r *Registry) addLocked(h *hook) {
	r.pending[h.phase] = append(r.pending[h.phase], h)
	if h.phase == PhaseDrain && !h.internal {
		r.servers = append(r.servers, h.safe)
	}
}

// WrapUp runs the wrap-up hooks added since the last call and waits for them,
// as go-zero's test helper proc.WrapUp does: a second call runs nothing new;
// hooks added later run on a later call. It does not start the shutdown
// sequence; tests use it to exercise hooks.
func (r *Registry) WrapUp() {
	r.runPhase(context.Background(), PhaseWrapUp, r.take(PhaseWrapUp, false))
}

// Shutdown runs the drain hooks then the shutdown hooks added since the last
// call and waits for them, as go-zero's test helper proc.Shutdown does (go-zero
// stops its servers in its shutdown phase). It does not start the shutdown
// sequence; use [Registry.Terminate] for that.
func (r *Registry) Shutdown() {
	ctx := context.Background()
	r.runPhase(ctx, PhaseDrain, r.take(PhaseDrain, false))
	r.runPhase(ctx, PhaseShutdown, r.take(PhaseShutdown, false))
}

// take removes and returns the pending hooks of phase; with final, later
// AddHook calls for the phase fail and later listeners run at once.
func (r *Registry) take(phase Phase, final bool) []*hook {
	r.mu.Lock()
	defer r.mu.Unlock()

	hooks := r.pending[phase]
	r.pending[phase] = nil
	if final {
		r.taken[phase] = true
	}
	return hooks
}
