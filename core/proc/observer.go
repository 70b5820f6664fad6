package proc

import "time"

type (
	// An Observer learns of every transition of a Registry: metrics and
	// shutdown reports are built on it. Its methods are called synchronously
	// and must not block.
	Observer interface {
		// StateChanged reports that the Registry entered state s at time at.
		StateChanged(s State, at time.Time)
		// HookStarted reports that a hook started.
		HookStarted(phase Phase, name string, at time.Time)
		// HookEnded reports how a hook ended and how long it ran.
		HookEnded(phase Phase, name string, outcome Outcome, d time.Duration, err error)
		// ForceQuit reports that the force-quit deadline passed with the
		// named hooks still running.
		ForceQuit(running []string)
	}
)
