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
}

// String returns c as the logs and errors name it, e.g.
// "WrapUpTime 1s, WaitTime 5.5s".
func (c ShutdownConf) String() string {
	return fmt.Sprintf("WrapUpTime %v, WaitTime %v", c.WrapUpTime, c.WaitTime)
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
	if c.WrapUpTime > 0 && c.WaitTime > 0 && c.WrapUpTime >= c.WaitTime {
		return fmt.Errorf("%w: WrapUpTime %v must be less than WaitTime %v",
			ErrBadConf, c.WrapUpTime, c.WaitTime)
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
	if c.WrapUpTime >= c.WaitTime {
		return c, fmt.Errorf("%w: WrapUpTime %v must be less than WaitTime %v",
			ErrBadConf, c.WrapUpTime, c.WaitTime)
	}
	return c, nil
}
