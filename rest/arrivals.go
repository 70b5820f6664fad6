package rest

import (
	"context"
	"net"
	"sync/atomic"
	"time"
)

// arrivals is a net.Listener that remembers when it last accepted a
// connection, so that the drain can tell whether a load balancer still sends
// new connections to the Server.
type arrivals struct {
	net.Listener
	guards *guards      // guards the accepted connections, if not nil
	last   atomic.Int64 // UnixNano of the last accepted connection, or of since
}

// Accept accepts a connection and records when.
func (a *arrivals) Accept() (net.Conn, error) {
	conn, err := a.Listener.Accept()
	if err != nil {
		return nil, err
	}
	a.last.Store(time.Now().UnixNano())
	if a.guards != nil {
		conn = a.guards.wrap(conn)
	}
	return conn, nil
}

// since makes t the earliest arrival time: the quiet period counts from
// there at the earliest, even if the last connection came before.
func (a *arrivals) since(t time.Time) {
	for {
		last := a.last.Load()
		if last >= t.UnixNano() || a.last.CompareAndSwap(last, t.UnixNano()) {
			return
		}
	}
}

// lastArrival returns the time of the last accepted connection, or of since.
func (a *arrivals) lastArrival() time.Time {
	return time.Unix(0, a.last.Load())
}

// awaitQuiet waits until no connection has arrived for quiet, or until end,
// or until ctx is done, whichever comes first, and returns how long the last
// arrival was ago. A quiet of zero or less returns at once.
func awaitQuiet(ctx context.Context, last func() time.Time, quiet time.Duration, end time.Time) time.Duration {
	if quiet <= 0 {
		return time.Since(last())
	}
	for {
		now := time.Now()
		wake := last().Add(quiet)
		if !wake.After(now) || !end.After(now) {
			return now.Sub(last())
		}
		select {
		case <-time.After(min(wake.Sub(now), end.Sub(now))):
		case <-ctx.Done():
			return time.Since(last())
		}
	}
}
