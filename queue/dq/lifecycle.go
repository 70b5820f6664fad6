package dq

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
)

func (c *consumer) Consume(consume Consume) {
	if consume == nil {
		logx.Errorf("dq: %s: Consume(nil): nothing is consumed", c.name)
		return
	}
	c.runOnce.Do(func() {
		c.consume = consume
		var wg sync.WaitGroup
		for _, n := range c.nodes {
			if n.begin() {
				wg.Add(1)
				go func() {
					defer wg.Done()
					n.run()
				}()
			}
		}
		go func() {
			wg.Wait()
			close(c.ended)
		}()
	})
	<-c.ended
	select {
	case <-c.registry.Done():
		<-c.registry.Finished()
	default:
	}
}

func (c *consumer) Stop() {
	ctx, cancel := context.WithTimeout(context.Background(), c.registry.Conf().WaitTime)
	defer cancel()
	err := c.stopReserving(ctx)
	if err == nil {
		err = c.finish(ctx)
	}
	if err != nil {
		logx.Errorf("dq: stop %s: %v", c.name, err)
	}
}

// stopping reports whether the consumer stops: Stop was called or t0 passed.
func (c *consumer) stopping() bool {
	select {
	case <-c.stopCtx.Done():
		return true
	case <-c.registry.Done():
		return true
	default:
		return false
	}
}

// stopReserving stops every node's reserves and waits, bounded by ctx,
// until none is in a Reserve: a Reserve that blocks is cut by closing its
// connection, and a job reserved and not started goes back to its tube.
func (c *consumer) stopReserving(ctx context.Context) error {
	c.stopOnce.Do(func() {
		c.stopNow()
		for _, n := range c.nodes {
			n.stop()
		}
	})
	for _, n := range c.nodes {
		select {
		case <-n.parked:
		case <-ctx.Done():
			return fmt.Errorf("dq: %s: still reserving: %w", c.name, ctx.Err())
		}
	}
	c.parkedLog.Do(func() { logx.Infof("dq: %s: stopped reserving", c.name) })
	return nil
}

// finish awaits, bounded by ctx, the handlers in flight and the deletion of
// their jobs; at ctx's end it names the handlers still running.
func (c *consumer) finish(ctx context.Context) error {
	_ = c.stopReserving(ctx)
	var running []string
	for _, n := range c.nodes {
		select {
		case <-n.ended:
		case <-ctx.Done():
			running = append(running, n.runningFor())
		}
	}
	if len(running) > 0 {
		for _, r := range running {
			logx.Errorf("dq: %s: still running: %s", c.name, r)
		}
		return fmt.Errorf("dq: %s: %d loops still running: %w", c.name, len(running), ctx.Err())
	}
	logx.Infof("dq: %s: handlers done, their jobs deleted", c.name)
	return nil
}

// at calls the test seam, if any, at step.
func (c *consumer) at(step string) {
	if c.options.seam != nil {
		c.options.seam(step)
	}
}

// pause waits d, or less if the consumer stops.
func (c *consumer) pause(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-c.stopCtx.Done():
	case <-c.registry.Done():
	}
}
