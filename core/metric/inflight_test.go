package metric

import (
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

func TestInFlight_Concurrent(t *testing.T) {
	var f InFlight
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				f.Dec(f.Inc())
			}
			f.Inc()
		})
	}
	wg.Wait()
	assert.Equal(t, int64(8), f.Load())
}

func TestMetrics_TrackInFlight(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := MustNew(WithRegisterer(reg))
	var rpc, rpcStreams, rest, rest2 InFlight
	var shard Shard
	for range 3 {
		shard = rpc.Inc()
	}
	rpcStreams.Inc()
	rest.Inc()
	rest2.Inc()
	rest2.Inc()
	m.TrackInFlight("rpc :8080", Requests, rpc.Load)
	m.TrackInFlight("rpc :8080", Streams, rpcStreams.Load)
	untrack := m.TrackInFlight("rest :8888", Requests, rest.Load)
	m.TrackInFlight("rest :8888", Requests, rest2.Load)

	require.NoError(t, testutil.GatherAndCompare(reg, strings.NewReader(`
# HELP zerodown_shutdown_in_flight_requests The requests a server is handling now; during a shutdown, what is left to drain.
# TYPE zerodown_shutdown_in_flight_requests gauge
zerodown_shutdown_in_flight_requests{server="rest :8888"} 3
zerodown_shutdown_in_flight_requests{server="rpc :8080"} 3
# HELP zerodown_shutdown_in_flight_streams The streams a server is handling now; during a shutdown, what is left to drain.
# TYPE zerodown_shutdown_in_flight_streams gauge
zerodown_shutdown_in_flight_streams{server="rpc :8080"} 1
`), "zerodown_shutdown_in_flight_requests", "zerodown_shutdown_in_flight_streams"), "counts added up by server")

	untrack()
	untrack()
	rpc.Dec(shard)
	require.NoError(t, testutil.GatherAndCompare(reg, strings.NewReader(`
# HELP zerodown_shutdown_in_flight_requests The requests a server is handling now; during a shutdown, what is left to drain.
# TYPE zerodown_shutdown_in_flight_requests gauge
zerodown_shutdown_in_flight_requests{server="rest :8888"} 2
zerodown_shutdown_in_flight_requests{server="rpc :8080"} 2
`), "zerodown_shutdown_in_flight_requests"), "after untrack, read at scrape time")
}

func TestMetrics_TrackInFlightBadInput(t *testing.T) {
	logtest.Discard(t)
	reg := prometheus.NewRegistry()
	m := MustNew(WithRegisterer(reg))
	var f InFlight
	m.TrackInFlight("rpc", Requests, nil)()
	m.TrackInFlight("rpc", Kind(7), f.Load)()
	n, err := testutil.GatherAndCount(reg, "zerodown_shutdown_in_flight_requests", "zerodown_shutdown_in_flight_streams")
	require.NoError(t, err)
	assert.Zero(t, n)
}

// TestInFlight_ZeroOnlyWhenAllEnded checks the rule the drains rely on:
// while one call stays in flight, Load never reads zero, however many calls
// enter and leave on other goroutines meanwhile.
func TestInFlight_ZeroOnlyWhenAllEnded(t *testing.T) {
	var f InFlight
	held := f.Inc()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
					f.Dec(f.Inc())
				}
			}
		})
	}
	for range 10000 {
		if n := f.Load(); n < 1 {
			t.Fatalf("Load read %d with a call in flight", n)
		}
	}
	close(stop)
	wg.Wait()
	f.Dec(held)
	assert.Equal(t, int64(0), f.Load())
}
