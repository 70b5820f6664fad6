package report

import (
	"time"

	"github.com/zerodown/zerodown/core/proc"
)

var _ proc.BudgetObserver = (*Recorder)(nil)

// Budget implements [proc.BudgetObserver]: it sets the budget of the phase
// that has just begun.
func (r *Recorder) Budget(step string, end time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.recording && r.phase >= 0 && r.cur.Phases[r.phase].Name == step {
		r.cur.Phases[r.phase].Budget = end
	}
}

// Cut implements [proc.BudgetObserver].
func (r *Recorder) Cut(detail string, _ int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.recording {
		r.cur.Cut = append(r.cur.Cut, detail)
	}
}

// Abandoned implements [proc.BudgetObserver].
func (r *Recorder) Abandoned(phase proc.Phase, name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.recording {
		r.cur.Abandoned = append(r.cur.Abandoned, phase.String()+"/"+name)
	}
}

// Skipped implements [proc.BudgetObserver].
func (r *Recorder) Skipped(phase proc.Phase, names []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.recording {
		return
	}
	for _, name := range names {
		r.cur.Skipped = append(r.cur.Skipped, phase.String()+"/"+name)
	}
}

// LateReason implements [proc.BudgetObserver]: the report fails with every
// reason given to Terminate, also during the shutdown.
func (r *Recorder) LateReason(reason error) {
	msg := shortError(reason)
	if msg == "" {
		msg = "an error with an empty message"
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.reason != "" {
		msg = r.reason + "; " + msg
	}
	r.reason = msg
}
