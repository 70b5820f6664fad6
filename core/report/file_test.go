package report_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/report"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

func TestRecorder_TerminationLogTruncated(t *testing.T) {
	logtest.Discard(t)
	path := filepath.Join(t.TempDir(), "termination-log")
	require.NoError(t, os.WriteFile(path, []byte(strings.Repeat("old ", 2000)), 0o644))
	rec := report.New(report.Conf{TerminationLogPath: path})
	r, _ := newRegistry(t, proc.ShutdownConf{WaitTime: time.Minute}, rec)
	for i := range 200 {
		name := "close the connection pool to shard " + strings.Repeat("é", 10) + string(rune('a'+i%26)) + time.Duration(i).String()
		require.NoError(t, r.AddShutdownHook(name, func(context.Context) error { return nil }))
	}

	r.Terminate(nil)
	require.NoError(t, r.Wait())

	file, err := os.ReadFile(path)
	require.NoError(t, err)
	rep, _ := rec.Last()
	require.Greater(t, len(rep.String()), report.MaxFileSize, "the report must be longer than the limit")
	assert.LessOrEqual(t, len(file), report.MaxFileSize)
	text := string(file)
	assert.True(t, strings.HasPrefix(text, "shutdown ok in "), "keeps the head:\n%s", text)
	assert.True(t, strings.HasSuffix(text, "\n... (truncated)\n"), "says it was cut:\n%s", text[len(text)-100:])
	assert.True(t, strings.HasPrefix(rep.String(), strings.TrimSuffix(text, "\n... (truncated)\n")),
		"a prefix of the report, cut at a line")
	assert.NotContains(t, text, "old ", "the file is replaced, not appended to")
}

func TestRecorder_TerminationLogUnwritable(t *testing.T) {
	tests := []struct {
		name     string
		givePath string
		wantLog  []string
	}{
		{
			name:     "a directory",
			givePath: t.TempDir(),
			wantLog:  []string{"report: write termination log"},
		},
		{
			name:     "no such directory",
			givePath: filepath.Join(t.TempDir(), "missing", "termination-log"),
			wantLog:  []string{"the shutdown report will only be logged", "report: write termination log"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs := logtest.NewCollector(t)
			rec := report.New(report.Conf{TerminationLogPath: tt.givePath})
			r, codes := newRegistry(t, proc.ShutdownConf{WaitTime: time.Minute}, rec)
			require.NoError(t, r.AddShutdownHook("db", func(context.Context) error { return nil }))

			r.Terminate(nil)
			require.NoError(t, r.Wait(), "a failed write is not a failed shutdown")

			assert.Empty(t, codes, "a failed write does not exit")
			for _, want := range tt.wantLog {
				assert.Contains(t, logs.String(), want)
			}
			require.Len(t, entries(t, logs, "Shutdown report"), 1, "the report is still logged")
			rep, _ := rec.Last()
			assert.Equal(t, report.OutcomeOK, rep.Outcome)
		})
	}
}
