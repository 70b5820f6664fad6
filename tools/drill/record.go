package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/zerodown/zerodown/tools/drill/internal/mdsection"
	"github.com/zerodown/zerodown/tools/drill/internal/table"
)

// A record is what the drill writes into a Markdown file with -write: per
// scenario its table, the command that produced it and the machine it ran
// on, so that no figure is copied by hand.
type record struct {
	command  string // as typed, "go run ./tools/drill ..."
	settings string // instances, lag, WrapUpTime, ...
	machine  string
	when     time.Time
	load     string // load average at the start
}

// newRecord describes the run that args start, on this machine.
func newRecord(args []string, c config, now time.Time) record {
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = shellQuote(a)
	}
	return record{
		command: strings.TrimSpace("go run ./tools/drill " + strings.Join(quoted, " ")),
		settings: fmt.Sprintf("%d instances, lag %v, WrapUpTime %v, WaitTime %v, %d workers",
			c.Instances, c.Lag, c.WrapUpTime, c.WaitTime, c.Workers),
		machine: machineLong(),
		when:    now.UTC(),
		load:    loadAverage(),
	}
}

// write sets, in the file at path, the section of every scenario in t, and
// leaves the other sections and the prose as they are. keys give each
// scenario title its section key (else a slug of the title), units what its
// picture counts (else calls per 100 ms).
func (r record) write(path string, t *table.Table, keys, units map[string]string) error {
	doc, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("drill -write: %w", err)
	}
	for _, title := range titles(t) {
		key, ok := keys[title]
		if !ok {
			key = slug(title)
		}
		body := r.body(t, title)
		if pic := filepath.Join("benchmarks", key+".svg"); fileExists(filepath.Join(filepath.Dir(path), pic)) {
			unit := units[title]
			if unit == "" {
				unit = "calls per 100 ms"
			}
			body += fmt.Sprintf("\n![%s: %s, zerodown and stock](%s)\n", title, unit, pic)
		}
		if doc, err = mdsection.Set(doc, key, "### "+title, body); err != nil {
			return fmt.Errorf("drill -write %s: %w", path, err)
		}
	}
	return os.WriteFile(path, doc, 0o644)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// body is one scenario's section: the command and machine, then its table.
func (r record) body(t *table.Table, title string) string {
	sub := &table.Table{A: t.A, B: t.B}
	for _, row := range t.Rows {
		if row.Scenario == title {
			sub.Rows = append(sub.Rows, row)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Written by `%s` on %s (%s).  \n", r.command, r.when.Format("2006-01-02 15:04 MST"), r.settings)
	fmt.Fprintf(&b, "Machine: %s; load average %s at the start.\n\n", r.machine, r.load)
	b.WriteString("```text\n")
	_ = sub.Write(&b)
	b.WriteString("```\n")
	return b.String()
}

// titles returns the scenarios of t in the order of their first row.
func titles(t *table.Table) []string {
	var out []string
	seen := map[string]bool{}
	for _, row := range t.Rows {
		if !seen[row.Scenario] {
			seen[row.Scenario] = true
			out = append(out, row.Scenario)
		}
	}
	return out
}

var nonKey = regexp.MustCompile(`[^a-z0-9]+`)

// slug is the section key of a scenario the drill has no key for.
func slug(title string) string {
	return strings.Trim(nonKey.ReplaceAllString(strings.ToLower(title), "-"), "-")
}

// shellQuote quotes a for a POSIX shell when it needs it.
func shellQuote(a string) string {
	if a != "" && !strings.ContainsAny(a, " \t\n'\"\\$`*?[]{}()<>|&;#~") {
		return a
	}
	return "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
}
