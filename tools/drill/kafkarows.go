package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/zerodown/zerodown/tools/drill/internal/consumed"
	"github.com/zerodown/zerodown/tools/drill/internal/table"
)

// kafkaRows adds the kafka scenario's counts: the sum over the runs, and
// each run's in parentheses; then the time from each SIGTERM to the last
// handler its instance started.
func kafkaRows(t *table.Table, title string, a, b *result) {
	t.Add(title, "consumers × runs", table.Text(consumerRuns(a)), table.Text(consumerRuns(b)))
	t.Add(title, "ids produced (API answered 200)", kafkaCell(a, func(c consumed.Counts) int { return c.Produced }),
		kafkaCell(b, func(c consumed.Counts) int { return c.Produced }))
	t.Add(title, "API pushes failed", sumCell(a.kafkaFailed), sumCell(b.kafkaFailed))
	for _, m := range []struct {
		name string
		get  func(consumed.Counts) int
	}{
		{"produced, never written to Kafka", func(c consumed.Counts) int { return c.NotInKafka }},
		{"produced, written to Kafka twice or more", func(c consumed.Counts) int { return c.KafkaTwice }},
		{"handled once", func(c consumed.Counts) int { return c.Once }},
		{"handled twice or more", func(c consumed.Counts) int { return c.Twice }},
		{"never handled", func(c consumed.Counts) int { return c.Never }},
		{"handler runs after the DB close", func(c consumed.Counts) int { return c.AfterClose }},
		{"produced, not in the store", func(c consumed.Counts) int { return c.NotStored }},
	} {
		t.Add(title, m.name, kafkaCell(a, m.get), kafkaCell(b, m.get))
	}
	t.Add(title, "handlers started after the shutdown began (t0)",
		kafkaCell(a, func(c consumed.Counts) int { return c.StartedAfterT0 }),
		kafkaCell(b, func(c consumed.Counts) int { return c.StartedAfterT0 }))
	t.Add(title, "SIGTERM→last handler start, worst", worstStart(a.kafka), worstStart(b.kafka))
	t.Add(title, "SIGTERM→last handler start, each", table.Text(lastStarts(a.kafka)), table.Text(lastStarts(b.kafka)))
}

func consumerRuns(r *result) string {
	return fmt.Sprintf("%d × %d", r.consumers, len(r.kafka))
}

func kafkaCell(r *result, get func(consumed.Counts) int) table.Cell {
	values := make([]int, len(r.kafka))
	for i, c := range r.kafka {
		values[i] = get(c)
	}
	return sumCell(values)
}

// worstStart is the longest time from a SIGTERM to the last handler start of
// its instance, over every restart; "none" if no instance started a handler
// after its SIGTERM.
func worstStart(runs []consumed.Counts) table.Cell {
	var worst time.Duration
	for _, c := range runs {
		for _, d := range c.LastStart {
			worst = max(worst, d)
		}
	}
	if worst <= 0 {
		return table.Cell{Text: "none", Number: true}
	}
	return table.Num(worst.Seconds(), "%.2fs")
}

// lastStarts lists, per restart, the time from the SIGTERM to the last
// handler start, "-" for none after it; runs are separated by "|".
func lastStarts(runs []consumed.Counts) string {
	parts := make([]string, len(runs))
	for i, c := range runs {
		each := make([]string, len(c.LastStart))
		for j, d := range c.LastStart {
			each[j] = "-"
			if d > 0 {
				each[j] = fmt.Sprintf("%.2fs", d.Seconds())
			}
		}
		parts[i] = strings.Join(each, " ")
	}
	return strings.Join(parts, " | ")
}
