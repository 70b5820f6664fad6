package metric

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

// TestDefault_ShutdownOnDefaultGatherer runs a real shutdown of an instance
// Registry observed by Default and reads the series from the gatherer that
// go-zero's DevServer serves.
func TestDefault_ShutdownOnDefaultGatherer(t *testing.T) {
	logtest.Discard(t)
	// The default gatherer keeps its series across -count runs: each run
	// has names of its own.
	run := "run-" + strconv.Itoa(int(defaultRuns.Add(1)))
	r, _, codes := newTestRegistry(t, proc.ShutdownConf{WrapUpTime: time.Millisecond, WaitTime: time.Minute}, Default())
	var f InFlight
	shard := f.Inc()
	defer TrackInFlight(run+" rest", Requests, f.Load)()
	require.NoError(t, r.AddDrainHook(run+" drain", func(context.Context) error {
		f.Dec(shard)
		return nil
	}))
	require.NoError(t, r.AddShutdownHook(run+" db", func(context.Context) error {
		return errors.New("db busy")
	}))

	r.Terminate(nil)
	require.Error(t, r.Wait())

	assert.Empty(t, codes)
	want := strings.ReplaceAll(`
# HELP zerodown_shutdown_hooks_total Shutdown hooks run, by outcome: ok, error, panic, timeout.
# TYPE zerodown_shutdown_hooks_total counter
zerodown_shutdown_hooks_total{hook="RUN db",outcome="error",phase="shutdown"} 1
zerodown_shutdown_hooks_total{hook="RUN drain",outcome="ok",phase="drain"} 1
# HELP zerodown_shutdown_drain_start_in_flight What each server had in flight when the drain phase began, by kind: requests, streams.
# TYPE zerodown_shutdown_drain_start_in_flight gauge
zerodown_shutdown_drain_start_in_flight{kind="requests",server="RUN rest"} 1
# HELP zerodown_shutdown_in_flight_requests The requests a server is handling now; during a shutdown, what is left to drain.
# TYPE zerodown_shutdown_in_flight_requests gauge
zerodown_shutdown_in_flight_requests{server="RUN rest"} 0
`, "RUN", run)
	require.NoError(t, testutil.GatherAndCompare(only(prometheus.DefaultGatherer, run+" "), strings.NewReader(want),
		"zerodown_shutdown_hooks_total", "zerodown_shutdown_drain_start_in_flight",
		"zerodown_shutdown_in_flight_requests"))
	assert.Equal(t, float64(proc.StateStopped), testutil.ToFloat64(Default().state))
}

var defaultRuns atomic.Int32

func TestInstall_Once(t *testing.T) {
	m := Install()
	assert.Same(t, Default(), m)
	assert.Same(t, m, Install(), "a second Install returns the same Metrics")
}

func TestMetrics_InFlightNow(t *testing.T) {
	m := MustNew(WithRegisterer(prometheus.NewRegistry()))
	var a, b, c InFlight
	a.Inc()
	b.Inc()
	b.Inc()
	c.Inc()
	defer m.TrackInFlight("rpc", Streams, a.Load)()
	defer m.TrackInFlight("rpc", Requests, b.Load)()
	defer m.TrackInFlight("rest", Requests, c.Load)()
	defer m.TrackInFlight("rest", Requests, a.Load)()

	assert.Equal(t, []Count{
		{Server: "rest", Kind: Requests, N: 2},
		{Server: "rpc", Kind: Requests, N: 2},
		{Server: "rpc", Kind: Streams, N: 1},
	}, m.InFlightNow(), "summed by server and kind, sorted")
}
