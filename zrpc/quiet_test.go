package zrpc

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"google.golang.org/grpc"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
)

// A load balancer that still sends new connections after the drain has begun
// (an L4 balancer, Kubernetes endpoints seen through kube-proxy) is served,
// not refused: the port stays open while connections still arrive.
func TestRpcServer_AcceptsWhileConnectionsArriveIntoTheDrain(t *testing.T) {
	reg := newRegistry(t, 10*time.Millisecond)
	c := testConf(freeAddr(t))
	c.Drain.QuietPeriod = 500 * time.Millisecond
	r := startServer(t, reg, c, newTestService())
	_, err := testgrpc.NewTestServiceClient(dial(t, r.addr)).UnaryCall(ctxWatchdog(t), &testgrpc.SimpleRequest{},
		grpc.WaitForReady(true))
	require.NoError(t, err)

	reg.Terminate(nil)
	recv(t, reg.Draining(), "drain begins")
	for i := range 10 { // a new connection each, as through a load balancer
		conn := dial(t, r.addr)
		_, err := testgrpc.NewTestServiceClient(conn).UnaryCall(ctxWatchdog(t), &testgrpc.SimpleRequest{})
		require.NoError(t, err, "call %d on a new connection into the drain", i)
		require.NoError(t, conn.Close())
	}
	require.NoError(t, r.wait(t), "Run returns once the connections stopped arriving")
	assert.NoError(t, reg.Wait())
}

// An idle server without etcd ends the propagation delay once nothing has
// arrived for the quiet period, instead of waiting the whole WrapUpTime.
func TestRpcServer_IdleServerEndsTheDelayEarly(t *testing.T) {
	const wrapUp = 4 * time.Second
	states := make(chan proc.State, 8)
	reg, err := proc.NewRegistry(proc.ShutdownConf{WrapUpTime: wrapUp, WaitTime: 10 * time.Second},
		proc.WithExit(func(code int) { t.Errorf("registry exited with code %d", code) }),
		proc.WithObserver(stateObserver(states)))
	require.NoError(t, err)
	c := testConf(freeAddr(t))
	c.Drain.QuietPeriod = 100 * time.Millisecond
	r := startServer(t, reg, c, newTestService())
	_, err = testgrpc.NewTestServiceClient(dial(t, r.addr)).UnaryCall(ctxWatchdog(t), &testgrpc.SimpleRequest{},
		grpc.WaitForReady(true))
	require.NoError(t, err)

	t0 := time.Now()
	reg.Terminate(nil)
	for s := range states {
		if s == proc.StateDraining {
			break
		}
	}
	delay := time.Since(t0)
	t.Logf("propagation delay of an idle server: %v (WrapUpTime %v)", delay, wrapUp)
	assert.Less(t, delay, wrapUp/2, "the delay ended early")
	require.NoError(t, r.wait(t))
}

// stateObserver sends every state the Registry enters on its channel, which
// must have room for all of them.
type stateObserver chan<- proc.State

func (o stateObserver) StateChanged(s proc.State, _ time.Time)                         { o <- s }
func (stateObserver) HookStarted(proc.Phase, string, time.Time)                        {}
func (stateObserver) HookEnded(proc.Phase, string, proc.Outcome, time.Duration, error) {}
func (stateObserver) ForceQuit([]string)                                               {}
