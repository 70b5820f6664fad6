package report_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/report"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

// TestRecorder_Upgrades: the report of a process that handed over lists its
// upgrades, the failed one with why, and the trigger names the hand-over.
func TestRecorder_Upgrades(t *testing.T) {
	logtest.Discard(t)
	rec := report.New(report.Conf{})
	r, _ := newRegistry(t, proc.ShutdownConf{WrapUpTime: time.Second, WaitTime: 10 * time.Second}, rec)
	at := time.Date(2026, 12, 1, 20, 0, 0, 0, time.UTC)

	rec.UpgradeStarted(at)
	rec.UpgradeFailed(272*time.Millisecond, errors.New("child pid=7 exited: exit status 1"))
	rec.UpgradeStarted(at.Add(time.Minute))
	rec.UpgradeReady(366 * time.Millisecond)
	require.True(t, r.HandOver("upgrade: new process ready after 366ms"))
	require.NoError(t, r.Wait())

	rep, ok := rec.Last()
	require.True(t, ok)
	assert.Equal(t, "upgrade: new process ready after 366ms", rep.Trigger)
	assert.Equal(t, []report.Upgrade{
		{Start: at, Outcome: report.UpgradeFailed, After: 272 * time.Millisecond,
			Error: "child pid=7 exited: exit status 1"},
		{Start: at.Add(time.Minute), Outcome: report.UpgradeReady, After: 366 * time.Millisecond},
	}, rep.Upgrades)
	assert.Contains(t, rep.String(), "upgrade at 2026-12-01T20:00:00Z: failed after 272ms: child pid=7 exited: exit status 1\n"+
		"upgrade at 2026-12-01T20:01:00Z: ready after 366ms\n")

	var view struct {
		Upgrades []struct{ Outcome, After, Error string }
	}
	data, err := json.Marshal(rep)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &view))
	require.Len(t, view.Upgrades, 2)
	assert.Equal(t, "366ms", view.Upgrades[1].After)
}
