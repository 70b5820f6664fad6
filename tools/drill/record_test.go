package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/tools/drill/internal/mdsection"
	"github.com/zerodown/zerodown/tools/drill/internal/table"
)

func TestRecord_WritesEveryScenarioWithCommandAndMachine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bench.md")
	old := "# B\n\n" + mdsection.Begin("idle") + "\nold figures\n" + mdsection.End("idle") +
		"\n\nprose stays\n\n" + mdsection.NewHere + "\n"
	require.NoError(t, os.WriteFile(path, []byte(old), 0o644))

	tb := &table.Table{A: "zerodown", B: "stock"}
	tb.Add("idle", "exit codes", table.Text("0"), table.Text("0"))
	tb.Add("a new scenario", "calls: ok", table.Int(5), table.Int(4))
	c, err := parseFlags([]string{"-scenarios", "idle", "-n", "2"}, nil)
	require.NoError(t, err)
	rec := newRecord([]string{"-scenarios", "idle", "-write", "docs/benchmarks.md"}, c,
		time.Date(2026, 12, 1, 20, 0, 0, 0, time.UTC))
	require.NoError(t, rec.write(path, tb, map[string]string{"idle": "idle"}, nil))

	got, err := os.ReadFile(path)
	require.NoError(t, err)
	doc := string(got)
	assert.NotContains(t, doc, "old figures")
	assert.Contains(t, doc, "prose stays")
	assert.Equal(t, []string{"idle", "a-new-scenario"}, mdsection.Keys(got), "a scenario without markers gets a section")
	assert.Contains(t, doc, "### a new scenario\n")
	assert.Contains(t, doc, "`go run ./tools/drill -scenarios idle -write docs/benchmarks.md` on 2026-12-01 20:00 UTC (2 instances,")
	assert.Contains(t, doc, "Machine: nproc ")
	assert.Contains(t, doc, cpuModel())
	assert.Equal(t, 2, strings.Count(doc, "\nscenario "), "each section has its own table header")
	assert.Less(t, strings.Index(doc, "a new scenario"), strings.Index(doc, mdsection.NewHere))
}

func TestShellQuote(t *testing.T) {
	assert.Equal(t, "-n", shellQuote("-n"))
	assert.Equal(t, "'a b'", shellQuote("a b"))
	assert.Equal(t, `'it'\''s'`, shellQuote("it's"))
}
