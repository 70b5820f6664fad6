// Package drainrule holds the one rule that a server's drain conf must meet
// against the process's shutdown conf, shared by rest and zrpc so that both
// servers refuse the same confs with the same words.
package drainrule

import (
	"fmt"
	"time"
)

// Check reports whether a drain that begins at wrapUp after the signal and
// lasts at most drain ends before the force quit at wait. wrapUpName names
// what wrapUp stands for in the error (e.g. "WrapUpTime", or
// "deregistration or WrapUpTime" when a server deregisters first).
//
// A drain that cannot end before the force quit is cut by it: the process
// exits while a handler still runs, and a shutdown hook (a DB close) may
// already have run under it.
func Check(wrapUpName string, wrapUp, drain, wait time.Duration) error {
	if drain < 0 {
		return fmt.Errorf("Drain.Timeout %v must not be negative", drain)
	}
	if wrapUp+drain >= wait {
		return fmt.Errorf("%s (%v) plus Drain.Timeout (%v) must end before WaitTime %v",
			wrapUpName, wrapUp, drain, wait)
	}
	return nil
}
