package metric

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/zerodown/zerodown/core/proc"
)

var _ proc.BudgetObserver = (*Metrics)(nil)

// budgetMetrics count how the budget inside WaitTime was spent: what each
// step was given, what was cut, abandoned or skipped.
type budgetMetrics struct {
	ends      *prometheus.GaugeVec
	cut       prometheus.Counter
	abandoned *prometheus.CounterVec
	skipped   *prometheus.CounterVec
	late      prometheus.Counter
}

func newBudgetMetrics(opts func(name, help string) prometheus.Opts) budgetMetrics {
	return budgetMetrics{
		ends: prometheus.NewGaugeVec(prometheus.GaugeOpts(opts("step_budget_end_seconds",
			"Time after the signal by which each step of the last shutdown had to end: wrap-up, delay, drain, shutdown.")),
			[]string{"phase"}),
		cut: prometheus.NewCounter(prometheus.CounterOpts(opts("cut_total",
			"Requests and streams still in flight at the drain's end, cut: their clients got an error."))),
		abandoned: prometheus.NewCounterVec(prometheus.CounterOpts(opts("hooks_abandoned_total",
			"Hooks left running past their bound; the sequence went on without them.")), []string{"phase", "hook"}),
		skipped: prometheus.NewCounterVec(prometheus.CounterOpts(opts("hooks_skipped_total",
			"Hooks that never started: WaitTime passed first.")), []string{"phase", "hook"}),
		late: prometheus.NewCounter(prometheus.CounterOpts(opts("late_terminate_total",
			"Fatal reasons given to Terminate while the shutdown ran."))),
	}
}

func (b *budgetMetrics) register(reg prometheus.Registerer) (err error) {
	if b.ends, err = register(reg, b.ends); err != nil {
		return err
	}
	if b.cut, err = register(reg, b.cut); err != nil {
		return err
	}
	if b.abandoned, err = register(reg, b.abandoned); err != nil {
		return err
	}
	if b.skipped, err = register(reg, b.skipped); err != nil {
		return err
	}
	b.late, err = register(reg, b.late)
	return err
}

// Budget implements [proc.BudgetObserver].
func (m *Metrics) Budget(step string, end time.Duration) {
	m.budget.ends.WithLabelValues(step).Set(end.Seconds())
}

// Cut implements [proc.BudgetObserver].
func (m *Metrics) Cut(_ string, n int64) {
	m.budget.cut.Add(float64(n))
}

// Abandoned implements [proc.BudgetObserver].
func (m *Metrics) Abandoned(phase proc.Phase, name string) {
	m.budget.abandoned.WithLabelValues(phase.String(), name).Inc()
}

// Skipped implements [proc.BudgetObserver].
func (m *Metrics) Skipped(phase proc.Phase, names []string) {
	for _, name := range names {
		m.budget.skipped.WithLabelValues(phase.String(), name).Inc()
	}
}

// LateReason implements [proc.BudgetObserver].
func (m *Metrics) LateReason(error) {
	m.budget.late.Inc()
}
