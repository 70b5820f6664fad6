package zrpc

import (
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"
	"google.golang.org/grpc"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/status"
)

const endlessStreams = 20

// scenarioStreams serves endless streams on proc.DefaultRegistry, with
// go-zero's default WaitTime (5.5s), until a real SIGTERM.
func scenarioStreams() int {
	c := RpcServerConf{
		ServiceConf: service.ServiceConf{Name: "streams", Log: logx.LogConf{Level: "error"}},
		ListenOn:    os.Getenv("ZRPC_TEST_ADDR"),
		Health:      true,
		Drain:       DrainConf{Timeout: time.Second, StreamTimeout: 500 * time.Millisecond},
	}
	c.Shutdown.WrapUpTime = 200 * time.Millisecond
	svc := newTestService()
	s := MustNewServer(c, func(gs *grpc.Server) { testgrpc.RegisterTestServiceServer(gs, svc) })
	defer s.Stop()
	fmt.Println("ready")
	s.Start()
	fmt.Println("start returned")
	return 0
}

func TestRpcServer_SigtermWithEndlessStreams(t *testing.T) {
	addr := freeAddr(t)
	t.Setenv("ZRPC_TEST_ADDR", addr)
	p := startScenario(t, "streams")
	p.Await(t, "ready")
	conn := dial(t, addr)
	ctx := ctxWatchdog(t)
	watch, err := healthgrpc.NewHealthClient(conn).Watch(ctx, &healthgrpc.HealthCheckRequest{},
		grpc.WaitForReady(true))
	require.NoError(t, err)
	first, err := watch.Recv()
	require.NoError(t, err)
	require.Equal(t, healthgrpc.HealthCheckResponse_SERVING, first.GetStatus())

	client := testgrpc.NewTestServiceClient(conn)
	var streams []testgrpc.TestService_StreamingOutputCallClient
	for range endlessStreams {
		s, err := client.StreamingOutputCall(ctx, &testgrpc.StreamingOutputCallRequest{
			Payload: &testgrpc.Payload{Body: []byte(streamUntilCancelled)}})
		require.NoError(t, err)
		_, err = s.Recv()
		require.NoError(t, err)
		streams = append(streams, s)
	}
	sent := time.Now()
	p.Signal(t, syscall.SIGTERM)

	resp, err := watch.Recv()
	require.NoError(t, err)
	assert.Equal(t, healthgrpc.HealthCheckResponse_NOT_SERVING, resp.GetStatus(), "health at t0")
	_, err = watch.Recv()
	assert.True(t, IsShuttingDown(err), "the health Watch ends with %v", err)
	for i, s := range streams {
		_, err := s.Recv()
		assert.True(t, IsShuttingDown(err), "stream %d ended with %v, want Unavailable %q",
			i, status.Convert(err), ShuttingDownMessage)
	}
	require.Equal(t, 0, p.Wait(t), p.Output())
	took := time.Since(sent)
	t.Logf("%d endless streams: SIGTERM to exit %v (WaitTime 5.5s)", endlessStreams, took)
	assert.Equal(t, []string{"ready", "start returned"}, p.Markers())
}
