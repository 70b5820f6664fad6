package proc

import "fmt"

// A Phase is a step of the shutdown sequence that hooks can be added to.
type Phase int

const (
	// PhaseWrapUp runs first, at the signal, while servers still serve:
	// registry deregistration, stopping queue consumers. Its hooks run
	// concurrently and are awaited.
	PhaseWrapUp Phase = iota
	// PhaseDrain runs after the propagation delay: servers stop accepting and
	// finish in-flight work. Its hooks run concurrently and are awaited.
	PhaseDrain
	// PhaseShutdown runs last, when nothing is in flight: closing databases,
	// flushing buffers. Its hooks run one at a time, in reverse order of
	// registration, like deferred calls.
	PhaseShutdown

	numPhases = int(PhaseShutdown) + 1
)

// String returns the phase name used in logs and metrics.
func (p Phase) String() string {
	switch p {
	case PhaseWrapUp:
		return "wrap-up"
	case PhaseDrain:
		return "drain"
	case PhaseShutdown:
		return "shutdown"
	default:
		return fmt.Sprintf("Phase(%d)", int(p))
	}
}

func (p Phase) valid() bool {
	return p >= PhaseWrapUp && p <= PhaseShutdown
}

// concurrent reports whether the hooks of p with the same order run together.
func (p Phase) concurrent() bool {
	return p != PhaseShutdown
}

// A State is where a Registry is in its lifecycle.
type State int

const (
	// StateServing is the state before shutdown begins.
	StateServing State = iota
	// StateWrappingUp is the state while wrap-up hooks run.
	StateWrappingUp
	// StateDelaying is the propagation delay: servers still serve.
	StateDelaying
	// StateDraining is the state while drain hooks run.
	StateDraining
	// StateShuttingDown is the state while shutdown hooks run.
	StateShuttingDown
	// StateStopped is the state once the whole sequence is done.
	StateStopped
)

// String returns the state name used in logs and metrics.
func (s State) String() string {
	switch s {
	case StateServing:
		return "serving"
	case StateWrappingUp:
		return "wrapping-up"
	case StateDelaying:
		return "delaying"
	case StateDraining:
		return "draining"
	case StateShuttingDown:
		return "shutting-down"
	case StateStopped:
		return "stopped"
	default:
		return fmt.Sprintf("State(%d)", int(s))
	}
}

// Step returns the name of the timed step of the sequence that s is in:
// "wrap-up", "delay", "drain" or "shutdown" (the phases' names, and the
// propagation delay's), or "" for serving and stopped. Metrics and reports
// label durations with it.
func (s State) Step() string {
	switch s {
	case StateWrappingUp:
		return PhaseWrapUp.String()
	case StateDelaying:
		return "delay"
	case StateDraining:
		return PhaseDrain.String()
	case StateShuttingDown:
		return PhaseShutdown.String()
	default:
		return ""
	}
}

// stateOf returns the state in which the hooks of p run.
func stateOf(p Phase) State {
	switch p {
	case PhaseWrapUp:
		return StateWrappingUp
	case PhaseDrain:
		return StateDraining
	default:
		return StateShuttingDown
	}
}
