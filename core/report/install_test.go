package report_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/metric"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/report"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

// fixedInFlight is an InFlightSource that always counts the same.
type fixedInFlight []metric.Count

func (f fixedInFlight) InFlightNow() []metric.Count { return f }

// newPlainRegistry returns a Registry with no observer whose exit fails the
// test.
func newPlainRegistry(t *testing.T) *proc.Registry {
	t.Helper()
	r, err := proc.NewRegistry(proc.ShutdownConf{WaitTime: time.Minute},
		proc.WithExit(func(code int) { t.Errorf("registry exited with code %d", code) }))
	require.NoError(t, err)
	return r
}

func TestFor_OneRecorderPerRegistry(t *testing.T) {
	logs := logtest.NewCollector(t)
	r := newPlainRegistry(t)
	other := newPlainRegistry(t)

	var wg sync.WaitGroup
	got := make([]*report.Recorder, 8)
	for i := range got {
		wg.Go(func() { got[i] = report.For(r, report.Conf{}) })
	}
	wg.Wait()
	for i, rec := range got {
		assert.Same(t, got[0], rec, "call %d returned another Recorder", i)
	}
	assert.NotSame(t, got[0], report.For(other, report.Conf{}), "another Registry shares the Recorder")

	r.Terminate(nil)
	require.NoError(t, r.Wait())
	_, ok := got[0].Last()
	assert.True(t, ok, "the Recorder follows its Registry")
	assert.Len(t, entries(t, logs, "Shutdown report"), 1, "one report per shutdown; logs:\n%s", logs)
}

func TestFor_FirstPathWins(t *testing.T) {
	logs := logtest.NewCollector(t)
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first"), filepath.Join(dir, "second")
	r := newPlainRegistry(t)

	rec := report.For(r, report.Conf{})
	report.For(r, report.Conf{TerminationLogPath: first})
	report.For(r, report.Conf{TerminationLogPath: second})
	report.For(r, report.Conf{})
	assert.Contains(t, logs.String(), "report: termination log "+second+" ignored")

	r.Terminate(nil)
	require.NoError(t, r.Wait())
	rep, ok := rec.Last()
	require.True(t, ok, "no report")
	file, err := os.ReadFile(first)
	require.NoError(t, err, "the first path set is written")
	assert.Equal(t, rep.String(), string(file))
	_, err = os.Stat(second)
	assert.ErrorIs(t, err, os.ErrNotExist, "a later, different path is not written")
}

func TestFor_InFlightSourceFilledIn(t *testing.T) {
	logtest.Discard(t)
	r := newPlainRegistry(t)
	src := fixedInFlight{{Server: "zrpc :8080", Kind: metric.Requests, N: 2}}

	rec := report.For(r, report.Conf{})
	report.For(r, report.Conf{}, report.WithInFlight(src))
	report.For(r, report.Conf{}, report.WithInFlight(fixedInFlight{})) // has one now: ignored

	r.Terminate(nil)
	require.NoError(t, r.Wait())
	rep, _ := rec.Last()
	assert.Equal(t, []report.InFlight{{Server: "zrpc :8080", Kind: "requests", N: 2}}, rep.InFlight)
}

func TestInstall_IsForDefaultRegistry(t *testing.T) {
	logtest.Discard(t)
	rec := report.Install(report.Conf{})
	assert.Same(t, rec, report.Install(report.Conf{}))
	assert.Same(t, rec, report.For(proc.DefaultRegistry, report.Conf{}))
}
