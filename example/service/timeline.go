package main

import (
	"fmt"
	"io"
	"slices"
	"sync"
	"time"
)

type (
	// A timeline records what happened after the shutdown began, to be
	// printed when the process ends.
	timeline struct {
		mu     sync.Mutex // guards following
		t0     time.Time
		events []event
		last   time.Time // when the last in-flight request ended after t0
	}

	event struct {
		at   time.Time
		what string
	}
)

// begin sets t0, once; events are printed relative to it.
func (t *timeline) begin(what string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.t0.IsZero() {
		t.t0 = time.Now()
		t.events = append(t.events, event{at: t.t0, what: what})
	}
}

// mark records what, now.
func (t *timeline) mark(what string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.events = append(t.events, event{at: time.Now(), what: what})
}

// lastRequest records that no request is in flight any more, if the
// shutdown has begun.
func (t *timeline) lastRequest() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.t0.IsZero() {
		t.last = time.Now()
	}
}

// print writes the timeline to w, each event at its offset from t0.
func (t *timeline) print(w io.Writer, build string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	events := slices.Clone(t.events)
	if !t.last.IsZero() {
		events = append(events, event{at: t.last, what: "last in-flight request ended"})
	}
	slices.SortStableFunc(events, func(a, b event) int { return a.at.Compare(b.at) })
	fmt.Fprintf(w, "shutdown timeline (%s build):\n", build)
	for _, e := range events {
		offset := time.Duration(0)
		if !t.t0.IsZero() {
			offset = e.at.Sub(t.t0)
		}
		fmt.Fprintf(w, "  %+9.3fs  %s\n", offset.Seconds(), e.what)
	}
}
