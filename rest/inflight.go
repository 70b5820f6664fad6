package rest

import (
	"context"
	"sync/atomic"

	"github.com/zerodown/zerodown/core/metric"
)

// inflight counts the requests in the handlers of a Server, so that the drain
// can wait for them after a forced Close, which does not. The count is a
// sharded metric.InFlight: requests on different cores rarely add to the
// same cache line.
type inflight struct {
	n       metric.InFlight
	waiting atomic.Bool   // written once, by wait: read by every done without bouncing
	zero    chan struct{} // size 1: a done that sees waiting never blocks
}

// add counts a request in; pass what it returns to done.
func (f *inflight) add() metric.Shard {
	return f.n.Inc()
}

// done counts a request out of the shard add returned. Once wait waits, the
// done that leaves the count at zero wakes it: of two requests that end at
// once, the last to count out reads the other's count out too.
func (f *inflight) done(s metric.Shard) {
	f.n.Dec(s)
	if f.waiting.Load() && f.n.Load() == 0 {
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
