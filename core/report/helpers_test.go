package report_test

import (
	"bufio"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/report"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

// newRegistry returns a Registry observed by rec, whose exit codes go to the
// returned channel instead of ending the test.
func newRegistry(t *testing.T, c proc.ShutdownConf, rec *report.Recorder) (*proc.Registry, chan int) {
	t.Helper()
	codes := make(chan int, 4)
	r, err := proc.NewRegistry(c, proc.WithExit(func(code int) { codes <- code }), proc.WithObserver(rec))
	require.NoError(t, err)
	return r, codes
}

// entry is one JSON log entry as logx writes it.
type entry struct {
	Level    string          `json:"level"`
	Content  string          `json:"content"`
	Shutdown json.RawMessage `json:"shutdown"`
}

// entries returns the collected log entries whose content starts with prefix.
func entries(t *testing.T, logs *logtest.Buffer, prefix string) []entry {
	t.Helper()
	var out []entry
	sc := bufio.NewScanner(strings.NewReader(logs.String()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e entry
		require.NoError(t, json.Unmarshal(sc.Bytes(), &e), "log line %s", sc.Text())
		if strings.HasPrefix(e.Content, prefix) {
			out = append(out, e)
		}
	}
	require.NoError(t, sc.Err())
	return out
}

// jsonReport is the report as the log entry carries it.
type jsonReport struct {
	Outcome  string `json:"outcome"`
	Trigger  string `json:"trigger"`
	Reason   string `json:"reason"`
	Duration string `json:"duration"`
	Phases   []struct {
		Phase    string `json:"phase"`
		Start    string `json:"start"`
		Duration string `json:"duration"`
		Done     bool   `json:"done"`
	} `json:"phases"`
	Hooks []struct {
		Phase    string `json:"phase"`
		Name     string `json:"hook"`
		Start    string `json:"start"`
		Duration string `json:"duration"`
		Outcome  string `json:"outcome"`
		Error    string `json:"error"`
	} `json:"hooks"`
	Running  []string `json:"running"`
	InFlight []struct {
		Server string `json:"server"`
		Kind   string `json:"kind"`
		N      int64  `json:"n"`
	} `json:"inFlight"`
}
