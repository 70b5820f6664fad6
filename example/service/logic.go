package main

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/zerodown/zerodown/example/service/store"
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
	if err := l.store.Append(id); err != nil {
		l.failed.Add(1)
		return err
	}
	return nil
}
