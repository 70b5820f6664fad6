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
		// ForceQuit reports that the process is about to exit before the
		// sequence is done, with the named hooks still running: at the
		// force-quit deadline, or at a second signal.
		ForceQuit(running []string)
	}

	// A TriggerObserver is an Observer that also learns what started the
	// shutdown. A Registry checks each Observer for it.
	TriggerObserver interface {
		Observer
		// Triggered reports what started the shutdown, e.g. "signal 15
		// (terminated)" or "Terminate", and the reason given to
		// [Registry.Terminate], if any. It is called once, before the
		// StateChanged of the wrap-up phase.
		Triggered(trigger string, reason error)
	}
)
