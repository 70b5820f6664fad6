package zrpc

import (
	"context"
	"runtime/pprof"

	"github.com/zerodown/zerodown/core/metric"
	"github.com/zerodown/zerodown/internal/quiet"
	"google.golang.org/grpc"
)

// countUnary returns a unary interceptor that counts in n the calls in its
// handler, one atomic add as a call enters and one as it leaves, in a shard
// of n picked at random (calls on different cores rarely share a cache
// line), and records its arrival in a (one atomic load until the shutdown
// begins), with no allocation. Added after go-zero's interceptors, it runs
// inside go-zero's timeout interceptor, so a call that timed out for its
// client still counts while its handler runs, as the drain still waits for
// it.
//
// The handler's goroutine carries a profiler label naming the server and the
// method (see [proc.HandlerLabels]), so that a force quit shows its stack.
func countUnary(n *metric.InFlight, a *quiet.Arrivals, server string) grpc.UnaryServerInterceptor {
	labels := &methodLabels{server: server}
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		a.CallArrived()
		defer n.Dec(n.Inc())
		pprof.SetGoroutineLabels(labels.of(info.FullMethod))
		defer pprof.SetGoroutineLabels(context.Background())
		return handler(ctx, req)
	}
}

// trackInFlight reports the server's unary calls and open streams on the
// in-flight gauges of metric.Default, under the server's name, until the
// returned func is called. The shutdown report reads them from there too.
func (s *RpcServer) trackInFlight() (untrack func()) {
	name := s.name()
	untrackRequests := metric.TrackInFlight(name, metric.Requests, s.requests.Load)
	untrackStreams := metric.TrackInFlight(name, metric.Streams, s.streams.open.Load)
	return func() {
		untrackRequests()
		untrackStreams()
	}
}

// name is the server's name in its hooks, its readiness probe and its
// metrics: "zrpc " and the address it listens on.
func (s *RpcServer) name() string {
	return "zrpc " + s.conf.ListenOn
}
