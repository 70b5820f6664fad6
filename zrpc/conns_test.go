package zrpc

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/discov"
	"google.golang.org/grpc"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/stats"
)

// A server registered in etcd keeps serving through the propagation delay
// while a client is connected, and ends the delay as soon as the last client
// has let go after its key was deleted, long before WrapUpTime.
func TestRpcServer_DelayEndsWhenTheLastClientLetsGo(t *testing.T) {
	reg, err := proc.NewRegistry(proc.ShutdownConf{WrapUpTime: time.Hour, WaitTime: 2 * time.Hour},
		proc.WithExit(func(code int) { t.Errorf("registry exited with code %d", code) }))
	require.NoError(t, err)
	c := testConf(freeAddr(t))
	c.Etcd = discov.EtcdConf{Hosts: sharedEtcd(t).Endpoints(), Key: "zrpc-test-" + t.Name()}
	r := startServer(t, reg, c, newTestService())
	conn := dial(t, r.addr)
	_, err = testgrpc.NewTestServiceClient(conn).UnaryCall(ctxWatchdog(t), &testgrpc.SimpleRequest{},
		grpc.WaitForReady(true))
	require.NoError(t, err)

	wrappedUp := make(chan struct{})
	require.NoError(t, reg.AddWrapUpHook("after deregistration", func(context.Context) error {
		close(wrappedUp)
		return nil
	}, proc.WithOrder(1)))
	reg.Terminate(nil)
	recv(t, wrappedUp, "the wrap-up phase")
	select {
	case <-reg.Draining():
		t.Fatal("the drain began while a client was still connected")
	default:
	}

	require.NoError(t, conn.Close()) // the client lets go, as go-zero's do when the key goes
	recv(t, reg.Draining(), "the drain, once no client is connected")
	require.NoError(t, r.wait(t))
	assert.NoError(t, reg.Wait())
}

func TestConns(t *testing.T) {
	c := newConns()
	ctx := context.Background()
	c.HandleConn(ctx, &stats.ConnBegin{})
	c.arm()
	select {
	case <-c.safe:
		t.Fatal("safe with a connection open")
	default:
	}
	c.HandleConn(ctx, &stats.ConnEnd{})
	recv(t, c.safe, "safe once the last connection ended")
	c.HandleConn(ctx, &stats.ConnBegin{})
	c.HandleConn(ctx, &stats.ConnEnd{}) // closes nothing twice
}
