package zrpc

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
)

func TestStreamGoingAway(t *testing.T) {
	defer func(d time.Duration) { awayLinger = d }(awayLinger)
	awayLinger = 0 // watchers end with their last stream: goleak
	reg := newRegistry(t, 50*time.Millisecond)
	r := startServer(t, reg, testConf(freeAddr(t)), newTestService())
	conn, err := grpc.NewClient("passthrough:///"+r.addr,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithChainStreamInterceptor(StreamAwayInterceptor()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	client := testgrpc.NewTestServiceClient(conn)
	open := func(ctx context.Context) testgrpc.TestService_StreamingOutputCallClient {
		s, err := client.StreamingOutputCall(ctx, &testgrpc.StreamingOutputCallRequest{
			Payload: &testgrpc.Payload{Body: []byte(streamUntilCancelled)}}, grpc.WaitForReady(true))
		require.NoError(t, err)
		_, err = s.Recv()
		require.NoError(t, err)
		return s
	}
	ctx, cancel := context.WithCancel(ctxWatchdog(t))
	defer cancel()
	s := open(ctx)
	away, server := StreamGoingAway(s.Context())
	require.NotNil(t, away)
	assert.Equal(t, r.addr, server)
	select {
	case <-away:
		t.Fatal("closed while the server serves")
	default:
	}

	// Hold the wrap-up phase: the server reports NOT_SERVING, still serves.
	release := make(chan struct{})
	require.NoError(t, reg.AddWrapUpHook("hold", func(context.Context) error { <-release; return nil }))
	reg.Terminate(nil)
	recv(t, away, "going away before the drain")

	// A stream that lands on the leaving server learns it at once.
	late := open(ctx)
	lateAway, _ := StreamGoingAway(late.Context())
	recv(t, lateAway, "a late stream's going away")
	cancel()
	close(release)
	require.NoError(t, r.wait(t))
}

func TestStreamGoingAway_WithoutInterceptor(t *testing.T) {
	away, server := StreamGoingAway(context.Background())
	assert.Nil(t, away)
	assert.Empty(t, server)
}
