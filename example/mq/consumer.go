package main

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/zerodown/zerodown/example/mq/store"
	"github.com/zeromicro/go-zero/core/logx"
)

// A consumer is the kq handler: it works for its work time (a 100 ms call),
// then writes the id it got to the store, with the time it started. A store
// closed under it makes it return store.ErrClosed, which kq logs.
type consumer struct {
	name    string
	store   *store.Store
	work    time.Duration
	handled atomic.Int64
}

// Consume handles one message, whose value is an id.
func (c *consumer) Consume(ctx context.Context, _, id string) error {
	started := time.Now()
	c.handled.Add(1)
	logx.WithContext(ctx).Infof("mq: %s handling %s", c.name, id)
	timer := time.NewTimer(c.work) // the handler's work
	defer timer.Stop()
	<-timer.C
	return c.store.Append(id, started)
}
