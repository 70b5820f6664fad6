package zrpc

import (
	"context"
	"errors"
	"io"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/status"
)

func TestRpcServer_InFlightUnaryCompletesBeforeShutdownHooks(t *testing.T) {
	reg := newRegistry(t, 50*time.Millisecond)
	r := startServer(t, reg, testConf(freeAddr(t)), newTestService())
	client := testgrpc.NewTestServiceClient(dial(t, r.addr))
	ctx := ctxWatchdog(t)

	var hookSaw atomic.Int32
	hookSaw.Store(-1)
	require.NoError(t, reg.AddShutdownHook("db close", func(context.Context) error {
		hookSaw.Store(r.svc.returned.Load())
		return nil
	}))

	const calls = 8
	errs := make(chan error, calls)
	for range calls {
		go func() {
			_, err := client.UnaryCall(ctx, &testgrpc.SimpleRequest{ResponseSize: 1}, grpc.WaitForReady(true))
			errs <- err
		}()
	}
	for range calls {
		recv(t, r.svc.entered, "call in flight")
	}
	reg.Terminate(nil)
	recv(t, reg.Draining(), "drain begins")
	close(r.svc.release)
	for range calls {
		assert.NoError(t, recv(t, errs, "call returns"), "an RPC in flight at shutdown")
	}
	require.NoError(t, r.wait(t))
	assert.Equal(t, int32(calls), hookSaw.Load(), "handlers returned when the shutdown hook ran")
	assert.NoError(t, reg.Wait())
}

func TestRpcServer_StreamsEndAtStreamDeadline(t *testing.T) {
	reg := newRegistry(t, 50*time.Millisecond)
	c := testConf(freeAddr(t))
	c.Drain.StreamTimeout = 200 * time.Millisecond
	r := startServer(t, reg, c, newTestService())
	client := testgrpc.NewTestServiceClient(dial(t, r.addr))
	ctx := ctxWatchdog(t)

	open := func(mode string) testgrpc.TestService_StreamingOutputCallClient {
		s, err := client.StreamingOutputCall(ctx, &testgrpc.StreamingOutputCallRequest{
			Payload: &testgrpc.Payload{Body: []byte(mode)}}, grpc.WaitForReady(true))
		require.NoError(t, err)
		_, err = s.Recv()
		require.NoError(t, err)
		recv(t, r.svc.streams, "stream open")
		return s
	}
	endless := []testgrpc.TestService_StreamingOutputCallClient{
		open(streamUntilCancelled), open(streamUntilCancelled), open(streamFlood),
	}
	polite := open(streamUntilDraining)

	reg.Terminate(nil)
	_, err := polite.Recv()
	assert.ErrorIs(t, err, io.EOF, "a handler that selects on Draining ends its stream cleanly")
	for i, s := range endless {
		var err error
		for err == nil {
			_, err = s.Recv() // the flood stream has messages in flight
		}
		st := status.Convert(err)
		assert.Equal(t, codes.Unavailable, st.Code(), "stream %d ended with %v", i, err)
		assert.Equal(t, ShuttingDownMessage, st.Message(), "stream %d", i)
	}
	require.NoError(t, r.wait(t))
	assert.NoError(t, reg.Wait(), "the drain ended in time: no error")
}

func TestRpcServer_PortFreeAfterStop(t *testing.T) {
	reg := newRegistry(t, 50*time.Millisecond)
	r := startServer(t, reg, testConf(freeAddr(t)), newTestService())
	client := testgrpc.NewTestServiceClient(dial(t, r.addr))
	_, err := client.UnaryCall(ctxWatchdog(t), &testgrpc.SimpleRequest{}, grpc.WaitForReady(true))
	require.NoError(t, err)

	r.srv.Stop()
	r.srv.Stop() // idempotent
	require.NoError(t, r.wait(t))
	l, err := net.Listen("tcp", r.addr)
	require.NoError(t, err, "bind %s right after Run returned", r.addr)
	require.NoError(t, l.Close())
}

func TestRpcServer_ListenError(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer taken.Close()
	reg := newRegistry(t, 50*time.Millisecond)
	srv, err := NewServer(testConf(taken.Addr().String()), nil, WithRegistry(reg))
	require.NoError(t, err)

	err = srv.Run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), taken.Addr().String())
	assert.Contains(t, err.Error(), "address already in use")
	recv(t, srv.exited, "go-zero's Start returns")
	assert.ErrorIs(t, srv.Run(), ErrStarted)
}

func TestRpcServer_SeveralServersAllDrain(t *testing.T) {
	reg := newRegistry(t, 50*time.Millisecond)
	var servers []*running
	for range 3 {
		servers = append(servers, startServer(t, reg, testConf(freeAddr(t)), newTestService()))
	}
	for _, r := range servers {
		_, err := testgrpc.NewTestServiceClient(dial(t, r.addr)).UnaryCall(ctxWatchdog(t),
			&testgrpc.SimpleRequest{}, grpc.WaitForReady(true))
		require.NoError(t, err)
	}
	reg.Terminate(nil)
	for _, r := range servers {
		require.NoError(t, r.wait(t))
		l, err := net.Listen("tcp", r.addr)
		require.NoError(t, err, "bind %s after the shutdown", r.addr)
		require.NoError(t, l.Close())
	}
}

func TestRpcServer_RunAfterShutdownBegan(t *testing.T) {
	reg := newRegistry(t, 50*time.Millisecond)
	reg.Terminate(nil)
	srv, err := NewServer(testConf(freeAddr(t)), nil, WithRegistry(reg))
	require.NoError(t, err)
	err = srv.Run()
	assert.True(t, errors.Is(err, proc.ErrTooLate), "Run after t0: %v", err)
	recv(t, srv.exited, "go-zero's Start returns")
}
