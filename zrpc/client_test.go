package zrpc

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/status"
)

func TestGoingAway(t *testing.T) {
	tests := []struct {
		name       string
		giveHealth bool
		wantBefore bool // closed before the drain: by the health Watch at t0
	}{
		{name: "health watch at t0", giveHealth: true, wantBefore: true},
		{name: "connectivity at drain", giveHealth: false, wantBefore: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := newRegistry(t, 50*time.Millisecond)
			c := testConf(freeAddr(t))
			c.Health = tt.giveHealth
			r := startServer(t, reg, c, newTestService())
			conn := dial(t, r.addr)
			_, err := testgrpc.NewTestServiceClient(conn).UnaryCall(ctxWatchdog(t), &testgrpc.SimpleRequest{},
				grpc.WaitForReady(true))
			require.NoError(t, err)
			ctx, cancel := context.WithCancel(context.Background())
			t.Cleanup(cancel)
			away := GoingAway(ctx, conn)

			// Hold the wrap-up phase, after the health hook: the server
			// still serves, not yet drained.
			release := make(chan struct{})
			require.NoError(t, reg.AddWrapUpHook("hold", func(context.Context) error { <-release; return nil }))
			reg.Terminate(nil)
			if tt.wantBefore {
				recv(t, away, "going away before the drain")
			}
			close(release)
			recv(t, away, "going away")
			require.NoError(t, r.wait(t))
		})
	}
}

func TestGoingAway_NotClosedWhileServing(t *testing.T) {
	reg := newRegistry(t, 50*time.Millisecond)
	r := startServer(t, reg, testConf(freeAddr(t)), newTestService())
	conn := dial(t, r.addr)
	ctx, cancel := context.WithCancel(context.Background())
	away := GoingAway(ctx, conn)
	_, err := testgrpc.NewTestServiceClient(conn).UnaryCall(ctxWatchdog(t), &testgrpc.SimpleRequest{},
		grpc.WaitForReady(true))
	require.NoError(t, err)
	cancel()
	select {
	case <-away:
		t.Fatal("GoingAway closed while the server serves")
	default:
	}
}

func TestIsShuttingDown(t *testing.T) {
	tests := []struct {
		name string
		give error
		want bool
	}{
		{name: "ours", give: status.Error(codes.Unavailable, ShuttingDownMessage), want: true},
		{name: "other unavailable", give: status.Error(codes.Unavailable, "transport is closing"), want: false},
		{name: "other code", give: status.Error(codes.Internal, ShuttingDownMessage), want: false},
		{name: "nil", give: nil, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, IsShuttingDown(tt.give))
		})
	}
}
