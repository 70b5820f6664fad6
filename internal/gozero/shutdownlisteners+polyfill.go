//go:build !(linux || darwin || freebsd)

package gozero

// A Listener is a shutdown listener registered with go-zero's core/proc.
type Listener struct {
	// Name is the listener's function and where it is defined.
	Name string
	// Server reports a go-zero server's own stop (rest or zrpc).
	Server bool
}

// TakeShutdownListeners returns none: go-zero's proc keeps no listener on this platform.
func TakeShutdownListeners() []Listener { return nil }

// Run does nothing.
func (Listener) Run() any { return nil }

// RunningListener returns "": no go-zero listener runs on this platform.
func RunningListener() string { return "" }

// HoldShutdownWait holds nothing: go-zero's waitForCalled returns at once on this platform.
func HoldShutdownWait() (release func()) { return func() {} }
