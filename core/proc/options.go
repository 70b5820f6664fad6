package proc

import (
	"os"

	"github.com/zeromicro/go-zero/core/logx"
)

type (
	// An Option configures a Registry.
	Option func(*options)

	options struct {
		exit      func(code int)
		exitSet   bool             // WithExit was given
		signals   <-chan os.Signal // injected signals; nil means none unless osSignals
		osSignals bool
		goZero    bool
		observers []Observer
	}
)

// defaultExit flushes the logs and exits the process.
func defaultExit(code int) {
	_ = logx.Close()
	os.Exit(code)
}

func newOptions(opts []Option) options {
	o := options{exit: defaultExit}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// WithExit replaces os.Exit, which the Registry calls at the force quit, on a
// second signal and after a [Registry.Terminate] with a non-nil reason. With
// it (or [WithOSSignals]) a Registry also exits with [ExitCodeIncomplete]
// after a sequence that cut work or abandoned a hook. Tests use it to
// observe exit codes without exiting.
func WithExit(exit func(code int)) Option {
	return func(o *options) {
		o.exit, o.exitSet = exit, true
	}
}

// WithSignals makes the Registry read signals from ch instead of the operating
// system: the first one starts the shutdown, a second one exits at once with
// code 128+signal. Tests send syscall.SIGTERM on ch.
func WithSignals(ch <-chan os.Signal) Option {
	return func(o *options) {
		o.signals = ch
	}
}

// WithOSSignals makes the Registry handle SIGTERM and SIGINT from the
// operating system, from its first use on. [DefaultRegistry] has it.
func WithOSSignals() Option {
	return func(o *options) {
		o.osSignals = true
	}
}

// WithGoZeroBridge runs the listeners registered with go-zero's own core/proc
// inside this Registry's phases (go-zero wrap-up listeners in the wrap-up
// phase, go-zero shutdown listeners first of the shutdown phase, after every
// server has drained), keeps the propagation delay while go-zero's own
// servers serve, and keeps go-zero's own timer and self-kill from acting;
// with [WithOSSignals] it takes SIGTERM and SIGINT from go-zero's handler.
// [DefaultRegistry] has it; at most one Registry of a process should.
func WithGoZeroBridge() Option {
	return func(o *options) {
		o.goZero = true
	}
}

// WithObserver makes the Registry report every transition to obs, from the
// goroutine that makes it. The sequence's own transitions (StateChanged,
// ForceQuit) come in the order they happen; HookStarted and HookEnded come
// from the goroutines that run the hooks, so those of concurrent hooks
// interleave with each other. obs must be safe for concurrent use and must
// not block.
func WithObserver(obs Observer) Option {
	return func(o *options) {
		o.observers = append(o.observers, obs)
	}
}
