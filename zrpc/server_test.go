package zrpc

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/status"
)

func TestRpcServer_KeepsGoZeroInterceptorsAndAddedOnes(t *testing.T) {
	reg := newRegistry(t, 50*time.Millisecond)
	c := testConf(freeAddr(t))
	c.Timeout = 100 // ms: go-zero's UnaryTimeoutInterceptor
	svc := newTestService()
	srv, err := NewServer(c, func(gs *grpc.Server) { testgrpc.RegisterTestServiceServer(gs, svc) },
		WithRegistry(reg))
	require.NoError(t, err)
	var unary, stream atomic.Int32
	srv.AddUnaryInterceptors(func(ctx context.Context, req any, _ *grpc.UnaryServerInfo,
		h grpc.UnaryHandler) (any, error) {
		unary.Add(1)
		return h(ctx, req)
	})
	srv.AddStreamInterceptors(func(s any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
		stream.Add(1)
		return h(s, ss)
	})
	srv.AddOptions(grpc.MaxRecvMsgSize(1 << 20))
	r := &running{srv: srv, reg: reg, addr: c.ListenOn, svc: svc, ran: make(chan error, 1)}
	go func() { r.ran <- srv.Run() }()
	t.Cleanup(func() { reg.Terminate(nil); r.wait(t); gzprocShutdown(t, r) })

	client := testgrpc.NewTestServiceClient(dial(t, r.addr))
	ctx := ctxWatchdog(t)
	_, err = client.UnaryCall(ctx, &testgrpc.SimpleRequest{}, grpc.WaitForReady(true))
	require.NoError(t, err)
	_, err = client.UnaryCall(ctx, &testgrpc.SimpleRequest{ResponseSize: 1})
	assert.Equal(t, codes.DeadlineExceeded, status.Code(err), "go-zero's timeout interceptor: %v", err)
	recv(t, svc.entered, "blocked call entered")
	close(svc.release)
	s, err := client.StreamingOutputCall(ctx, &testgrpc.StreamingOutputCallRequest{
		Payload: &testgrpc.Payload{Body: []byte(streamUntilDraining)}})
	require.NoError(t, err)
	_, err = s.Recv()
	require.NoError(t, err)
	assert.Equal(t, int32(2), unary.Load(), "unary interceptor calls")
	assert.Equal(t, int32(1), stream.Load(), "stream interceptor calls")
	reg.Terminate(nil)
	require.NoError(t, r.wait(t))
}

func TestRpcServer_ApplicationHealthService(t *testing.T) {
	reg := newRegistry(t, 50*time.Millisecond)
	c := testConf(freeAddr(t))
	app := health.NewServer()
	app.SetServingStatus("custom", healthgrpc.HealthCheckResponse_SERVING)
	srv, err := NewServer(c, func(gs *grpc.Server) { healthgrpc.RegisterHealthServer(gs, app) },
		WithRegistry(reg))
	require.NoError(t, err)
	r := &running{srv: srv, reg: reg, addr: c.ListenOn, ran: make(chan error, 1)}
	go func() { r.ran <- srv.Run() }()
	t.Cleanup(func() { reg.Terminate(nil); r.wait(t); gzprocShutdown(t, r) })

	resp, err := healthgrpc.NewHealthClient(dial(t, r.addr)).Check(ctxWatchdog(t),
		&healthgrpc.HealthCheckRequest{Service: "custom"}, grpc.WaitForReady(true))
	require.NoError(t, err, "the application's health service is served, not a second one")
	assert.Equal(t, healthgrpc.HealthCheckResponse_SERVING, resp.GetStatus())
}
