package proc

import (
	"errors"
	"fmt"
	"time"
)

const (
	// defaultWrapUpTime is go-zero's default propagation delay.
	defaultWrapUpTime = time.Second
	// defaultWaitTime is go-zero's default force-quit time; 5.5s because most
	// blocking queues poll in 5s.
	defaultWaitTime = 5500 * time.Millisecond
	// defaultReserve is the most that an unset ShutdownReserve keeps for the
	// shutdown hooks: with go-zero's defaults, the drain ends by 4.5s.
	defaultReserve = time.Second
)

var (
	// ErrBadConf is wrapped by the errors that report an invalid ShutdownConf.
	ErrBadConf = errors.New("proc: invalid shutdown conf")
	// ErrConfConflict is wrapped by the errors that refuse a ShutdownConf
	// that differs from the one in force: a process has one shutdown conf.
	ErrConfConflict = errors.New("proc: one shutdown conf per process")
)

// ShutdownConf defines the shutdown configuration for the process. It has the
// fields, json tags and defaults of go-zero's proc.ShutdownConf, so go-zero's
// yaml (ServiceConf.Shutdown) keeps loading.
type ShutdownConf struct {
	// WrapUpTime is the propagation delay: counted from the signal, the time
	// servers keep serving so that clients, load balancers and registry
	// watchers let go before the drain begins. It applies only when a server
	// has registered a drain step (see [Registry.AddDrainHook]).
	WrapUpTime time.Duration `json:",default=1s"`
	// WaitTime is the time from the signal to the force quit: the whole
	// shutdown must be done by then, or the process exits with
	// [ExitCodeForceQuit] after naming every hook still running.
	WaitTime time.Duration `json:",default=5.5s"`
	// ShutdownReserve is the part of WaitTime kept for the shutdown hooks
	// (flushes, then closes): the wrap-up hooks, the propagation delay and
	// the drain end by WaitTime − ShutdownReserve, whatever they were
	// configured to, and what is still in flight then is cut. Unset, it is
	// 1s, a quarter of WaitTime or half of what WaitTime leaves after
	// WrapUpTime, whichever is least, so that every conf go-zero accepts
	// fits; set, WrapUpTime plus ShutdownReserve must be less than WaitTime.
	// go-zero has no such field: it is zerodown's only.
	ShutdownReserve time.Duration `json:",optional"`
}

// String returns c as the logs and errors name it, e.g.
// "WrapUpTime 1s, WaitTime 5.5s".
func (c ShutdownConf) String() string {
	if c.ShutdownReserve > 0 {
		return fmt.Sprintf("WrapUpTime %v, WaitTime %v, ShutdownReserve %v",
			c.WrapUpTime, c.WaitTime, c.ShutdownReserve)
	}
	return fmt.Sprintf("WrapUpTime %v, WaitTime %v", c.WrapUpTime, c.WaitTime)
}

// Reserve returns the ShutdownReserve in force: the one set, or the default
// that fits WaitTime and WrapUpTime (see [ShutdownConf.ShutdownReserve]).
// Zero WrapUpTime and WaitTime take go-zero's defaults.
func (c ShutdownConf) Reserve() time.Duration {
	if c.ShutdownReserve > 0 {
		return c.ShutdownReserve
	}
	wrapUp, wait := c.WrapUpTime, c.WaitTime
	if wrapUp <= 0 {
		wrapUp = defaultWrapUpTime
	}
	if wait <= 0 {
		wait = defaultWaitTime
	}
	return max(0, min(defaultReserve, wait/4, (wait-wrapUp)/2))
}

// DrainEnd returns the time after the signal by which the wrap-up, the
// propagation delay and the drain end: WaitTime − [ShutdownConf.Reserve].
func (c ShutdownConf) DrainEnd() time.Duration {
	wait := c.WaitTime
	if wait <= 0 {
		wait = defaultWaitTime
	}
	return wait - c.Reserve()
}

// Validate reports whether c can be used. Zero fields mean "keep the current
// value" (go-zero's Setup semantics) and are valid.
func (c ShutdownConf) Validate() error {
	if c.WrapUpTime < 0 {
		return fmt.Errorf("%w: WrapUpTime %v is negative", ErrBadConf, c.WrapUpTime)
	}
	if c.WaitTime < 0 {
		return fmt.Errorf("%w: WaitTime %v is negative", ErrBadConf, c.WaitTime)
	}
	if c.ShutdownReserve < 0 {
		return fmt.Errorf("%w: ShutdownReserve %v is negative", ErrBadConf, c.ShutdownReserve)
	}
	if c.WrapUpTime > 0 && c.WaitTime > 0 && c.WrapUpTime >= c.WaitTime {
		return fmt.Errorf("%w: WrapUpTime %v must be less than WaitTime %v",
			ErrBadConf, c.WrapUpTime, c.WaitTime)
	}
	return nil
}

// checkReserve reports whether a ShutdownReserve that was set fits.
func (c ShutdownConf) checkReserve() error {
	if c.ShutdownReserve > 0 && c.WrapUpTime+c.ShutdownReserve >= c.WaitTime {
		return fmt.Errorf("%w: ShutdownReserve %v plus WrapUpTime %v must be less than WaitTime %v",
			ErrBadConf, c.ShutdownReserve, c.WrapUpTime, c.WaitTime)
	}
	return nil
}

// merge returns c with the positive fields of next applied, as go-zero's Setup
// does, and checks that the result is consistent.
func (c ShutdownConf) merge(next ShutdownConf) (ShutdownConf, error) {
	if err := next.Validate(); err != nil {
		return c, err
	}
	if next.WrapUpTime > 0 {
		c.WrapUpTime = next.WrapUpTime
	}
	if next.WaitTime > 0 {
		c.WaitTime = next.WaitTime
	}
	if next.ShutdownReserve > 0 {
		c.ShutdownReserve = next.ShutdownReserve
	}
	if c.WrapUpTime >= c.WaitTime {
		return c, fmt.Errorf("%w: WrapUpTime %v must be less than WaitTime %v",
			ErrBadConf, c.WrapUpTime, c.WaitTime)
	}
	return c, c.checkReserve()
}
