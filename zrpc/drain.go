package zrpc

import (
	"context"
	"fmt"
	"time"

	"github.com/zerodown/zerodown/core/metric"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/internal/quiet"
	"github.com/zeromicro/go-zero/core/logx"
	"google.golang.org/grpc"
)

// A drainer is the drain step of one server.
type drainer struct {
	gs       *grpc.Server
	addr     string
	conf     DrainConf
	streams  *streamDrainer
	requests *metric.InFlight // the unary calls in their handler
	arrivals *quiet.Arrivals
}

// drain is the server's drain hook. It keeps serving, new connections
// included, while connections or calls still arrive (see
// [drainer.acceptWhileBusy]), then stops gs gracefully: the port closes,
// clients get GOAWAY, in-flight RPCs finish. By StreamTimeout
// the streams still open end with codes.Unavailable (many streams end over a
// ramp before it, see [streamDrainer.endBy]); at Timeout gs is
// stopped hard, which cuts nothing if no call is in its handler by then (a
// client that keeps its connection after GOAWAY). It returns once every
// handler has returned (the server has grpc.WaitForHandlers), so no shutdown
// hook runs while an RPC is in flight,
// or at ctx's end (the force quit) if a handler never returns.
//
// The drain's end of the budget (ctx's deadline, WaitTime − ShutdownReserve)
// bounds every step: the accept window is half of the time left, the streams
// end by two thirds of it, and at its end gs is stopped hard.
func (d drainer) drain(ctx context.Context) error {
	start := time.Now()
	end := start.Add(d.conf.Timeout)
	if deadline, ok := ctx.Deadline(); ok && deadline.Before(end) {
		end = deadline
	}
	left := end.Sub(start)
	streamTimeout := min(d.conf.StreamTimeout, left*2/3)
	defer d.streams.endBy(start.Add(streamTimeout), streamTimeout/2)()
	d.acceptWhileBusy(ctx, start, start.Add(left/2))

	graceful := make(chan struct{})
	go func() {
		d.gs.GracefulStop()
		close(graceful)
	}()
	timer := time.NewTimer(time.Until(end))
	defer timer.Stop()

	// At Timeout with no call in its handler, GracefulStop waits only for
	// connections that clients kept after GOAWAY (grpc-go's server gives them
	// up to a second more, grpc/grpc-go#5358): stopping them cuts nothing.
	idle := false
	select {
	case <-graceful:
		logx.WithDuration(time.Since(start)).Infof("zrpc: %s drained", d.addr)
		return nil
	case <-timer.C:
		idle = d.idle()
	case <-ctx.Done():
	}

	if idle {
		logx.WithDuration(time.Since(start)).Infof(
			"zrpc: %s drained; closing the connections that clients kept after GOAWAY", d.addr)
	} else {
		logx.Errorf("zrpc: %s not drained within %v, stopping it with RPCs in flight", d.addr, time.Since(start))
	}
	stopped := make(chan struct{})
	go func() {
		d.gs.Stop() // GracefulStop returns too, once the handlers have returned
		close(stopped)
	}()
	select {
	case <-graceful:
		<-stopped
	case <-ctx.Done():
		return fmt.Errorf("zrpc: %s: handlers still running after stop (%w): %w", d.addr, proc.ErrCut, ctx.Err())
	}
	if idle {
		return nil
	}
	return fmt.Errorf("zrpc: %s not drained within %v; stopped (%w)", d.addr, left.Round(time.Millisecond), proc.ErrCut)
}

// idle reports whether no unary call nor stream is in its handler.
func (d drainer) idle() bool {
	return d.requests.Load() == 0 && d.streams.open.Load() == 0
}

// acceptWhileBusy keeps the port open, and serves, while new connections or
// calls still arrive: an L4 load balancer or Kubernetes endpoints go on
// sending to a pod for a while after its SIGTERM, and a closed port would
// refuse them. It returns once nothing has arrived for Drain.QuietPeriod,
// counted from the shutdown's start at the earliest, or at end (half of the
// time the drain has), so that the calls accepted last still have time to
// finish.
func (d drainer) acceptWhileBusy(ctx context.Context, start, end time.Time) {
	ago := quiet.Await(ctx, d.arrivals.Last, d.conf.QuietPeriod, end)
	if waited := time.Since(start); waited >= time.Millisecond {
		logx.WithDuration(waited).Infof("zrpc: %s served arrivals into the drain; last one %v ago",
			d.addr, ago.Round(time.Millisecond))
	}
}
