package metric

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMetrics_Upgrades counts each upgrade by outcome and observes the time
// until the new process was ready.
func TestMetrics_Upgrades(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := MustNew(WithRegisterer(reg))

	m.UpgradeStarted(time.Now())
	m.UpgradeFailed(time.Second, errors.New("child exited: exit status 1"))
	m.UpgradeStarted(time.Now())
	m.UpgradeReady(1500 * time.Millisecond)

	require.NoError(t, testutil.GatherAndCompare(reg, strings.NewReader(`
# HELP zerodown_upgrade_total In-place upgrades, by outcome: started, ready (this process handed over), failed (this process kept serving).
# TYPE zerodown_upgrade_total counter
zerodown_upgrade_total{outcome="failed"} 1
zerodown_upgrade_total{outcome="ready"} 1
zerodown_upgrade_total{outcome="started"} 2
`), "zerodown_upgrade_total"))
	n, sum := histogram(t, reg, "zerodown_upgrade_ready_seconds", nil)
	assert.Equal(t, uint64(1), n)
	assert.InDelta(t, 1.5, sum, 1e-9)
}
