package zrpc

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

const testServiceName = "grpc.testing.TestService"

func TestRpcServer_HealthNotServingAtT0(t *testing.T) {
	reg := newRegistry(t, 50*time.Millisecond)
	r := startServer(t, reg, testConf(freeAddr(t)), newTestService())
	client := healthgrpc.NewHealthClient(dial(t, r.addr))
	ctx := ctxWatchdog(t)

	var watches []healthgrpc.Health_WatchClient
	for _, svc := range []string{"", testServiceName} {
		resp, err := client.Check(ctx, &healthgrpc.HealthCheckRequest{Service: svc}, grpc.WaitForReady(true))
		require.NoError(t, err)
		assert.Equal(t, healthgrpc.HealthCheckResponse_SERVING, resp.GetStatus(), "Check(%q) before shutdown", svc)
		w, err := client.Watch(ctx, &healthgrpc.HealthCheckRequest{Service: svc})
		require.NoError(t, err)
		first, err := w.Recv()
		require.NoError(t, err)
		assert.Equal(t, healthgrpc.HealthCheckResponse_SERVING, first.GetStatus(), "Watch(%q) before shutdown", svc)
		watches = append(watches, w)
	}
	_, err := client.Check(ctx, &healthgrpc.HealthCheckRequest{Service: "nope"})
	assert.Equal(t, codes.NotFound, status.Code(err), "Check of an unknown service: %v", err)

	// Hold the wrap-up phase: the server must say NOT_SERVING while it
	// still serves, before any deregistration or drain.
	release := make(chan struct{})
	require.NoError(t, reg.AddWrapUpHook("hold", func(context.Context) error { <-release; return nil }))
	reg.Terminate(nil)

	for i, w := range watches {
		resp, err := w.Recv()
		require.NoError(t, err)
		assert.Equal(t, healthgrpc.HealthCheckResponse_NOT_SERVING, resp.GetStatus(), "watch %d at t0", i)
		_, err = w.Recv()
		assert.Equal(t, codes.Unavailable, status.Code(err), "watch %d ends with %v, want Unavailable", i, err)
	}
	for _, svc := range []string{"", testServiceName} {
		resp, err := client.Check(ctx, &healthgrpc.HealthCheckRequest{Service: svc})
		require.NoError(t, err)
		assert.Equal(t, healthgrpc.HealthCheckResponse_NOT_SERVING, resp.GetStatus(), "Check(%q) after t0", svc)
	}
	assert.Equal(t, proc.StateWrappingUp, reg.State())
	close(release)
	require.NoError(t, r.wait(t))
}

func TestRpcServer_HealthDisabled(t *testing.T) {
	reg := newRegistry(t, 50*time.Millisecond)
	c := testConf(freeAddr(t))
	c.Health = false
	r := startServer(t, reg, c, newTestService())
	_, err := healthgrpc.NewHealthClient(dial(t, r.addr)).Check(ctxWatchdog(t),
		&healthgrpc.HealthCheckRequest{}, grpc.WaitForReady(true))
	assert.Equal(t, codes.Unimplemented, status.Code(err), "Check with Health false: %v", err)
}
