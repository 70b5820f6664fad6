// Package tally counts what the drill's load saw: outcomes by status, and
// the writes acknowledged, to compare with the writes found in the stores.
package tally

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// OK is the outcome of a call that succeeded.
const OK = "OK"

type (
	// A Counter counts outcomes by name. It is safe for concurrent use.
	Counter struct {
		mu     sync.Mutex // guards following
		counts Counts
	}

	// Counts are outcomes and how many times each happened.
	Counts map[string]int

	// Writes records the ids of acknowledged writes. It is safe for
	// concurrent use.
	Writes struct {
		mu    sync.Mutex // guards following
		acked map[string]struct{}
	}
)

// Add counts one outcome.
func (c *Counter) Add(outcome string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.counts == nil {
		c.counts = make(Counts)
	}
	c.counts[outcome]++
}

// Counts returns a copy of the counts.
func (c *Counter) Counts() Counts {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(Counts, len(c.counts))
	for k, v := range c.counts {
		out[k] = v
	}
	return out
}

// Total returns the number of outcomes.
func (c Counts) Total() int {
	var n int
	for _, v := range c {
		n += v
	}
	return n
}

// Without returns the counts but those of the outcomes named.
func (c Counts) Without(outcomes ...string) Counts {
	out := make(Counts, len(c))
	for k, v := range c {
		if !slices.Contains(outcomes, k) {
			out[k] = v
		}
	}
	return out
}

// String lists the outcomes, most frequent first, as "Unavailable 3,
// Internal 1"; it is "-" when there are none.
func (c Counts) String() string {
	keys := make([]string, 0, len(c))
	for k, v := range c {
		if v > 0 {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return "-"
	}
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(c[b], c[a]), strings.Compare(a, b))
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, c[k])
	}
	return strings.Join(parts, ", ")
}

// Ack records id as acknowledged.
func (w *Writes) Ack(id string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.acked == nil {
		w.acked = make(map[string]struct{})
	}
	w.acked[id] = struct{}{}
}

// Acked returns the number of acknowledged writes.
func (w *Writes) Acked() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.acked)
}

// Lost returns the acknowledged ids that are not in found, sorted.
func (w *Writes) Lost(found map[string]bool) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var lost []string
	for id := range w.acked {
		if !found[id] {
			lost = append(lost, id)
		}
	}
	slices.Sort(lost)
	return lost
}
