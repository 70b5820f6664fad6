package zrpc

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/discov"
	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"
	"google.golang.org/grpc"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
)

func etcdClient(t *testing.T, endpoints []string) *clientv3.Client {
	t.Helper()
	cli, err := clientv3.New(clientv3.Config{Endpoints: endpoints, DialTimeout: watchdog})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cli.Close() })
	return cli
}

func TestRpcServer_EtcdDeregisteredBeforeDrain(t *testing.T) {
	etcd := sharedEtcd(t)
	cli := etcdClient(t, etcd.Endpoints())
	ctx := ctxWatchdog(t)
	key := "zrpc-test-" + t.Name()

	reg := newRegistry(t, 50*time.Millisecond)
	c := testConf(freeAddr(t))
	c.Etcd = discov.EtcdConf{Hosts: etcd.Endpoints(), Key: key}
	r := startServer(t, reg, c, newTestService())
	_, err := testgrpc.NewTestServiceClient(dial(t, r.addr)).UnaryCall(ctx, &testgrpc.SimpleRequest{},
		grpc.WaitForReady(true))
	require.NoError(t, err)

	// The key is what go-zero's etcd discovery resolves: Key/<lease>, the address.
	resp, err := cli.Get(ctx, key+"/", clientv3.WithPrefix())
	require.NoError(t, err)
	require.Len(t, resp.Kvs, 1, "published keys under %s/", key)
	assert.Equal(t, r.addr, string(resp.Kvs[0].Value))
	deleted := make(chan string, 1)
	wctx, wcancel := context.WithCancel(ctx)
	defer wcancel()
	watch := cli.Watch(wctx, key+"/", clientv3.WithPrefix(), clientv3.WithRev(resp.Header.Revision+1))
	go func() {
		for wr := range watch {
			for _, ev := range wr.Events {
				if ev.Type == mvccpb.DELETE {
					deleted <- string(ev.Kv.Key)
					return
				}
			}
		}
	}()

	// Order 1: after the server's deregistration, before the drain phase.
	sawDelete := make(chan string, 1)
	require.NoError(t, reg.AddWrapUpHook("watcher", func(ctx context.Context) error {
		select {
		case k := <-deleted:
			sawDelete <- k
		case <-ctx.Done():
			sawDelete <- ""
		}
		return nil
	}, proc.WithOrder(1), proc.WithTimeout(watchdog)))
	reg.Terminate(nil)
	assert.Equal(t, string(resp.Kvs[0].Key), recv(t, sawDelete, "watcher"),
		"the watcher saw the key deleted in the wrap-up phase, before the drain")
	require.NoError(t, r.wait(t))
	assert.NoError(t, reg.Wait())
}

func TestRpcServer_EtcdUnreachableAtShutdown(t *testing.T) {
	proxy := startProxy(t, sharedEtcd(t).Endpoints()[0])
	reg := newRegistry(t, 50*time.Millisecond)
	c := testConf(freeAddr(t))
	c.Etcd = discov.EtcdConf{Hosts: []string{proxy.addr()}, Key: "zrpc-test-" + t.Name()}
	c.Drain.DeregisterTimeout = 200 * time.Millisecond
	r := startServer(t, reg, c, newTestService())
	_, err := testgrpc.NewTestServiceClient(dial(t, r.addr)).UnaryCall(ctxWatchdog(t), &testgrpc.SimpleRequest{},
		grpc.WaitForReady(true))
	require.NoError(t, err)

	proxy.cut()
	reg.Terminate(nil)
	require.NoError(t, r.wait(t), "Run returns although etcd is unreachable")
	err = reg.Wait()
	var he *proc.HookError
	require.ErrorAs(t, err, &he, "the deregistration is reported")
	assert.Contains(t, he.Name, "deregister")
	assert.Equal(t, proc.PhaseWrapUp, he.Phase)
	assert.Equal(t, proc.OutcomeTimeout, he.Outcome)
}
