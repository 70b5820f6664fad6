package main

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/zerodown/zerodown/example/service/store"
	"github.com/zeromicro/go-zero/core/executors"
)

// A logic is the service's business code, shared by the REST gateway and the
// zrpc service: it waits for the request's work time, then appends to the
// store.
type logic struct {
	name     string
	store    *store.Store
	timeline *timeline
	inflight atomic.Int64
	failed   atomic.Int64 // writes that returned an error
	// bulk, if not nil, buffers the writes: a write is done once it is
	// buffered, and reaches the store when the buffer is flushed.
	bulk *executors.BulkExecutor
}

// newBulk returns a BulkExecutor that writes to l's store, flushed only by
// its size or by go-zero's shutdown listener (its interval is an hour): what
// it holds at the shutdown is acknowledged and not yet written.
func (l *logic) newBulk() *executors.BulkExecutor {
	return executors.NewBulkExecutor(func(tasks []any) {
		ids := make([]string, len(tasks))
		for i, t := range tasks {
			ids[i] = t.(string)
		}
		if err := l.store.AppendAll(ids); err != nil { // one bulk insert
			l.failed.Add(int64(len(ids)))
		}
	}, executors.WithBulkTasks(1<<20), executors.WithBulkInterval(time.Hour))
}

// write waits for sleep (the request's work, cut short if ctx ends), then
// appends id to the store unless id is empty.
func (l *logic) write(ctx context.Context, id string, sleep time.Duration) error {
	l.inflight.Add(1)
	defer func() {
		if l.inflight.Add(-1) == 0 {
			l.timeline.lastRequest()
		}
	}()

	if sleep > 0 {
		timer := time.NewTimer(sleep)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if id == "" {
		return nil
	}
	if l.bulk != nil {
		return l.bulk.Add(id)
	}
	if err := l.store.Append(id); err != nil {
		l.failed.Add(1)
		return err
	}
	return nil
}
