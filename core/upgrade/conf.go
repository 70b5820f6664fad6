package upgrade

import (
	"errors"
	"fmt"
	"time"
)

// defaultReadyTimeout bounds the start of the new process when the conf
// does not say.
const defaultReadyTimeout = 30 * time.Second

// ErrBadConf is wrapped by the errors that report an invalid or conflicting
// Conf.
var ErrBadConf = errors.New("upgrade: invalid conf")

// A Conf configures the in-place upgrade of a process. It is a field of the
// rest and zrpc servers' confs (Upgrade, optional). The upgrade is off unless
// Enabled: SIGHUP then keeps the action it has on go-zero, and the servers
// listen themselves. Every server of a process that follows
// proc.DefaultRegistry must agree: all off, or all Enabled with the same
// fields.
//
//	Upgrade:
//	  Enabled: true       # upgrade in place at SIGHUP (off when unset)
//	  ReadyTimeout: 30s   # the new process must be ready by then, or it is killed
//	  PIDFile: /run/svc.pid
type Conf struct {
	// Enabled turns the upgrade on: at SIGHUP the process starts its binary
	// again and hands it the listening sockets. Off, SIGHUP does what it
	// does on go-zero (its default action: the process ends) and no socket
	// is duplicated.
	Enabled bool `json:",optional"`
	// Disabled is what turned the upgrade off when it was on by default; it
	// is kept so that such yaml keeps loading, and cannot be set together
	// with Enabled.
	Disabled bool `json:",optional"`
	// ReadyTimeout bounds the time from SIGHUP until the new process is
	// ready (every server listening, registered, readiness 200); past it the
	// new process is killed and this one keeps serving. Zero means 30s.
	ReadyTimeout time.Duration `json:",optional"`
	// PIDFile, if set, is written with the pid of the process that is ready:
	// the first one at start, the new one at each upgrade. systemd's PIDFile=
	// and supervisord-less scripts can follow it.
	PIDFile string `json:",optional"`
}

// normalized returns c as the process compares it: the defaults applied
// when Enabled, and the zero Conf when off (its other fields do nothing).
func (c Conf) normalized() Conf {
	if !c.Enabled {
		return Conf{}
	}
	if c.ReadyTimeout == 0 {
		c.ReadyTimeout = defaultReadyTimeout
	}
	return c
}

// Validate reports whether c can be used.
func (c Conf) Validate() error {
	if c.Enabled && c.Disabled {
		return fmt.Errorf("%w: Upgrade.Enabled and Upgrade.Disabled are both true; keep Enabled: true "+
			"for the in-place upgrade, or neither for none", ErrBadConf)
	}
	if c.ReadyTimeout < 0 {
		return fmt.Errorf("%w: ReadyTimeout %v is negative", ErrBadConf, c.ReadyTimeout)
	}
	return nil
}
