// Package drainrule holds the rule that a server's drain conf must meet
// against the process's shutdown conf, shared by rest and zrpc so that both
// servers fit their defaults, and refuse the same confs, with the same words.
//
// The drain begins at the end of the wrap-up (WrapUpTime, or a longer
// deregistration) and ends by the drain's end of the budget, WaitTime minus
// the shutdown reserve: the shutdown hooks keep the reserve. A default the
// user never wrote shrinks to the room left; only a value the user set that
// cannot fit is refused.
package drainrule

import (
	"fmt"
	"time"
)

// A Budget is what the shutdown conf in force leaves a drain.
type Budget struct {
	// WrapUpTime, WaitTime and Reserve are the shutdown conf in force.
	WrapUpTime, WaitTime, Reserve time.Duration
}

// End returns the time after the signal by which the drain ends.
func (b Budget) End() time.Duration {
	return b.WaitTime - b.Reserve
}

// Room returns the time a drain that begins at begin after the signal has.
func (b Budget) Room(begin time.Duration) time.Duration {
	return b.End() - begin
}

// Fit returns the value in force of field (e.g. "Drain.Timeout"): set if it
// is set (non-zero) and fits in room, def shrunk to room if it is not set.
// beginName names what the drain begins after, for the error (e.g.
// "WrapUpTime (1s)"). A set value that does not fit is an error naming the
// field, its value and the rule.
func (b Budget) Fit(field string, set, def time.Duration, beginName string, begin time.Duration) (time.Duration, error) {
	room := b.Room(begin)
	if set < 0 {
		return 0, fmt.Errorf("%s %v must not be negative", field, set)
	}
	if set == 0 {
		if room <= 0 {
			return 0, fmt.Errorf("%s leaves no time to drain before WaitTime %v minus ShutdownReserve %v",
				beginName, b.WaitTime, b.Reserve)
		}
		return min(def, room), nil
	}
	if set > room {
		return 0, fmt.Errorf("%s %v does not fit: %s plus %s (%v) must end by WaitTime %v minus ShutdownReserve %v; "+
			"leave it unset to fit, or set at most %v", field, set, beginName, field, set, b.WaitTime, b.Reserve,
			max(room, 0))
	}
	return set, nil
}
