package zrpc

import (
	"context"
	"fmt"
	"time"

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
	arrivals *quiet.Arrivals
}

// drain is the server's drain hook. It keeps serving, new connections
// included, while connections or calls still arrive (see
// [drainer.acceptWhileBusy]), then stops gs gracefully: the port closes,
// clients get GOAWAY, in-flight RPCs finish. By StreamTimeout
// the streams still open end with codes.Unavailable (many streams end over a
// ramp before it, see [streamDrainer.endBy]); at Timeout gs is
// stopped hard. It returns once every handler has returned (the server has
// grpc.WaitForHandlers), so no shutdown hook runs while an RPC is in flight,
// or at ctx's end (the force quit) if a handler never returns.
func (d drainer) drain(ctx context.Context) error {
	start := time.Now()
	defer d.streams.endBy(start.Add(d.conf.StreamTimeout), d.conf.StreamTimeout/2)()
	d.acceptWhileBusy(ctx, start)

	graceful := make(chan struct{})
	go func() {
		d.gs.GracefulStop()
		close(graceful)
	}()
	timer := time.NewTimer(time.Until(start.Add(d.conf.Timeout)))
	defer timer.Stop()

	select {
	case <-graceful:
		logx.WithDuration(time.Since(start)).Infof("zrpc: %s drained", d.addr)
		return d.streams.wait(ctx)
	case <-timer.C:
	case <-ctx.Done():
	}

	logx.Errorf("zrpc: %s not drained within %v, stopping it with RPCs in flight", d.addr, time.Since(start))
	stopped := make(chan struct{})
	go func() {
		d.gs.Stop() // GracefulStop returns too, once the handlers have returned
		close(stopped)
	}()
	select {
	case <-graceful:
		<-stopped
	case <-ctx.Done():
		return fmt.Errorf("zrpc: %s: handlers still running after stop: %w", d.addr, ctx.Err())
	}
	if err := d.streams.wait(ctx); err != nil {
		return err
	}
	return fmt.Errorf("zrpc: %s not drained within %v; stopped", d.addr, d.conf.Timeout)
}

// acceptWhileBusy keeps the port open, and serves, while new connections or
// calls still arrive: an L4 load balancer or Kubernetes endpoints go on
// sending to a pod for a while after its SIGTERM, and a closed port would
// refuse them. It returns once nothing has arrived for Drain.QuietPeriod,
// counted from the shutdown's start at the earliest, or at half of
// Drain.Timeout, so that the calls accepted last still have time to finish.
func (d drainer) acceptWhileBusy(ctx context.Context, start time.Time) {
	ago := quiet.Await(ctx, d.arrivals.Last, d.conf.QuietPeriod, start.Add(d.conf.Timeout/2))
	if waited := time.Since(start); waited >= time.Millisecond {
		logx.WithDuration(waited).Infof("zrpc: %s served arrivals into the drain; last one %v ago",
			d.addr, ago.Round(time.Millisecond))
	}
}
