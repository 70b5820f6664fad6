package metric

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/zerodown/zerodown/core/upgrade"
)

var _ upgrade.Observer = (*Metrics)(nil)

// upgradeMetrics counts the in-place upgrades of the process (see package
// core/upgrade): zerodown_upgrade_total{outcome} and
// zerodown_upgrade_ready_seconds.
type upgradeMetrics struct {
	upgrades *prometheus.CounterVec
	ready    prometheus.Histogram
}

func newUpgradeMetrics() upgradeMetrics {
	return upgradeMetrics{
		upgrades: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Subsystem: "upgrade",
			Name: "total", Help: "In-place upgrades, by outcome: started, ready (this process handed over), " +
				"failed (this process kept serving)."}, []string{"outcome"}),
		ready: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: namespace, Subsystem: "upgrade",
			Name: "ready_seconds", Help: "Time from the upgrade signal until the new process was ready.",
			Buckets: buckets}),
	}
}

func (u *upgradeMetrics) register(reg prometheus.Registerer) (err error) {
	if u.upgrades, err = register(reg, u.upgrades); err != nil {
		return err
	}
	u.ready, err = register(reg, u.ready)
	return err
}

// UpgradeStarted implements [upgrade.Observer].
func (m *Metrics) UpgradeStarted(time.Time) {
	m.upgrade.upgrades.WithLabelValues("started").Inc()
}

// UpgradeReady implements [upgrade.Observer].
func (m *Metrics) UpgradeReady(d time.Duration) {
	m.upgrade.upgrades.WithLabelValues("ready").Inc()
	m.upgrade.ready.Observe(d.Seconds())
}

// UpgradeFailed implements [upgrade.Observer]; the reason is logged by the
// upgrade, not a label, so that the series stay few.
func (m *Metrics) UpgradeFailed(time.Duration, error) {
	m.upgrade.upgrades.WithLabelValues("failed").Inc()
}
