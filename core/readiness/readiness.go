// Package readiness aggregates the readiness of every server in a process:
// ready only when each one is listening, and not ready from the moment the
// shutdown begins, while the servers keep serving.
//
// go-zero keeps its probes in an internal package, flipped only in its
// shutdown phase; this package flips at t0 of the [proc.Registry] it follows.
package readiness

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/zerodown/zerodown/core/proc"
)

var (
	setsMu sync.Mutex
	sets   = map[*proc.Registry]*Set{}
)

type (
	// A Set is the readiness of the servers of one [proc.Registry].
	Set struct {
		done <-chan struct{}

		mu      sync.Mutex // guards following
		probes  map[string]bool
		changed chan struct{} // closed, and replaced, at every mark
	}

	// A Probe is one server's part of a Set.
	Probe struct {
		set  *Set
		name string
	}
)

// For returns the Set of r, the same for every call with the same r.
func For(r *proc.Registry) *Set {
	setsMu.Lock()
	defer setsMu.Unlock()
	s, ok := sets[r]
	if !ok {
		s = &Set{done: r.Done(), probes: map[string]bool{}, changed: make(chan struct{})}
		sets[r] = s
	}
	return s
}

// Add returns a probe named name, not ready until [Probe.MarkReady]. Adding a
// name twice returns the same probe.
func (s *Set) Add(name string) *Probe {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.probes[name]; !ok {
		s.probes[name] = false
	}
	return &Probe{set: s, name: name}
}

// Ready reports whether every probe is ready and the shutdown has not begun;
// if not, reason says why.
func (s *Set) Ready() (ready bool, reason string) {
	select {
	case <-s.done:
		return false, "shutting down"
	default:
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.probes) == 0 {
		return false, "no server"
	}
	var waiting []string
	for name, ok := range s.probes {
		if !ok {
			waiting = append(waiting, name)
		}
	}
	if len(waiting) > 0 {
		sort.Strings(waiting)
		return false, "not listening: " + strings.Join(waiting, ", ")
	}
	return true, "OK"
}

// ServeHTTP answers 200 "OK" when the Set is ready and 503 with the reason
// otherwise, for a Kubernetes readinessProbe.
func (s *Set) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	ready, reason := s.Ready()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if !ready {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	_, _ = w.Write([]byte(reason))
}

// MarkReady marks the probe's server as listening.
func (p *Probe) MarkReady() {
	p.set.mark(p.name, true)
}

// MarkNotReady marks the probe's server as not listening.
func (p *Probe) MarkNotReady() {
	p.set.mark(p.name, false)
}

// Remove takes the probe's server out of the Set, as if it had never been
// added: a server stopped on its own no longer holds the readiness back.
func (p *Probe) Remove() {
	p.set.mu.Lock()
	defer p.set.mu.Unlock()
	delete(p.set.probes, p.name)
}

func (s *Set) mark(name string, ready bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.probes[name] = ready
	close(s.changed)
	s.changed = make(chan struct{})
}

// WaitReady blocks until the Set is ready (see [Set.Ready]) and returns nil,
// or returns the reason it is not when the shutdown begins or ctx ends
// first. An in-place upgrade waits on it before it tells the old process
// that the new one has taken over.
func (s *Set) WaitReady(ctx context.Context) error {
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		ready, reason := s.Ready()
		if ready {
			return nil
		}
		select {
		case <-changed:
		case <-s.done:
			return errors.New("readiness: shutting down")
		case <-ctx.Done():
			return fmt.Errorf("readiness: %s: %w", reason, ctx.Err())
		}
	}
}
