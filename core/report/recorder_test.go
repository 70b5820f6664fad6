package report_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/metric"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/report"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

func TestRecorder_Shutdown(t *testing.T) {
	logs := logtest.NewCollector(t)
	path := filepath.Join(t.TempDir(), "termination-log")
	synctest.Test(t, func(t *testing.T) {
		m := metric.MustNew(metric.WithRegisterer(prometheus.NewRegistry()))
		var requests metric.InFlight
		var shards []metric.Shard
		for range 3 {
			shards = append(shards, requests.Inc())
		}
		defer m.TrackInFlight("rpc :8080", metric.Requests, requests.Load)()
		rec := report.New(report.Conf{TerminationLogPath: path}, report.WithInFlight(m))
		r, codes := newRegistry(t, proc.ShutdownConf{WrapUpTime: time.Second, WaitTime: 10 * time.Second}, rec)

		release := make(chan struct{})
		defer close(release)
		require.NoError(t, r.AddWrapUpHook("deregister", func(context.Context) error {
			time.Sleep(100 * time.Millisecond)
			return nil
		}))
		require.NoError(t, r.AddDrainHook("rpc :8080", func(context.Context) error {
			time.Sleep(200 * time.Millisecond)
			requests.Dec(shards[0])
			requests.Dec(shards[1])
			return nil
		}))
		require.NoError(t, r.AddShutdownHook("flush", func(ctx context.Context) error {
			select {
			case <-release:
				return nil
			case <-ctx.Done(): // a hook that ignored it would be abandoned, and awaited until WaitTime
				return ctx.Err()
			}
		}, proc.WithTimeout(time.Second)))
		require.NoError(t, r.AddShutdownHook("cache", func(context.Context) error { panic("boom") }))
		require.NoError(t, r.AddShutdownHook("db", func(context.Context) error { return errors.New("db busy") }))
		_, ok := rec.Last()
		assert.False(t, ok, "a report before the shutdown")

		r.Terminate(nil)
		require.Error(t, r.Wait())
		if len(codes) > 0 {
			t.Errorf("exit code %d", <-codes)
		}

		rep, ok := rec.Last()
		require.True(t, ok, "no report after the shutdown")
		assert.Equal(t, report.OutcomeFailed, rep.Outcome)
		assert.Equal(t, 2200*time.Millisecond, rep.Duration, "the fake clock makes durations exact")
		assert.Equal(t, []report.Span{
			{Name: "wrap-up", Start: 0, Duration: 100 * time.Millisecond, Done: true, Budget: 9 * time.Second},
			{Name: "delay", Start: 100 * time.Millisecond, Duration: 900 * time.Millisecond, Done: true, Budget: time.Second},
			{Name: "drain", Start: time.Second, Duration: 200 * time.Millisecond, Done: true, Budget: 9 * time.Second},
			{Name: "shutdown", Start: 1200 * time.Millisecond, Duration: time.Second, Done: true, Budget: 10 * time.Second},
		}, rep.Phases, "each phase with the end of its budget: WaitTime 10s − ShutdownReserve 1s, WaitTime for the shutdown")
		assert.Equal(t, []report.Hook{
			{Phase: "wrap-up", Name: "deregister", Start: 0, Duration: 100 * time.Millisecond, Outcome: "ok"},
			{Phase: "drain", Name: "rpc :8080", Start: time.Second, Duration: 200 * time.Millisecond, Outcome: "ok"},
			{Phase: "shutdown", Name: "db", Start: 1200 * time.Millisecond, Outcome: "error", Error: "db busy"},
			{Phase: "shutdown", Name: "cache", Start: 1200 * time.Millisecond, Outcome: "panic", Error: "panic: boom"},
			{Phase: "shutdown", Name: "flush", Start: 1200 * time.Millisecond, Duration: time.Second,
				Outcome: "timeout", Error: "context deadline exceeded"},
		}, rep.Hooks, "hooks in the order they started, shutdown hooks in reverse order of registration")
		assert.Equal(t, []report.InFlight{{Server: "rpc :8080", Kind: "requests", N: 3}}, rep.InFlight)
		assert.Equal(t, []report.InFlight{{Server: "rpc :8080", Kind: "requests", N: 1}}, rep.LeftInFlight)
		assert.Empty(t, rep.Running)
		assert.Equal(t, "Terminate", rep.Trigger, "proc tells a TriggerObserver what started the shutdown")
	})

	got := entries(t, logs, "Shutdown report")
	require.Len(t, got, 1, "one log entry for the report; logs:\n%s", logs)
	assert.Equal(t, "error", got[0].Level)
	assert.Equal(t, "Shutdown report: failed in 2.2s", got[0].Content)
	var logged jsonReport
	require.NoError(t, json.Unmarshal(got[0].Shutdown, &logged), "shutdown field %s", got[0].Shutdown)
	assert.Equal(t, "failed", logged.Outcome)
	assert.Equal(t, "2.2s", logged.Duration)
	require.Len(t, logged.Hooks, 5)
	for i, want := range []string{"deregister ok", "rpc :8080 ok", "db error", "cache panic", "flush timeout"} {
		assert.Equal(t, want, logged.Hooks[i].Name+" "+logged.Hooks[i].Outcome, "hook %d", i)
	}
	assert.Equal(t, "1s", logged.Hooks[1].Start)
	assert.Equal(t, "200ms", logged.Hooks[1].Duration)

	file, err := os.ReadFile(path)
	require.NoError(t, err)
	text := string(file)
	assert.True(t, strings.HasPrefix(text, "shutdown failed in 2.2s (trigger: Terminate)\n"), "file starts with the summary:\n%s", text)
	assert.Contains(t, text, "in flight at drain start: rpc :8080 requests 3\n")
	assert.Contains(t, text, "left in flight at the end: rpc :8080 requests 1\n")
	assert.Regexp(t, `\n  shutdown +db +\+1\.2s +0s +error: db busy\n`, text)
	assert.Regexp(t, `\n  drain +\+1s +200ms +by \+9s\n`, text)
}

