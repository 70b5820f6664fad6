package metric

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
)

func TestMetrics_WorkRunning(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := MustNew(WithRegisterer(reg))
	w := proc.NewWork("main.audit (api/audit.go:42)")
	w.Add()
	w.Add()
	defer w.Done()
	assert.Contains(t, m.InFlightNow(), Count{Server: "main.audit (api/audit.go:42)", Kind: Work, N: 2})
	require.NoError(t, testutil.GatherAndCompare(reg, strings.NewReader(`
# HELP zerodown_shutdown_in_flight_work Work outside requests running now (core/threading goroutines by start site, consumers' handlers); the shutdown hooks wait for it.
# TYPE zerodown_shutdown_in_flight_work gauge
zerodown_shutdown_in_flight_work{work="main.audit (api/audit.go:42)"} 2
`), "zerodown_shutdown_in_flight_work"))
	w.Done()
	require.NoError(t, testutil.GatherAndCompare(reg, strings.NewReader(`
# HELP zerodown_shutdown_in_flight_work Work outside requests running now (core/threading goroutines by start site, consumers' handlers); the shutdown hooks wait for it.
# TYPE zerodown_shutdown_in_flight_work gauge
zerodown_shutdown_in_flight_work{work="main.audit (api/audit.go:42)"} 1
`), "zerodown_shutdown_in_flight_work"))
	assert.Equal(t, "work", Work.String())
}
