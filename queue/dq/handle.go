package dq

import (
	"context"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/beanstalkd/go-beanstalk"
	"github.com/zeromicro/go-zero/core/logx"
)

// keepEvery is how often a job whose handler runs is touched (its TTR
// restarts; beanstalkd's least TTR is 1s) and its claim renewed.
const keepEvery = 500 * time.Millisecond

// handle claims the body of job id, handles it and deletes it, or deletes
// a copy handled already, or gives the job back for later. It reports false
// if the consumer stopped before the handler started: the job is not
// handled, and conn must be closed to give it back.
func (n *node) handle(conn *beanstalk.Conn, id uint64, body []byte) bool {
	ctx := context.Background()
	task, ok := unwrap(body, time.Now())
	if !ok {
		logx.Errorf("dq: %s: discarded: %q", n.c.name, string(body))
		n.delete(conn, id)
		return true
	}
	cl, err := n.c.claims.claim(ctx, body)
	if err != nil {
		logx.Errorf("dq: %s: %v; job %d back in %v", n.c.name, err, id, retryAfter)
		n.release(conn, id, retryAfter)
		return true
	}
	switch cl.verdict {
	case handledAlready:
		n.delete(conn, id)
		return true
	case runningElsewhere:
		// back when that handler has likely returned: as long again as it
		// has run, within [retryAfter, the lease]
		n.release(conn, id, min(max(cl.running, retryAfter), leaseSeconds*time.Second))
		return true
	}

	n.c.at("claimed")
	if !n.startHandler(id) {
		if err := cl.drop(ctx); err != nil {
			logx.Errorf("dq: %s: drop claim of job %d: %v", n.c.name, id, err)
		}
		return false
	}
	defer n.c.work.Done()
	stopKeeping := n.keep(conn, id, cl)
	panicked, stack := n.runHandler(task)
	stopKeeping()
	if panicked != nil {
		// Not handled to its end: kept in beanstalkd (kick it to retry),
		// and the claim dropped so that it can be handled then.
		logx.Errorf("dq: %s: handler of job %d panicked, job buried: %v\n%s", n.c.name, id, panicked, stack)
		if err := cl.drop(ctx); err != nil {
			logx.Errorf("dq: %s: drop claim of job %d: %v", n.c.name, id, err)
		}
		if err := conn.Bury(id, n.priority(conn, id)); err != nil {
			logx.Errorf("dq: %s: bury job %d: %v", n.c.name, id, err)
		}
		return true
	}
	if err := cl.done(ctx); err != nil {
		logx.Errorf("dq: %s: mark job %d handled: %v", n.c.name, id, err)
	}
	n.delete(conn, id)
	return true
}

// startHandler counts the handler of job id in flight, unless the consumer
// stops; it reports whether it did.
func (n *node) startHandler(id uint64) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.stopped || n.c.stopping() {
		return false
	}
	n.state, n.job, n.since = stateHandling, id, time.Now()
	n.c.work.Add() // under mu: a stop sees the handler, or no handler starts
	return true
}

// runHandler calls the consumer's handler with the Work's profiler label
// and returns what it panicked with, if it did, and where.
func (n *node) runHandler(task []byte) (panicked any, stack []byte) {
	n.c.work.Run(func() {
		defer func() {
			if panicked = recover(); panicked != nil {
				stack = debug.Stack()
			}
		}()
		n.c.consume(task)
	})
	return panicked, stack
}

// keep touches job id and renews its claim while its handler runs, from
// keepEvery on; the returned func stops it and waits for it.
func (n *node) keep(conn *beanstalk.Conn, id uint64, cl claim) (stop func()) {
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(keepEvery)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			if err := conn.Touch(id); err != nil {
				logx.Errorf("dq: %s: touch job %d: %v", n.c.name, id, err)
			}
			if err := cl.renew(context.Background()); err != nil {
				logx.Errorf("dq: %s: renew claim of job %d: %v", n.c.name, id, err)
			}
		}
	}()
	return sync.OnceFunc(func() {
		close(done)
		<-stopped
	})
}

func (n *node) delete(conn *beanstalk.Conn, id uint64) {
	if err := conn.Delete(id); err != nil {
		logx.Errorf("dq: %s: delete job %d: %v", n.c.name, id, err)
	}
}

// release gives job id back to its tube after delay (rounded up to seconds).
func (n *node) release(conn *beanstalk.Conn, id uint64, delay time.Duration) {
	delay = (delay + time.Second - 1).Truncate(time.Second)
	if err := conn.Release(id, n.priority(conn, id), delay); err != nil {
		logx.Errorf("dq: %s: release job %d: %v", n.c.name, id, err)
	}
}

// priority returns the priority of job id, or PriNormal (what the producer
// puts with) if it cannot be read.
func (n *node) priority(conn *beanstalk.Conn, id uint64) uint32 {
	stats, err := conn.StatsJob(id)
	if err != nil {
		return PriNormal
	}
	pri, err := strconv.ParseUint(stats["pri"], 10, 32)
	if err != nil {
		return PriNormal
	}
	return uint32(pri)
}
