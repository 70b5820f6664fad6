package threading

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/rescue"
)

// stopSeq numbers the StopAtShutdown calls, to name their hooks.
var stopSeq atomic.Uint64

// ScheduledJob returns job wrapped for a scheduler (a ticker loop,
// robfig/cron's AddFunc): a run that begins once the shutdown has begun
// (t0) does nothing, and a run that began before it is tracked as with
// [GoSafe] (named after the place of this call), so the shutdown hooks
// wait for it, bounded by WaitTime. A panic in job is recovered and logged.
//
//go:noinline
func ScheduledJob(job func()) func() {
	return scheduledJob(workAt(1), job)
}

// GoEvery runs job every interval on a goroutine of its own, until the
// shutdown begins (t0) or stop is called: no run begins after t0, and a run
// in progress at t0 is awaited before the shutdown hooks (see
// [ScheduledJob]). Runs never overlap; ticks missed while a run is in
// progress are dropped, as with time.Ticker. stop ends the scheduling and
// returns at once; it is idempotent.
//
//go:noinline
func GoEvery(interval time.Duration, job func()) (stop func()) {
	run := scheduledJob(workAt(1), job)
	quit := make(chan struct{})
	done := proc.Done()
	go func() {
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for {
			select {
			case <-ticker.C:
				run()
			case <-done:
				return
			case <-quit:
				return
			}
		}
	}()
	return sync.OnceFunc(func() { close(quit) })
}

// scheduledJob is ScheduledJob for a Work already named.
func scheduledJob(w *proc.Work, job func()) func() {
	done := proc.Done()
	return func() {
		w.Add() // before the check: a run that sees no t0 is counted before the shutdown looks
		defer w.Done()
		select {
		case <-done:
			return
		default:
		}
		defer rescue.Recover()
		w.Run(job)
	}
}

// StopAtShutdown stops a scheduler when the shutdown begins and makes the
// shutdown hooks wait until its running jobs are done, bounded by WaitTime.
// stop must stop the scheduling and return a context that is done when the
// jobs in progress have finished, as robfig/cron v3's (*Cron).Stop does:
//
//	c := cron.New()
//	c.AddFunc("@every 1m", threading.ScheduledJob(report))
//	c.Start()
//	threading.StopAtShutdown(c.Stop)
//
// stop is called in the wrap-up phase; the wait is tracked as with [GoSafe],
// named after the place of this call. Called once the shutdown has begun,
// StopAtShutdown calls stop at once.
//
//go:noinline
func StopAtShutdown(stop func() context.Context) {
	w := workAt(1)
	fn := func(context.Context) error {
		jobs := stop()
		w.Add()
		go func() {
			defer w.Done()
			w.Run(func() { <-jobs.Done() })
		}()
		return nil
	}
	name := "stop scheduling: " + w.Name() + " #" + strconv.FormatUint(stopSeq.Add(1), 10)
	if err := proc.AddWrapUpHook(name, fn); err != nil {
		logx.Infof("threading: %s: %v; stopped now", name, err)
		_ = fn(context.Background())
	}
}
