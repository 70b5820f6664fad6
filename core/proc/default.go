package proc

import (
	"context"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
)

// DefaultRegistry is used by the top-level functions of this package. It
// handles SIGTERM and SIGINT from the moment the package is imported (a
// signal during a slow startup runs its sequence too), takes them away from
// go-zero's own handler, and runs go-zero's own listeners inside its phases.
var DefaultRegistry = MustNewRegistry(ShutdownConf{}, WithOSSignals(), WithGoZeroBridge())

func init() {
	DefaultRegistry.listen()
}

// TrackInFlight counts work in flight on DefaultRegistry; see
// [Registry.TrackInFlight]. core/metric's TrackInFlight calls it.
func TrackInFlight(what string, count func() int64) (untrack func()) {
	return DefaultRegistry.TrackInFlight(what, count)
}

// AddWrapUpListener adds fn to DefaultRegistry; see [Registry.AddWrapUpListener].
func AddWrapUpListener(fn func()) (waitForCalled func()) {
	return DefaultRegistry.AddWrapUpListener(fn)
}

// AddShutdownListener adds fn to DefaultRegistry; see [Registry.AddShutdownListener].
func AddShutdownListener(fn func()) (waitForCalled func()) {
	return DefaultRegistry.AddShutdownListener(fn)
}

// AddHook adds a named hook to DefaultRegistry; see [Registry.AddHook].
func AddHook(phase Phase, name string, fn HookFunc, opts ...HookOption) error {
	return DefaultRegistry.AddHook(phase, name, fn, opts...)
}

// AddWrapUpHook adds a named wrap-up hook to DefaultRegistry; see [Registry.AddHook].
func AddWrapUpHook(name string, fn HookFunc, opts ...HookOption) error {
	return DefaultRegistry.AddWrapUpHook(name, fn, opts...)
}

// AddDrainHook adds a named drain hook to DefaultRegistry; see [Registry.AddDrainHook].
func AddDrainHook(name string, fn HookFunc, opts ...HookOption) error {
	return DefaultRegistry.AddDrainHook(name, fn, opts...)
}

// AddShutdownHook adds a named shutdown hook to DefaultRegistry; see [Registry.AddShutdownHook].
func AddShutdownHook(name string, fn HookFunc, opts ...HookOption) error {
	return DefaultRegistry.AddShutdownHook(name, fn, opts...)
}

// SetTimeToForceQuit sets the WaitTime of DefaultRegistry, as go-zero's does.
// A non-positive d is logged and ignored.
func SetTimeToForceQuit(d time.Duration) {
	if err := DefaultRegistry.SetTimeToForceQuit(d); err != nil {
		logx.Error(err)
	}
}

// Setup configures DefaultRegistry, as go-zero's proc.Setup does: zero fields
// keep their value. A bad conf (a negative field, WrapUpTime not less than
// WaitTime) is logged and changes nothing; use [Registry.Setup] for the error.
func Setup(c ShutdownConf) {
	if err := DefaultRegistry.Setup(c); err != nil {
		logx.Error(err)
	}
}

// Done returns a channel closed when the shutdown begins; see [Registry.Done].
func Done() <-chan struct{} {
	return DefaultRegistry.Done()
}

// Context returns a context cancelled when the shutdown begins; see [Registry.Context].
func Context() context.Context {
	return DefaultRegistry.Context()
}

// Draining returns a channel closed when the drain phase begins; see [Registry.Draining].
func Draining() <-chan struct{} {
	return DefaultRegistry.Draining()
}

// WrapUp runs the pending wrap-up hooks, for tests; see [Registry.WrapUp].
func WrapUp() {
	DefaultRegistry.WrapUp()
}

// Shutdown runs the pending drain and shutdown hooks, for tests; see [Registry.Shutdown].
func Shutdown() {
	DefaultRegistry.Shutdown()
}

// Terminate starts the shutdown of DefaultRegistry with a reason; see [Registry.Terminate].
func Terminate(reason error) {
	DefaultRegistry.adoptGoZeroConf()
	DefaultRegistry.Terminate(reason)
}

// Wait blocks until the shutdown of DefaultRegistry is done; see [Registry.Wait].
func Wait() error {
	return DefaultRegistry.Wait()
}
