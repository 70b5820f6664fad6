// Package lb is the drill's TCP load balancer. Like Kubernetes endpoints seen
// through kube-proxy, it keeps sending new connections to a backend for a lag
// after the backend was removed: the time the endpoint change takes to reach
// every node. Connections already open stay where they are.
package lb

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

type (
	// An LB accepts connections and proxies each to one backend, picked
	// round robin among the backends not removed more than Lag ago.
	LB struct {
		lag       time.Duration
		now       func() time.Time
		dialFails atomic.Int64

		mu       sync.Mutex // guards following
		backends []*backend
		next     int
		ln       net.Listener
		conns    map[net.Conn]struct{}
		closed   bool

		wg sync.WaitGroup // the accept loop and the proxies
	}

	backend struct {
		addr      string
		removedAt time.Time // zero while in rotation
	}

	// An Option configures an LB.
	Option func(*LB)
)

// ErrNoBackend is returned by Pick when no backend is in rotation.
var ErrNoBackend = errors.New("lb: no backend")

// WithClock makes the LB read the time from now, for tests.
func WithClock(now func() time.Time) Option {
	return func(b *LB) { b.now = now }
}

// New returns an LB whose removed backends stay in rotation for lag.
func New(lag time.Duration, opts ...Option) *LB {
	b := &LB{lag: lag, now: time.Now, conns: make(map[net.Conn]struct{})}
	for _, o := range opts {
		o(b)
	}
	return b
}

// Add puts the backend at addr in rotation.
func (b *LB) Add(addr string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.backends = append(b.backends, &backend{addr: addr})
}

// Remove starts the lag of the backend at addr: Pick returns it until the
// lag has passed, then never again.
func (b *LB) Remove(addr string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, be := range b.backends {
		if be.addr == addr && be.removedAt.IsZero() {
			be.removedAt = b.now()
		}
	}
}

// Pick returns the next backend address, round robin, dropping the backends
// whose lag has passed. It returns ErrNoBackend if none is left.
func (b *LB) Pick() (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	live := b.backends[:0]
	for _, be := range b.backends {
		if be.removedAt.IsZero() || now.Sub(be.removedAt) < b.lag {
			live = append(live, be)
		}
	}
	clear(b.backends[len(live):])
	b.backends = live
	if len(live) == 0 {
		return "", ErrNoBackend
	}
	b.next = (b.next + 1) % len(live)
	return live[b.next].addr, nil
}

// DialFails returns how many connections the LB closed because their
// backend refused them (an instance that had stopped listening).
func (b *LB) DialFails() int64 {
	return b.dialFails.Load()
}

// Listen listens on addr (loopback) and serves in a goroutine until Close.
func (b *LB) Listen(addr string) (net.Addr, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	b.ln = ln
	b.mu.Unlock()
	b.wg.Go(func() { b.accept(ln) })
	return ln.Addr(), nil
}

func (b *LB) accept(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		if !b.track(c, true) {
			c.Close()
			return
		}
		b.wg.Go(func() { b.proxy(c) })
	}
}

// proxy connects c to a backend and copies both ways until either side ends.
func (b *LB) proxy(c net.Conn) {
	defer b.track(c, false)
	defer c.Close()
	addr, err := b.Pick()
	if err != nil {
		return
	}
	up, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		b.dialFails.Add(1)
		return
	}
	if !b.track(up, true) {
		up.Close()
		return
	}
	defer b.track(up, false)

	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = io.Copy(up, c)
		_ = up.(*net.TCPConn).CloseWrite()
	}()
	_, _ = io.Copy(c, up)
	// The backend is done: end both sides, which ends the other copy.
	c.Close()
	up.Close()
	<-done
}

// track adds or removes c from the open conns; adding fails after Close.
func (b *LB) track(c net.Conn, add bool) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !add {
		delete(b.conns, c)
		return true
	}
	if b.closed {
		return false
	}
	b.conns[c] = struct{}{}
	return true
}

// Close stops listening, closes every open connection and waits for the
// proxies to end. It is safe to call more than once.
func (b *LB) Close() error {
	b.mu.Lock()
	b.closed = true
	var err error
	if b.ln != nil {
		err = b.ln.Close()
		b.ln = nil
	}
	for c := range b.conns {
		c.Close()
	}
	b.mu.Unlock()
	b.wg.Wait()
	if errors.Is(err, net.ErrClosed) {
		err = nil
	}
	return err
}