func TestRecorder_ForceQuit(t *testing.T) {
	logs := logtest.NewCollector(t)
	synctest.Test(t, func(t *testing.T) {
		rec := report.New(report.Conf{})
		r, codes := newRegistry(t, proc.ShutdownConf{WrapUpTime: time.Second, WaitTime: 2 * time.Second}, rec)
		release := make(chan struct{})
		require.NoError(t, r.AddShutdownHook("stuck", func(context.Context) error { <-release; return nil }))
		require.NoError(t, r.AddShutdownHook("db", func(context.Context) error { return nil }))

		r.Terminate(nil)
		assert.Equal(t, proc.ExitCodeForceQuit, <-codes)
		rep, ok := rec.Last()
		require.True(t, ok, "no report at the force quit")
		assert.Equal(t, report.OutcomeForceQuit, rep.Outcome)
		assert.Equal(t, 2*time.Second, rep.Duration)
		assert.Equal(t, []string{"stuck"}, rep.Running)
		assert.Equal(t, report.Span{Name: "shutdown", Start: 0, Duration: 2 * time.Second, Done: false, Budget: 2 * time.Second},
			rep.Phases[len(rep.Phases)-1], "the phase cut off")
		require.Len(t, rep.Hooks, 2)
		assert.Equal(t, report.Hook{Phase: "shutdown", Name: "db", Outcome: "ok"}, rep.Hooks[0])
		stuck := rep.Hooks[1]
		assert.Equal(t, "stuck", stuck.Name)
		assert.Equal(t, 2*time.Second, stuck.Duration)
		// Its context ends at the force-quit deadline too: which of the two
		// proc reports first is a tie.
		assert.Contains(t, []string{report.HookRunning, "timeout"}, stuck.Outcome)

		// With an injected exit the sequence goes on; the report stays the
		// one of the force quit.
		require.Error(t, r.Wait())
		close(release)
		again, _ := rec.Last()
		assert.Equal(t, rep, again)
	})
	got := entries(t, logs, "Shutdown report")
	require.Len(t, got, 1, "one log entry for the report; logs:\n%s", logs)
	assert.Equal(t, "Shutdown report: force-quit in 2s", got[0].Content)
	var logged jsonReport
	require.NoError(t, json.Unmarshal(got[0].Shutdown, &logged))
	assert.Equal(t, []string{"stuck"}, logged.Running)
}

func TestRecorder_OKIsInfo(t *testing.T) {
	logs := logtest.NewCollector(t)
	rec := report.New(report.Conf{})
	r, codes := newRegistry(t, proc.ShutdownConf{WaitTime: time.Minute}, rec)
	require.NoError(t, r.AddShutdownHook("db", func(context.Context) error { return nil }))

	r.Terminate(nil)
	require.NoError(t, r.Wait())

	assert.Empty(t, codes)
	got := entries(t, logs, "Shutdown report")
	require.Len(t, got, 1)
	assert.Equal(t, "info", got[0].Level)
	rep, _ := rec.Last()
	assert.Equal(t, report.OutcomeOK, rep.Outcome)
	assert.Equal(t, []string{"wrap-up", "delay", "drain", "shutdown"}, phaseNames(rep),
		"every phase is reported, even empty ones")
}

func TestRecorder_Triggered(t *testing.T) {
	logtest.Discard(t)
	rec := report.New(report.Conf{})
	r, codes := newRegistry(t, proc.ShutdownConf{WaitTime: time.Minute}, rec)
	reason := errors.New("lost the database\nwith details")

	rec.Triggered("Terminate", reason)
	r.Terminate(reason)
	require.ErrorIs(t, r.Wait(), reason)

	assert.Equal(t, proc.ExitCodeFatal, <-codes)
	rep, _ := rec.Last()
	assert.Equal(t, report.OutcomeFailed, rep.Outcome, "a fatal reason fails the shutdown")
	assert.Equal(t, "Terminate", rep.Trigger)
	assert.Equal(t, "lost the database", rep.Reason)
	assert.True(t, strings.HasPrefix(rep.String(), "shutdown failed in "), rep.String())
	assert.Contains(t, rep.String(), "(trigger: Terminate)\nreason: lost the database\n")
}

func phaseNames(rep report.Report) []string {
	names := make([]string, len(rep.Phases))
	for i, p := range rep.Phases {
		names[i] = p.Name
	}
	return names
}
