// Package table prints the drill's results: one row per scenario and
// metric, the two builds side by side, and their ratio.
package table

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

type (
	// A Cell is one build's value for a metric: a text, and a number when
	// the metric has one, from which the ratio is computed.
	Cell struct {
		Text   string
		Value  float64
		Number bool
	}

	// A Row is one metric of one scenario.
	Row struct {
		Scenario, Metric string
		A, B             Cell
	}

	// A Table compares build A with build B.
	Table struct {
		A, B string
		Rows []Row
	}
)

// Num returns a numeric cell whose text is v formatted with format.
func Num(v float64, format string) Cell {
	return Cell{Text: fmt.Sprintf(format, v), Value: v, Number: true}
}

// Int returns a numeric cell for a count.
func Int(n int) Cell {
	return Num(float64(n), "%.0f")
}

// Text returns a cell with no number: its ratio is not computed.
func Text(s string) Cell {
	return Cell{Text: s}
}

// Add appends a row.
func (t *Table) Add(scenario, metric string, a, b Cell) {
	t.Rows = append(t.Rows, Row{Scenario: scenario, Metric: metric, A: a, B: b})
}

// Ratio returns a/b as text: "-" without two numbers, "=" when both are 0,
// "inf" when only b is 0.
func Ratio(a, b Cell) string {
	switch {
	case !a.Number || !b.Number:
		return "-"
	case a.Value == 0 && b.Value == 0:
		return "="
	case b.Value == 0:
		return "inf"
	default:
		return fmt.Sprintf("%.2f", a.Value/b.Value)
	}
}

// Write prints the table to w, its columns aligned; a scenario's name is
// printed on its first row only.
func (t *Table) Write(w io.Writer) error {
	header := []string{"scenario", "metric", t.A, t.B, t.A + "/" + t.B}
	lines := [][]string{header}
	prev := ""
	for _, r := range t.Rows {
		name := r.Scenario
		if name == prev {
			name = ""
		}
		prev = r.Scenario
		lines = append(lines, []string{name, r.Metric, r.A.Text, r.B.Text, Ratio(r.A, r.B)})
	}

	widths := make([]int, len(header))
	for _, l := range lines {
		for i, s := range l {
			widths[i] = max(widths[i], utf8.RuneCountInString(s))
		}
	}
	var b strings.Builder
	for n, l := range lines {
		if n == 1 || (n > 1 && l[0] != "") {
			b.WriteString(rule(widths))
		}
		for i, s := range l {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(s))
			if i < 2 {
				b.WriteString(s + pad)
			} else {
				b.WriteString(pad + s)
			}
			if i < len(l)-1 {
				b.WriteString("  ")
			}
		}
		b.WriteString("\n")
	}
	b.WriteString(rule(widths))
	_, err := io.WriteString(w, b.String())
	return err
}

// rule is a line as wide as the table.
func rule(widths []int) string {
	n := 2 * (len(widths) - 1)
	for _, w := range widths {
		n += w
	}
	return strings.Repeat("-", n) + "\n"
}
