package zrpc

import (
	"context"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/connectivity"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// IsShuttingDown reports whether err, returned by an RPC or a stream, says
// that a RpcServer ended it because it is shutting down: the status is
// codes.Unavailable with [ShuttingDownMessage]. The client should re-open
// the stream; with a balancer over several servers it goes elsewhere.
//
// It does not recognise the errors of other servers, nor a connection cut
// by the server's hard stop at its drain deadline ("transport is closing",
// also codes.Unavailable).
func IsShuttingDown(err error) bool {
	st, ok := status.FromError(err)
	return ok && st.Code() == codes.Unavailable && st.Message() == ShuttingDownMessage
}

// GoingAway returns a channel that is closed when the server behind conn
// says it is going away, so that the application can re-open its long-lived
// streams before the server ends them. It watches two signals:
//
//   - the server's grpc.health.v1 Watch of the whole server (""): closed at
//     NOT_SERVING, which a RpcServer reports at t0, the start of its shutdown,
//     or when the Watch ends with [IsShuttingDown];
//   - the connectivity state of conn: closed when conn leaves READY after
//     having been READY, which grpc-go does when the server sends GOAWAY (at
//     the start of its drain) or the connection breaks.
//
// What it cannot see: grpc-go does not expose GOAWAY itself, so a conn whose
// balancer spreads over several servers (go-zero's p2c over etcd) stays READY
// while any of them is, and its health Watch follows one server picked by the
// balancer; GoingAway is exact only for a conn to one server (a direct
// target, or one pod behind a passthrough address). A server without the
// health service is watched through connectivity alone. A conn that never
// becomes READY never closes the channel.
//
// The channel is never closed if ctx ends first. The watching goroutines
// end when the channel is closed or ctx ends; callers must cancel ctx once
// they no longer need the channel.
func GoingAway(ctx context.Context, conn *grpc.ClientConn) <-chan struct{} {
	ctx, cancel := context.WithCancel(ctx)
	away := make(chan struct{})
	signal := sync.OnceFunc(func() {
		close(away)
		cancel()
	})
	go func() {
		if watchHealth(ctx, conn) {
			signal()
		}
	}()
	go func() {
		if watchState(ctx, conn) {
			signal()
		}
	}()
	return away
}

// watchHealth reports whether the server's health Watch said it is going
// away before ctx ended.
func watchHealth(ctx context.Context, conn *grpc.ClientConn) bool {
	stream, err := healthgrpc.NewHealthClient(conn).Watch(ctx, &healthgrpc.HealthCheckRequest{},
		grpc.WaitForReady(true))
	if err != nil {
		return false
	}
	for {
		resp, err := stream.Recv()
		if err != nil {
			return IsShuttingDown(err)
		}
		if resp.GetStatus() == healthgrpc.HealthCheckResponse_NOT_SERVING {
			return true
		}
	}
}

// watchState reports whether conn left READY, after having been READY,
// before ctx ended.
func watchState(ctx context.Context, conn *grpc.ClientConn) bool {
	ready := false
	for {
		s := conn.GetState()
		switch {
		case s == connectivity.Ready:
			ready = true
		case ready:
			return true
		}
		if !conn.WaitForStateChange(ctx, s) {
			return false
		}
	}
}
