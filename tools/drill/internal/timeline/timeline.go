// Package timeline counts a load's calls per 100 ms by outcome (ok, failed,
// refused) and marks the signals, for the drill's pictures (see [SVG]).
package timeline

import (
	"sync"
	"time"
)

// Bucket is the width of one bar.
const Bucket = 100 * time.Millisecond

// Classes of outcome, in the order the bars stack them.
const (
	OK = iota
	Failed
	Refused
	numClasses
)

// A Timeline counts calls per Bucket since its start. It is safe for
// concurrent use; a nil Timeline counts nothing.
type Timeline struct {
	start time.Time

	mu      sync.Mutex // guards following
	buckets [][numClasses]int
	marks   []Mark
}

// A Mark is a signal sent at an offset from the start.
type Mark struct {
	At    time.Duration
	Label string
}

// New returns a Timeline that starts now.
func New() *Timeline {
	return &Timeline{start: time.Now()}
}

// Add counts one call of class, ended now.
func (t *Timeline) Add(class int) {
	t.AddAt(class, time.Now())
}

// AddAt counts one event of class that happened at at, for events known
// after the fact (a row read from a store); one before the start counts in
// the first bucket.
func (t *Timeline) AddAt(class int, at time.Time) {
	if t == nil {
		return
	}
	i := max(0, int(at.Sub(t.start)/Bucket))
	t.mu.Lock()
	defer t.mu.Unlock()
	for len(t.buckets) <= i {
		t.buckets = append(t.buckets, [numClasses]int{})
	}
	t.buckets[i][class]++
}

// Mark records that label (a signal) was sent now.
func (t *Timeline) Mark(label string) {
	t.MarkAt(label, time.Now())
}

// MarkAt records that label (a signal) was sent at at.
func (t *Timeline) MarkAt(label string, at time.Time) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.marks = append(t.marks, Mark{At: at.Sub(t.start), Label: label})
}

// Start returns when t started.
func (t *Timeline) Start() time.Time {
	return t.start
}

// snapshot returns copies of the buckets and the marks.
func (t *Timeline) snapshot() ([][numClasses]int, []Mark) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([][numClasses]int(nil), t.buckets...), append([]Mark(nil), t.marks...)
}
