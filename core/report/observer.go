package report

import (
	"time"

	"github.com/zerodown/zerodown/core/proc"
)

// StateChanged implements [proc.Observer]: [proc.StateWrappingUp] begins a
// report, each state after it begins a phase, and [proc.StateStopped] ends
// the report and emits it.
func (r *Recorder) StateChanged(s proc.State, at time.Time) {
	var inFlight []InFlight
	switch s {
	case proc.StateDraining:
		inFlight = r.inFlightNow(false)
	case proc.StateStopped:
		inFlight = r.inFlightNow(true)
	}

	r.mu.Lock()
	if s == proc.StateWrappingUp {
		r.cur = Report{Start: at}
		r.recording, r.phase = true, -1
		r.open, r.early = make(map[key][]int), make(map[key]int)
	}
	if !r.recording {
		r.mu.Unlock()
		return
	}
	r.endPhaseLocked(at, true)
	switch s {
	case proc.StateDraining:
		r.cur.InFlight = inFlight
	case proc.StateStopped:
		r.cur.LeftInFlight = inFlight
		rep, path := r.finishLocked(at, r.outcomeLocked())
		r.mu.Unlock()
		emit(rep, path)
		return
	}
	if name := s.Step(); name != "" {
		r.cur.Phases = append(r.cur.Phases, Span{Name: name, Start: at.Sub(r.cur.Start)})
		r.phase = len(r.cur.Phases) - 1
	}
	r.mu.Unlock()
}

// HookStarted implements [proc.Observer].
func (r *Recorder) HookStarted(phase proc.Phase, name string, at time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.recording {
		return
	}
	k := key{phase, name}
	if r.early[k] > 0 {
		r.early[k]--
		return
	}
	r.cur.Hooks = append(r.cur.Hooks, Hook{Phase: phase.String(), Name: name,
		Start: at.Sub(r.cur.Start), Outcome: HookRunning})
	r.open[k] = append(r.open[k], len(r.cur.Hooks)-1)
}

// HookEnded implements [proc.Observer]: it completes the oldest run of the
// hook that has not ended. A hook whose timeout passed before its start was
// seen is recorded as starting d before now.
func (r *Recorder) HookEnded(phase proc.Phase, name string, outcome proc.Outcome, d time.Duration, err error) {
	now := time.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.recording {
		return
	}
	k := key{phase, name}
	if open := r.open[k]; len(open) > 0 {
		h := &r.cur.Hooks[open[0]]
		h.Duration, h.Outcome, h.Error = d, outcome.String(), shortError(err)
		r.open[k] = open[1:]
		return
	}
	r.early[k]++
	r.cur.Hooks = append(r.cur.Hooks, Hook{Phase: phase.String(), Name: name,
		Start: now.Add(-d).Sub(r.cur.Start), Duration: d, Outcome: outcome.String(), Error: shortError(err)})
}

// ForceQuit implements [proc.Observer]: it ends the report with the phase and
// the hooks still running, and emits it before the process exits.
func (r *Recorder) ForceQuit(running []string) {
	now := time.Now()
	left := r.inFlightNow(true)

	r.mu.Lock()
	if !r.recording {
		r.mu.Unlock()
		return
	}
	r.endPhaseLocked(now, false)
	for i := range r.cur.Hooks {
		if h := &r.cur.Hooks[i]; h.Outcome == HookRunning {
			h.Duration = now.Sub(r.cur.Start) - h.Start
		}
	}
	r.cur.Running = append([]string(nil), running...)
	r.cur.LeftInFlight = left
	rep, path := r.finishLocked(now, OutcomeForceQuit)
	r.mu.Unlock()
	emit(rep, path)
}

// endPhaseLocked sets the duration of the open phase. r.mu must be held.
func (r *Recorder) endPhaseLocked(at time.Time, done bool) {
	if r.phase < 0 {
		return
	}
	p := &r.cur.Phases[r.phase]
	p.Duration, p.Done = at.Sub(r.cur.Start)-p.Start, done
	r.phase = -1
}

// outcomeLocked returns OutcomeOK unless a hook did not end ok or a fatal
// reason is known. r.mu must be held.
func (r *Recorder) outcomeLocked() string {
	if r.reason != "" {
		return OutcomeFailed
	}
	for _, h := range r.cur.Hooks {
		if h.Outcome != proc.OutcomeOK.String() {
			return OutcomeFailed
		}
	}
	return OutcomeOK
}
