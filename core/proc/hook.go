package proc

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync/atomic"
	"time"
)

var (
	// ErrNilHook is returned when a hook function is nil.
	ErrNilHook = errors.New("proc: nil hook")
	// ErrNoName is returned when a named hook has an empty name.
	ErrNoName = errors.New("proc: hook has no name")
	// ErrDuplicateHook is returned when a phase already has a hook of that name.
	ErrDuplicateHook = errors.New("proc: duplicate hook name")
	// ErrBadHook is wrapped by the errors that report an invalid option or phase.
	ErrBadHook = errors.New("proc: invalid hook")
	// ErrTooLate is returned when a hook is added after its phase has begun:
	// it would never run.
	ErrTooLate = errors.New("proc: phase has already begun")
)

type (
	// A HookFunc is a step of the shutdown. ctx expires at the hook's own
	// timeout or at the force-quit deadline, whichever comes first; a HookFunc
	// should return soon after ctx is done. A returned error is logged and
	// reported by [Registry.Wait]; the next hooks still run.
	HookFunc func(ctx context.Context) error

	// A HookOption configures a hook.
	HookOption func(*hook)

	// An Outcome is how a hook ended.
	Outcome int

	// A HookError reports a hook that did not end with [OutcomeOK].
	HookError struct {
		// Name is the hook's name.
		Name string
		// Phase is the phase the hook ran in.
		Phase Phase
		// Outcome is how the hook ended.
		Outcome Outcome
		// Err is the error the hook returned, its panic value, or the
		// context error for a timeout.
		Err error
	}

	hook struct {
		name     string
		phase    Phase
		fn       HookFunc
		timeout  time.Duration
		order    int
		internal bool            // go-zero bridge: not a server, no propagation delay
		safe     <-chan struct{} // a server's drain hook: closed when it may drain early
		called   chan struct{}   // closed when fn has returned
		label    string          // the hookLabel value of the goroutine running fn
		labels   context.Context // carries the label, for pprof.SetGoroutineLabels
	}
)

const (
	// OutcomeOK means the hook returned nil.
	OutcomeOK Outcome = iota
	// OutcomeError means the hook returned an error.
	OutcomeError
	// OutcomePanic means the hook panicked; the panic was recovered.
	OutcomePanic
	// OutcomeTimeout means the hook's context expired before it returned;
	// the hook was left running and the sequence went on.
	OutcomeTimeout
)

// String returns the outcome name used in logs and metrics.
func (o Outcome) String() string {
	switch o {
	case OutcomeOK:
		return "ok"
	case OutcomeError:
		return "error"
	case OutcomePanic:
		return "panic"
	case OutcomeTimeout:
		return "timeout"
	default:
		return fmt.Sprintf("Outcome(%d)", int(o))
	}
}

// Error implements error.
func (e *HookError) Error() string {
	return fmt.Sprintf("proc: %s hook %q: %s: %v", e.Phase, e.Name, e.Outcome, e.Err)
}

// Unwrap returns the hook's error.
func (e *HookError) Unwrap() error {
	return e.Err
}

// WithTimeout bounds the hook: its context expires d after it starts, and the
// sequence goes on without it then. A zero d means the hook is bounded only by
// the force-quit deadline. A negative d is an error at registration.
func WithTimeout(d time.Duration) HookOption {
	return func(h *hook) {
		h.timeout = d
	}
}

// WithOrder places the hook among the hooks of its phase: hooks run in groups
// of ascending order, each group awaited before the next starts. The default is
// 0; use a negative order to run before the others and a positive one to run
// after them. Within a group the phase's own rule applies (concurrent for
// wrap-up and drain, reverse registration order for shutdown).
func WithOrder(order int) HookOption {
	return func(h *hook) {
		h.order = order
	}
}

// WithSafeToDrain is for the drain hook of a server: safe is closed once the
// server has nothing left to wait for in the propagation delay, e.g. it is
// gone from its registry and no client is connected any more. The delay then
// ends as soon as the safe channels of all servers are closed, and at
// WrapUpTime at the latest. A server whose drain hook has no safe channel
// keeps the whole delay, as a server behind a load balancer must: it cannot
// know when the balancer has stopped sending. It is an error on a hook of
// another phase.
func WithSafeToDrain(safe <-chan struct{}) HookOption {
	return func(h *hook) {
		h.safe = safe
	}
}

func newHook(phase Phase, name string, fn HookFunc, opts []HookOption) (*hook, error) {
	if !phase.valid() {
		return nil, fmt.Errorf("%w: add hook %q: unknown %v", ErrBadHook, name, phase)
	}
	if name == "" {
		return nil, ErrNoName
	}
	if fn == nil {
		return nil, fmt.Errorf("proc: add %s hook %q: %w", phase, name, ErrNilHook)
	}
	h := initHook(&hook{name: name, phase: phase, fn: fn})
	for _, opt := range opts {
		opt(h)
	}
	if h.timeout < 0 {
		return nil, fmt.Errorf("%w: add %s hook %q: negative timeout %v", ErrBadHook, phase, name, h.timeout)
	}
	if h.safe != nil && phase != PhaseDrain {
		return nil, fmt.Errorf("%w: add %s hook %q: WithSafeToDrain is for drain hooks", ErrBadHook, phase, name)
	}
	return h, nil
}

// hookSeq numbers the hooks of the process, for their profiler labels.
var hookSeq atomic.Uint64

// initHook readies h to run: its called channel, and the profiler label that
// lets the force quit find the goroutine running it. The label is made here,
// at registration, to keep the shutdown path free of allocations.
func initHook(h *hook) *hook {
	h.called = make(chan struct{})
	h.label = strconv.FormatUint(hookSeq.Add(1), 10)
	h.labels = pprof.WithLabels(context.Background(), pprof.Labels(hookLabel, h.label))
	return h
}

// listenerHook wraps a go-zero style listener, naming it after site, where it
// was added.
func listenerHook(phase Phase, site string, fn func()) *hook {
	return initHook(&hook{
		name:  site,
		phase: phase,
		fn: func(context.Context) error {
			fn()
			return nil
		},
	})
}

// funcName returns the qualified name of fn, e.g. "main.main.func2".
func funcName(fn any) string {
	if f := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()); f != nil {
		return f.Name()
	}
	return "unknown"
}
