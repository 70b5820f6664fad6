package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/zerodown/zerodown/tools/drill/internal/table"
	"github.com/zerodown/zerodown/tools/drill/internal/tally"
)

// A rowsFunc adds a scenario's rows for the two builds' results.
type rowsFunc func(t *table.Table, title string, a, b *result)

// callRows adds, per load, calls ok, calls failed by status, and writes
// acknowledged and lost, then the writes found in the stores.
func callRows(t *table.Table, title string, a, b *result) {
	for _, name := range a.order {
		la, lb := a.load(name), b.load(name)
		ca, cb := la.Calls.Counts(), lb.Calls.Counts()
		t.Add(title, name+": ok", table.Int(ok(ca)), table.Int(ok(cb)))
		t.Add(title, name+": failed", failed(ca), failed(cb))
		t.Add(title, name+": writes acked", table.Int(la.Writes.Acked()), table.Int(lb.Writes.Acked()))
		t.Add(title, name+": writes lost", table.Int(len(la.Writes.Lost(a.found))), table.Int(len(lb.Writes.Lost(b.found))))
	}
	t.Add(title, "writes found in stores", table.Int(len(a.found)), table.Int(len(b.found)))
	if a.lbFails > 0 || b.lbFails > 0 {
		t.Add(title, "LB conns to a closed port", table.Int(int(a.lbFails)), table.Int(int(b.lbFails)))
	}
}

// streamRows adds the stream ends by status.
func streamRows(t *table.Table, title string, a, b *result) {
	sa, sb := a.streams.Counts(), b.streams.Counts()
	t.Add(title, "stream ends", table.Int(sa.Total()), table.Int(sb.Total()))
	t.Add(title, "stream ends by status", table.Text(sa.String()), table.Text(sb.String()))
}

// movingRows adds what the numbered streams of the etcd scenario saw.
func movingRows(t *table.Table, title string, a, b *result) {
	la, ra := a.moving.Lost()
	lb, rb := b.moving.Lost()
	t.Add(title, "streams moved when their server said it was leaving",
		table.Int(a.moving.Moved()), table.Int(b.moving.Moved()))
	t.Add(title, "streams cut under the client", cutCell(a.moving.Cut()), cutCell(b.moving.Cut()))
	t.Add(title, "messages lost / repeated across moves",
		table.Text(fmt.Sprintf("%d / %d", la, ra)), table.Text(fmt.Sprintf("%d / %d", lb, rb)))
	t.Add(title, "longest gap without a message", table.Num(a.moving.LongestGap().Seconds(), "%.2fs"),
		table.Num(b.moving.LongestGap().Seconds(), "%.2fs"))
}

// cutCell is the count of cut streams with their outcomes.
func cutCell(cut map[string]int) table.Cell {
	n := 0
	var parts []string
	for outcome, k := range cut {
		n += k
		parts = append(parts, fmt.Sprintf("%d %s", k, outcome))
	}
	sort.Strings(parts)
	text := strconv.Itoa(n)
	if n > 0 {
		text = fmt.Sprintf("%d (%s)", n, strings.Join(parts, ", "))
	}
	return table.Cell{Text: text, Value: float64(n), Number: true}
}

// noRows adds nothing: the exits are the whole result.
func noRows(*table.Table, string, *result, *result) {}

// exitRows adds the exit codes and SIGTERM-to-exit times of the restarted
// instances.
func exitRows(t *table.Table, title string, a, b *result) {
	t.Add(title, "exit codes", table.Text(codes(a)), table.Text(codes(b)))
	t.Add(title, "SIGTERM→exit, each", table.Text(times(a)), table.Text(times(b)))
	t.Add(title, "SIGTERM→exit, max", table.Num(maxAfter(a), "%.2fs"), table.Num(maxAfter(b), "%.2fs"))
}

func ok(c tally.Counts) int {
	return c[tally.OK] + c["HTTP 200"]
}

// failed is the count of failed calls with their statuses.
func failed(c tally.Counts) table.Cell {
	f := c.Without(tally.OK, "HTTP 200")
	n := f.Total()
	text := strconv.Itoa(n)
	if n > 0 {
		text = fmt.Sprintf("%d (%s)", n, f)
	}
	return table.Cell{Text: text, Value: float64(n), Number: true}
}

func codes(r *result) string {
	parts := make([]string, len(r.exits))
	for i, e := range r.exits {
		parts[i] = strconv.Itoa(e.Code)
		if e.Killed {
			parts[i] += " (SIGKILL)"
		}
	}
	return strings.Join(parts, " ")
}

func times(r *result) string {
	parts := make([]string, len(r.exits))
	for i, e := range r.exits {
		parts[i] = fmt.Sprintf("%.2f", e.After.Seconds())
	}
	return strings.Join(parts, " ") + "s"
}

func maxAfter(r *result) float64 {
	var m float64
	for _, e := range r.exits {
		m = max(m, e.After.Seconds())
	}
	return m
}
