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
// rest and zrpc servers' confs (Upgrade, optional): every server of a
// process that follows proc.DefaultRegistry must give the same one (a zero
// Conf means "the defaults").
//
//	Upgrade:
//	  Disabled: false     # true: SIGHUP keeps its default action (exit)
//	  ReadyTimeout: 30s   # the new process must be ready by then, or it is killed
//	  PIDFile: /run/svc.pid
type Conf struct {
	// Disabled turns the upgrade off: the servers listen themselves and
	// SIGHUP is left alone.
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

// withDefaults returns c with its zero fields set to their defaults.
func (c Conf) withDefaults() Conf {
	if c.ReadyTimeout == 0 {
		c.ReadyTimeout = defaultReadyTimeout
	}
	return c
}

// Validate reports whether c can be used.
func (c Conf) Validate() error {
	if c.ReadyTimeout < 0 {
		return fmt.Errorf("%w: ReadyTimeout %v is negative", ErrBadConf, c.ReadyTimeout)
	}
	return nil
}
