package metric

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
)

func TestNew_TwiceOnOneRegistererShares(t *testing.T) {
	reg := prometheus.NewRegistry()
	first, err := New(WithRegisterer(reg))
	require.NoError(t, err)
	second, err := New(WithRegisterer(reg))
	require.NoError(t, err, "a second Metrics on the same Registerer")

	first.HookEnded(proc.PhaseDrain, "rpc", proc.OutcomeOK, time.Second, nil)
	second.HookEnded(proc.PhaseDrain, "rpc", proc.OutcomeOK, time.Second, nil)
	assert.Equal(t, 2.0, testutil.ToFloat64(first.outcomes.WithLabelValues("drain", "rpc", "ok")))
	var f InFlight
	f.Inc()
	defer second.TrackInFlight("rpc", Requests, f.Load)()
	n, err := testutil.GatherAndCount(reg, "zerodown_shutdown_in_flight_requests")
	require.NoError(t, err)
	assert.Equal(t, 1, n, "in-flight series tracked through the second Metrics")
}

func TestNew_NameTakenByAnotherCollector(t *testing.T) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(prometheus.NewCounter(prometheus.CounterOpts{Name: "zerodown_shutdown_state"}))
	m, err := New(WithRegisterer(reg))
	assert.Error(t, err)
	assert.Nil(t, m)
}

func TestDefault_RegistersOnDefaultRegisterer(t *testing.T) {
	m := Default()
	assert.Same(t, m, Default(), "Default is built once")
	m.StateChanged(proc.StateServing, time.Now())
	n, err := testutil.GatherAndCount(prometheus.DefaultGatherer, "zerodown_shutdown_state")
	require.NoError(t, err)
	assert.Equal(t, 1, n)
}
