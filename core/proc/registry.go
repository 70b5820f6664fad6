package proc

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
)

// A Registry owns one shutdown sequence: the hooks of each phase, the trigger
// (a signal or [Registry.Terminate]), the deadline and the force quit. The
// package functions use [DefaultRegistry]; tests and libraries can run
// isolated lifecycles with their own Registry.
//
// A Registry is safe for concurrent use. It runs its sequence once and cannot
// be restarted.
type Registry struct {
	opts     options
	ctx      context.Context // cancelled at t0
	cancel   context.CancelFunc
	draining chan struct{} // closed when the drain phase begins
	finished chan struct{} // closed when the sequence is done
	listen   func()        // starts signal handling and the go-zero bridge, once

	mu          sync.Mutex // guards following
	observers   []Observer
	conf        ShutdownConf
	confSet     bool // conf was given: a different one is refused
	state       State
	t0          time.Time
	reason      error        // non-nil when Terminate asked for a fatal stop
	late        []error      // fatal reasons given to Terminate during the shutdown
	handedOver  bool         // HandOver started the sequence: no propagation delay
	goZeroAsked []goZeroConf // confs go-zero's Setup was given, for the log at t0
	inFlight    map[int]tracked
	nextTrack   int
	works       map[string]*Work // see work.go
	pending     [numPhases][]*hook
	taken       [numPhases]bool // the sequence has taken the phase's hooks
	names       [numPhases]map[string]struct{}
	servers     []<-chan struct{} // the safe channel of each server's drain hook, nil if none
	running     map[*hook]runningHook
	gaveUp      bool               // the sequence cut work or abandoned a hook
	queued      map[*hook]struct{} // taken by the sequence, not started yet
	result      error
}

type runningHook struct {
	label string // the value of hookLabel on the hook's goroutine
	start time.Time
}

// NewRegistry returns a Registry configured by c, whose zero fields take
// go-zero's defaults (WrapUpTime 1s, WaitTime 5.5s). It starts nothing: signal
// handling, if configured, starts at the Registry's first use.
func NewRegistry(c ShutdownConf, opts ...Option) (*Registry, error) {
	conf, err := ShutdownConf{WrapUpTime: defaultWrapUpTime, WaitTime: defaultWaitTime}.merge(c)
	if err != nil {
		return nil, err
	}
	r := &Registry{
		opts:     newOptions(opts),
		draining: make(chan struct{}),
		finished: make(chan struct{}),
		conf:     conf,
		confSet:  c != ShutdownConf{},
		running:  make(map[*hook]runningHook),
		queued:   make(map[*hook]struct{}),
		inFlight: make(map[int]tracked),
	}
	r.observers = r.opts.observers
	r.ctx, r.cancel = context.WithCancel(context.Background())
	r.listen = sync.OnceFunc(r.start)
	return r, nil
}

// MustNewRegistry is like NewRegistry but exits on a bad conf.
func MustNewRegistry(c ShutdownConf, opts ...Option) *Registry {
	r, err := NewRegistry(c, opts...)
	logx.Must(err)
	return r
}

// Setup applies the positive fields of c, as go-zero's proc.Setup does. A
// process has one shutdown conf: the first Setup (or a conf given to
// NewRegistry) fixes it, and a later Setup that would change it is refused
// with an error wrapping [ErrConfConflict] that names both; one that repeats
// it is fine. So a conf that a server validated is never changed under it.
// Setup also returns an error, and changes nothing, if a field is negative or
// if WrapUpTime would not be less than WaitTime.
func (r *Registry) Setup(c ShutdownConf) error {
	r.mu.Lock()
	defer r.mu.Unlock()

	conf, err := r.conf.merge(c)
	if err != nil {
		return err
	}
	if r.confSet && conf != r.conf {
		return fmt.Errorf("%w: %s asked for, %s in force", ErrConfConflict, conf, r.conf)
	}
	r.conf, r.confSet = conf, true
	return nil
}

// SetTimeToForceQuit sets WaitTime, the time from the signal to the force quit.
func (r *Registry) SetTimeToForceQuit(d time.Duration) error {
	if d <= 0 {
		return fmt.Errorf("%w: WaitTime %v must be positive", ErrBadConf, d)
	}
	return r.Setup(ShutdownConf{WaitTime: d})
}

// Conf returns the configuration in force.
func (r *Registry) Conf() ShutdownConf {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.conf
}

// State returns where the Registry is in its lifecycle.
func (r *Registry) State() State {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state
}

// Done returns a channel that is closed when the shutdown begins (t0), as
// go-zero's proc.Done does.
func (r *Registry) Done() <-chan struct{} {
	r.listen()
	return r.ctx.Done()
}

// Context returns a context that is cancelled when the shutdown begins (t0).
// Background work can derive from it to stop with the process.
func (r *Registry) Context() context.Context {
	r.listen()
	return r.ctx
}

// Draining returns a channel that is closed when the drain phase begins:
// long-lived handlers (streams, SSE) select on it to end cleanly before the
// drain deadline.
func (r *Registry) Draining() <-chan struct{} {
	r.listen()
	return r.draining
}

// Finished returns a channel that is closed when the whole sequence is done.
func (r *Registry) Finished() <-chan struct{} {
	return r.finished
}

// Wait blocks until the shutdown sequence, started by a signal or by
// [Registry.Terminate], is done. It returns nil if every hook ended ok;
// otherwise it returns the joined [*HookError]s, and the reason given to
// Terminate, if any. Wait may be called any number of times, concurrently.
func (r *Registry) Wait() error {
	r.listen()
	<-r.finished

	r.mu.Lock()
	defer r.mu.Unlock()
	return r.result
}

// setState moves to s and tells the observers.
func (r *Registry) setState(s State) {
	r.mu.Lock()
	r.state = s
	r.mu.Unlock()
	r.observe(func(o Observer) { o.StateChanged(s, time.Now()) })
}

// AddObserver makes r report every later transition to obs; see
// [WithObserver]. It lets metrics and reports follow [DefaultRegistry].
func (r *Registry) AddObserver(obs Observer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.observers = append(slices.Clip(r.observers), obs)
}

func (r *Registry) observe(fn func(Observer)) {
	r.mu.Lock()
	observers := r.observers
	r.mu.Unlock()
	for _, o := range observers {
		fn(o)
	}
}
