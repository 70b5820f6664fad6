package metric

import (
	"time"

	"github.com/zerodown/zerodown/core/proc"
)

// StateChanged implements [proc.Observer]: it sets the state gauge, observes
// the duration of the phase that ended, at [proc.StateDraining] what each
// server has in flight, and at [proc.StateStopped] the time since the signal.
func (m *Metrics) StateChanged(s proc.State, at time.Time) {
	m.state.Set(float64(s))
	if s == proc.StateDraining {
		m.snapshotInFlight()
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	if m.phase != "" {
		m.phases.WithLabelValues(m.phase).Observe(at.Sub(m.since).Seconds())
	}
	m.phase, m.since = s.Step(), at
	switch s {
	case proc.StateWrappingUp:
		m.t0, m.ended = at, false
	case proc.StateStopped:
		m.observeTotalLocked(at)
	}
}

// HookStarted implements [proc.Observer]; the duration comes with HookEnded.
func (m *Metrics) HookStarted(proc.Phase, string, time.Time) {}

// HookEnded implements [proc.Observer]: it observes the hook's duration and
// counts its outcome.
func (m *Metrics) HookEnded(phase proc.Phase, name string, outcome proc.Outcome, d time.Duration, _ error) {
	p := phase.String()
	m.hooks.WithLabelValues(p, name).Observe(d.Seconds())
	m.outcomes.WithLabelValues(p, name, outcome.String()).Inc()
}

// ForceQuit implements [proc.Observer]: it counts the force quit and observes
// the time since the signal, since the process exits right after.
func (m *Metrics) ForceQuit([]string) {
	m.forceQuits.Inc()

	m.mu.Lock()
	defer m.mu.Unlock()
	m.observeTotalLocked(time.Now())
}

// observeTotalLocked observes the time from the signal to end, once per
// sequence. m.mu must be held.
func (m *Metrics) observeTotalLocked(end time.Time) {
	if m.t0.IsZero() || m.ended {
		return
	}
	m.ended = true
	m.total.Observe(end.Sub(m.t0).Seconds())
}

// snapshotInFlight sets the drain-start gauges to what is in flight now.
func (m *Metrics) snapshotInFlight() {
	m.drainStart.Reset()
	for _, c := range m.InFlightNow() {
		m.drainStart.WithLabelValues(c.Server, c.Kind.String()).Set(float64(c.N))
	}
}
