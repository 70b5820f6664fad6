package rest

import (
	"context"
	"sync/atomic"
)

// inflight counts the requests in the handlers of a Server, so that the drain
// can wait for them after a forced Close, which does not.
type inflight struct {
	n       atomic.Int64
	waiting atomic.Bool
	zero    chan struct{} // size 1: a done that sees waiting never blocks
}

func (f *inflight) add() {
	f.n.Add(1)
}

func (f *inflight) done() {
	if f.n.Add(-1) == 0 && f.waiting.Load() {
		select {
		case f.zero <- struct{}{}:
		default:
		}
	}
}

// count returns the number of requests in flight.
func (f *inflight) count() int64 {
	return f.n.Load()
}

// wait blocks until no request is in flight or ctx is done, and returns
// ctx.Err() in the latter case. Only one goroutine may wait, once the Server
// no longer accepts requests; zero must have been made.
func (f *inflight) wait(ctx context.Context) error {
	f.waiting.Store(true)
	for f.n.Load() > 0 {
		select {
		case <-f.zero:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
