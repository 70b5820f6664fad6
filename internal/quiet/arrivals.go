package quiet

import (
	"net"
	"sync/atomic"
	"time"
)

type (
	// Arrivals remembers when work last arrived at a server. The zero value
	// is ready to use; it is safe for concurrent use.
	Arrivals struct {
		last     atomic.Int64 // UnixNano of the last arrival, or of Since
		watching atomic.Bool  // Since was called: calls count as arrivals
	}

	// A Listener is a net.Listener that records in its Arrivals when it
	// accepts a connection.
	Listener struct {
		net.Listener
		Arrivals *Arrivals
	}
)

// Arrived records an arrival now.
func (a *Arrivals) Arrived() {
	a.last.Store(time.Now().UnixNano())
}

// CallArrived records an arrival now once [Arrivals.Since] has been called,
// and costs one atomic load before: a call interceptor calls it on every
// call, whose arrivals matter only once the shutdown has begun.
func (a *Arrivals) CallArrived() {
	if a.watching.Load() {
		a.Arrived()
	}
}

// Since makes t the earliest arrival time, so that the quiet period counts
// from t at the earliest even if the last arrival came before, and makes
// calls count from now on.
func (a *Arrivals) Since(t time.Time) {
	a.watching.Store(true)
	for {
		last := a.last.Load()
		if last >= t.UnixNano() || a.last.CompareAndSwap(last, t.UnixNano()) {
			return
		}
	}
}

// Last returns the time of the last arrival, or of Since if later.
func (a *Arrivals) Last() time.Time {
	return time.Unix(0, a.last.Load())
}

// NewListener returns l recording its connections in a.
func NewListener(l net.Listener, a *Arrivals) *Listener {
	return &Listener{Listener: l, Arrivals: a}
}

// Accept accepts a connection and records when.
func (l *Listener) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err == nil {
		l.Arrivals.Arrived()
	}
	return conn, err
}
