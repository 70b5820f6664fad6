package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/internal/kaload"
	"github.com/zerodown/zerodown/tools/drill/internal/consumed"
	"github.com/zerodown/zerodown/tools/drill/internal/fleet"
	"github.com/zerodown/zerodown/tools/drill/internal/table"
	"github.com/zerodown/zerodown/tools/drill/internal/tally"
)

func TestParseFlags_Errors(t *testing.T) {
	tests := []struct {
		name string
		give []string
	}{
		{name: "no instances", give: []string{"-n", "0"}},
		{name: "wrap-up not before wait", give: []string{"-wrapup", "2s", "-wait", "2s"}},
		{name: "no kafka runs", give: []string{"-kafka-runs", "0"}},
		{name: "no kafka rate", give: []string{"-kafka-rate", "0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseFlags(tt.give, io.Discard)
			assert.Error(t, err)
		})
	}
}

func TestSelectScenarios(t *testing.T) {
	got, err := selectScenarios("idle,unary")
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "unary", got[0].key, "scenarios run in their own order")
	assert.Equal(t, "idle", got[1].key)

	_, err = selectScenarios("unary,nope")
	assert.ErrorContains(t, err, `unknown scenario "nope"`)
}

func TestRows_CountFailuresLostWritesAndExits(t *testing.T) {
	zd, st := new(result), new(result)
	for _, id := range []string{"a", "b"} {
		zd.load("calls").Record(tally.OK, id)
	}
	st.load("calls").Record(tally.OK, "c")
	st.load("calls").Record("Internal", "d")
	st.load("calls").Record("Internal", "e")
	zd.found = map[string]bool{"a": true, "b": true}
	st.found = map[string]bool{"d": true}
	zd.exits = []fleet.Exit{{Code: 0, After: 10 * time.Millisecond}}
	st.exits = []fleet.Exit{{Code: 143, After: 5500 * time.Millisecond, Killed: false}}

	tb := &table.Table{A: "zerodown", B: "stock"}
	callRows(tb, "s", zd, st)
	exitRows(tb, "s", zd, st)
	got := map[string][2]string{}
	for _, r := range tb.Rows {
		got[r.Metric] = [2]string{r.A.Text, r.B.Text}
	}
	assert.Equal(t, map[string][2]string{
		"calls: ok":              {"2", "1"},
		"calls: failed":          {"0", "2 (Internal 2)"},
		"calls: writes acked":    {"2", "1"},
		"calls: writes lost":     {"0", "1"},
		"writes found in stores": {"2", "1"},
		"exit codes":             {"0", "143"},
		"SIGTERM→exit, each":     {"0.01s", "5.50s"},
		"SIGTERM→exit, max":      {"0.01s", "5.50s"},
	}, got)
}

func TestKARows_SumRunsAndShowEach(t *testing.T) {
	zd := &result{kaClients: 300, ka: []kaload.Counts{{OK: 10}, {OK: 20}}}
	st := &result{kaClients: 300, ka: []kaload.Counts{
		{OK: 9, EstablishedBeforeDrain: 2, ExecutedButLost: 1}, {OK: 8, EstablishedAfter: 3, Refused: 300},
	}}
	tb := &table.Table{A: "zerodown", B: "stock"}
	kaRows(tb, "ka", zd, st)
	got := map[string][2]string{}
	for _, r := range tb.Rows {
		got[r.Metric] = [2]string{r.A.Text, r.B.Text}
	}
	assert.Equal(t, [2]string{"300 × 2", "300 × 2"}, got["keep-alive clients × runs"])
	assert.Equal(t, [2]string{"30 (10 20)", "17 (9 8)"}, got["requests ok"])
	assert.Equal(t, [2]string{"0 (0 0)", "2 (2 0)"}, got["failed on established conns, SIGTERM→drain"])
	assert.Equal(t, [2]string{"0 (0 0)", "3 (0 3)"}, got["failed on established conns, from drain"])
	assert.Equal(t, [2]string{"0 (0 0)", "1 (1 0)"}, got["executed but lost"])
	assert.Equal(t, [2]string{"0 (0 0)", "300 (0 300)"}, got["refused connections"])
}

func TestKafkaRows_SumRunsAndShowEachRestart(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	zd := &result{consumers: 3, kafkaFailed: []int{0, 0}, kafka: []consumed.Counts{
		{Produced: 10, Once: 10, LastStart: []time.Duration{ms(-50), ms(-20)}},
		{Produced: 20, Once: 20, LastStart: []time.Duration{0, ms(-1)}},
	}}
	st := &result{consumers: 3, kafkaFailed: []int{1, 0}, kafka: []consumed.Counts{
		{Produced: 10, Once: 7, Twice: 2, Never: 1, AfterClose: 3, NotStored: 2, NotInKafka: 1,
			LastStart: []time.Duration{ms(1710), ms(-5)}},
		{Produced: 20, Once: 18, Twice: 2, AfterClose: 1, NotStored: 1, LastStart: []time.Duration{ms(1370), ms(2990)}},
	}}
	tb := &table.Table{A: "zerodown", B: "stock"}
	kafkaRows(tb, "kafka", zd, st)
	got := map[string][2]string{}
	for _, r := range tb.Rows {
		got[r.Metric] = [2]string{r.A.Text, r.B.Text}
	}
	assert.Equal(t, map[string][2]string{
		"consumers × runs":                               {"3 × 2", "3 × 2"},
		"ids produced (API answered 200)":                {"30 (10 20)", "30 (10 20)"},
		"API pushes failed":                              {"0 (0 0)", "1 (1 0)"},
		"produced, never written to Kafka":               {"0 (0 0)", "1 (1 0)"},
		"produced, written to Kafka twice or more":       {"0 (0 0)", "0 (0 0)"},
		"handled once":                                   {"30 (10 20)", "25 (7 18)"},
		"handled twice or more":                          {"0 (0 0)", "4 (2 2)"},
		"never handled":                                  {"0 (0 0)", "1 (1 0)"},
		"handler runs after the DB close":                {"0 (0 0)", "4 (3 1)"},
		"handlers started after the shutdown began (t0)": {"0 (0 0)", "0 (0 0)"},
		"produced, not in the store":                     {"0 (0 0)", "3 (2 1)"},
		"SIGTERM→last handler start, worst":              {"none", "2.99s"},
		"SIGTERM→last handler start, each":               {"- - | - -", "1.71s - | 1.37s 2.99s"},
	}, got)
}

// TestDrill runs the whole drill, which takes minutes: only with
// ZERODOWN_DRILL=1.
func TestDrill(t *testing.T) {
	if os.Getenv("ZERODOWN_DRILL") != "1" {
		t.Skip("set ZERODOWN_DRILL=1 to run the drill")
	}
	var out strings.Builder
	t.Chdir("../..")
	require.NoError(t, run(nil, &out, os.Stderr))
	t.Log("\n" + out.String())
	assert.Contains(t, out.String(), "idle")
}

func TestShutdownBegan_ReadsTheInstanceLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "i0.log")
	require.NoError(t, os.WriteFile(path, []byte("some log line\nmq: shutdown began at 1500000000000000000\nmore\n"), 0o644))
	assert.Equal(t, time.Unix(0, 1500000000000000000), shutdownBegan(path))
	assert.True(t, shutdownBegan(filepath.Join(t.TempDir(), "missing")).IsZero())
}
