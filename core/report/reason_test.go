package report_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/report"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

func TestRecorder_EmptyReasonIsAFailure(t *testing.T) {
	logs := logtest.NewCollector(t)
	rec := report.New(report.Conf{})
	r, codes := newRegistry(t, proc.ShutdownConf{WrapUpTime: time.Millisecond, WaitTime: time.Minute}, rec)
	r.Terminate(errors.New(""))
	require.Error(t, r.Wait())
	assert.Equal(t, proc.ExitCodeFatal, <-codes)

	rep, ok := rec.Last()
	require.True(t, ok)
	assert.Equal(t, report.OutcomeFailed, rep.Outcome)
	assert.NotEmpty(t, rep.Reason, "the report says there was a reason")
	assert.NotContains(t, logs.String(), "Shutdown report: ok")
}
