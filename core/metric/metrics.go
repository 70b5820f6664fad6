package metric

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/upgrade"
	"github.com/zeromicro/go-zero/core/logx"
)

// namespace and subsystem prefix every metric: zerodown_shutdown_.
const (
	namespace = "zerodown"
	subsystem = "shutdown"
)

// buckets spans a shutdown's steps: from a millisecond hook to a minute-long drain.
var buckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}

var _ proc.Observer = (*Metrics)(nil)

type (
	// Metrics is a [proc.Observer] that exports a shutdown as Prometheus
	// metrics. It is safe for concurrent use. One Metrics may observe
	// several Registries, which then share its series.
	Metrics struct {
		state      prometheus.Gauge
		total      prometheus.Histogram
		phases     *prometheus.HistogramVec
		hooks      *prometheus.HistogramVec
		outcomes   *prometheus.CounterVec
		forceQuits prometheus.Counter
		inFlight   *inFlightCollector
		drainStart *prometheus.GaugeVec
		budget     budgetMetrics
		upgrade    upgradeMetrics

		mu    sync.Mutex // guards following
		t0    time.Time  // start of the sequence; zero before it
		phase string     // the timed phase running now; "" if none
		since time.Time  // start of phase
		ended bool       // total observed
	}

	// An Option configures a Metrics.
	Option func(*options)

	options struct {
		reg prometheus.Registerer
	}
)

// WithRegisterer registers the metrics on reg instead of
// prometheus.DefaultRegisterer; tests use prometheus.NewRegistry().
func WithRegisterer(reg prometheus.Registerer) Option {
	return func(o *options) {
		o.reg = reg
	}
}

// New returns a Metrics registered on prometheus.DefaultRegisterer or on the
// [WithRegisterer] one. Collectors already registered there by another
// Metrics are shared. New returns an error if a different collector already
// uses one of the names.
func New(opts ...Option) (*Metrics, error) {
	o := options{reg: prometheus.DefaultRegisterer}
	for _, opt := range opts {
		opt(&o)
	}
	m := newMetrics()
	var err error
	if m.state, err = register(o.reg, m.state); err != nil {
		return nil, err
	}
	if m.total, err = register(o.reg, m.total); err != nil {
		return nil, err
	}
	if m.phases, err = register(o.reg, m.phases); err != nil {
		return nil, err
	}
	if m.hooks, err = register(o.reg, m.hooks); err != nil {
		return nil, err
	}
	if m.outcomes, err = register(o.reg, m.outcomes); err != nil {
		return nil, err
	}
	if m.forceQuits, err = register(o.reg, m.forceQuits); err != nil {
		return nil, err
	}
	if m.inFlight, err = register(o.reg, m.inFlight); err != nil {
		return nil, err
	}
	if m.drainStart, err = register(o.reg, m.drainStart); err != nil {
		return nil, err
	}
	if err = m.budget.register(o.reg); err != nil {
		return nil, err
	}
	if err = m.upgrade.register(o.reg); err != nil {
		return nil, err
	}
	return m, nil
}

// MustNew is like New but exits if the metrics cannot be registered.
func MustNew(opts ...Option) *Metrics {
	m, err := New(opts...)
	logx.Must(err)
	return m
}

var (
	defaultOnce    sync.Once
	defaultMetrics *Metrics
)

// Default returns the Metrics of the process, registered on
// prometheus.DefaultRegisterer at the first call. If that fails (another
// library took a name), the error is logged and the Metrics still counts, on
// a registry of its own that nothing serves. Servers add it to
// proc.DefaultRegistry once, and report their in-flight counts to it.
func Default() *Metrics {
	defaultOnce.Do(func() {
		m, err := New()
		if err != nil {
			logx.Errorf("metric: shutdown metrics not exported: %v", err)
			m = MustNew(WithRegisterer(prometheus.NewRegistry()))
		}
		defaultMetrics = m
	})
	return defaultMetrics
}

var installOnce sync.Once

// Install adds [Default] to proc.DefaultRegistry and to the in-place upgrade
// (package core/upgrade) as an observer, so that the process's shutdown and
// upgrades show on the /metrics that go-zero serves. Only the first
// call adds it; later calls return the same Metrics. Servers of this module
// call it when they are built.
func Install() *Metrics {
	m := Default()
	installOnce.Do(func() {
		proc.DefaultRegistry.AddObserver(m)
		upgrade.AddObserver(m)
	})
	return m
}

func newMetrics() *Metrics {
	opts := func(name, help string) prometheus.Opts {
		return prometheus.Opts{Namespace: namespace, Subsystem: subsystem, Name: name, Help: help}
	}
	histogram := func(name, help string) prometheus.HistogramOpts {
		o := opts(name, help)
		return prometheus.HistogramOpts{Namespace: o.Namespace, Subsystem: o.Subsystem,
			Name: o.Name, Help: o.Help, Buckets: buckets}
	}
	return &Metrics{
		state: prometheus.NewGauge(prometheus.GaugeOpts(opts("state",
			"Shutdown state: 0 serving, 1 wrapping up, 2 delaying, 3 draining, 4 shutting down, 5 stopped."))),
		total: prometheus.NewHistogram(histogram("duration_seconds",
			"Time from the shutdown signal to the end of the sequence or the force quit.")),
		phases: prometheus.NewHistogramVec(histogram("phase_duration_seconds",
			"Time each shutdown phase took: wrap-up, delay, drain, shutdown."), []string{"phase"}),
		hooks: prometheus.NewHistogramVec(histogram("hook_duration_seconds",
			"Time each shutdown hook ran, up to its timeout."), []string{"phase", "hook"}),
		outcomes: prometheus.NewCounterVec(prometheus.CounterOpts(opts("hooks_total",
			"Shutdown hooks run, by outcome: ok, error, panic, timeout.")), []string{"phase", "hook", "outcome"}),
		forceQuits: prometheus.NewCounter(prometheus.CounterOpts(opts("force_quits_total",
			"Shutdowns cut off before the sequence was done: at WaitTime, or by a second signal."))),
		inFlight: newInFlightCollector(),
		drainStart: prometheus.NewGaugeVec(prometheus.GaugeOpts(opts("drain_start_in_flight",
			"What each server had in flight when the drain phase began, by kind: requests, streams.")),
			[]string{"server", "kind"}),
		budget:  newBudgetMetrics(opts),
		upgrade: newUpgradeMetrics(),
	}
}
