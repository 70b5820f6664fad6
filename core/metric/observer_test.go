package metric

import (
	"context"
	"errors"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

func TestMetrics_Shutdown(t *testing.T) {
	logtest.Discard(t)
	synctest.Test(t, func(t *testing.T) {
		reg := prometheus.NewRegistry()
		m, err := New(WithRegisterer(reg))
		require.NoError(t, err)
		r, sigs, codes := newTestRegistry(t, proc.ShutdownConf{WrapUpTime: time.Second, WaitTime: 10 * time.Second}, m)
		sleep := func(d time.Duration) proc.HookFunc {
			return func(context.Context) error { time.Sleep(d); return nil }
		}
		require.NoError(t, r.AddWrapUpHook("deregister", sleep(100*time.Millisecond)))
		require.NoError(t, r.AddDrainHook("rpc", sleep(200*time.Millisecond)))
		require.NoError(t, r.AddShutdownHook("db", func(context.Context) error { return errors.New("db busy") }))
		require.NoError(t, r.AddShutdownHook("cache", func(context.Context) error { panic("boom") }))
		require.NoError(t, r.AddShutdownHook("flush", sleep(1500*time.Millisecond),
			proc.WithTimeout(time.Second)))
		assert.Equal(t, 0.0, testutil.ToFloat64(m.state), "state before the signal")

		sigs <- syscall.SIGTERM
		require.Error(t, r.Wait())

		assert.Equal(t, float64(proc.StateStopped), testutil.ToFloat64(m.state))
		assert.Equal(t, 0.0, testutil.ToFloat64(m.forceQuits))
		assert.Equal(t, proc.ExitCodeIncomplete, <-codes, "the flush was abandoned past its timeout")
		assert.Empty(t, codes)
		assert.Equal(t, 1.0, testutil.ToFloat64(m.budget.abandoned.WithLabelValues("shutdown", "flush")))
		assert.Equal(t, 9.0, testutil.ToFloat64(m.budget.ends.WithLabelValues("drain")), "WaitTime 10s − reserve 1s")
		require.NoError(t, testutil.GatherAndCompare(reg, strings.NewReader(`
# HELP zerodown_shutdown_hooks_total Shutdown hooks run, by outcome: ok, error, panic, timeout.
# TYPE zerodown_shutdown_hooks_total counter
zerodown_shutdown_hooks_total{hook="cache",outcome="panic",phase="shutdown"} 1
zerodown_shutdown_hooks_total{hook="db",outcome="error",phase="shutdown"} 1
zerodown_shutdown_hooks_total{hook="deregister",outcome="ok",phase="wrap-up"} 1
zerodown_shutdown_hooks_total{hook="flush",outcome="timeout",phase="shutdown"} 1
zerodown_shutdown_hooks_total{hook="rpc",outcome="ok",phase="drain"} 1
`), "zerodown_shutdown_hooks_total"))

		// The fake clock makes every duration exact.
		for _, tt := range []struct {
			name    string
			labels  map[string]string
			wantSum float64
		}{
			{"zerodown_shutdown_phase_duration_seconds", map[string]string{"phase": "wrap-up"}, 0.1},
			{"zerodown_shutdown_phase_duration_seconds", map[string]string{"phase": "delay"}, 0.9},
			{"zerodown_shutdown_phase_duration_seconds", map[string]string{"phase": "drain"}, 0.2},
			{"zerodown_shutdown_phase_duration_seconds", map[string]string{"phase": "shutdown"}, 1.5},
			{"zerodown_shutdown_hook_duration_seconds", map[string]string{"phase": "drain", "hook": "rpc"}, 0.2},
			{"zerodown_shutdown_hook_duration_seconds", map[string]string{"phase": "shutdown", "hook": "flush"}, 1},
			{"zerodown_shutdown_duration_seconds", nil, 2.7},
		} {
			count, sum := histogram(t, reg, tt.name, tt.labels)
			assert.Equal(t, uint64(1), count, "%s%v count", tt.name, tt.labels)
			assert.InDelta(t, tt.wantSum, sum, 1e-9, "%s%v sum", tt.name, tt.labels)
		}
	})
}

func TestMetrics_ForceQuit(t *testing.T) {
	logtest.Discard(t)
	synctest.Test(t, func(t *testing.T) {
		reg := prometheus.NewRegistry()
		m := MustNew(WithRegisterer(reg))
		r, sigs, codes := newTestRegistry(t, proc.ShutdownConf{WrapUpTime: time.Second, WaitTime: 2 * time.Second}, m)
		release := make(chan struct{})
		require.NoError(t, r.AddShutdownHook("stuck", func(context.Context) error { <-release; return nil }))

		sigs <- syscall.SIGTERM
		assert.Equal(t, proc.ExitCodeForceQuit, <-codes)
		assert.Equal(t, 1.0, testutil.ToFloat64(m.forceQuits))
		count, sum := histogram(t, reg, "zerodown_shutdown_duration_seconds", nil)
		assert.Equal(t, uint64(1), count)
		assert.InDelta(t, 2.0, sum, 1e-9)

		require.Error(t, r.Wait())
		close(release)
		count, _ = histogram(t, reg, "zerodown_shutdown_duration_seconds", nil)
		assert.Equal(t, uint64(1), count, "the end after a force quit is not observed again")
	})
}

func TestMetrics_Lint(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := MustNew(WithRegisterer(reg))
	var f InFlight
	defer m.TrackInFlight("rpc", Requests, f.Load)()
	m.StateChanged(proc.StateWrappingUp, time.Now())
	m.HookEnded(proc.PhaseWrapUp, "deregister", proc.OutcomeOK, time.Millisecond, nil)
	m.StateChanged(proc.StateDraining, time.Now())

	problems, err := testutil.GatherAndLint(reg)
	require.NoError(t, err)
	assert.Empty(t, problems)
}
