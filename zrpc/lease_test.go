package zrpc

import (
	"context"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/internal/etcdtest"
	"github.com/zeromicro/go-zero/core/discov"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"
	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"
	"google.golang.org/grpc"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
)

// leaseTTL is the lease TTL, in seconds, of the etcd scenarios: go-zero's
// discov.TimeToLive, shortened so that an outage longer than it is short.
const leaseTTL = 2

// scenarioEtcd serves on ZRPC_TEST_ADDR, registered in the etcd at
// ZRPC_TEST_ETCD under ZRPC_TEST_KEY, until a real SIGTERM.
func scenarioEtcd() int {
	discov.TimeToLive = leaseTTL
	c := RpcServerConf{
		ServiceConf: service.ServiceConf{Name: "etcd", Log: logx.LogConf{Level: "error"}},
		ListenOn:    os.Getenv("ZRPC_TEST_ADDR"),
		Etcd:        discov.EtcdConf{Hosts: []string{os.Getenv("ZRPC_TEST_ETCD")}, Key: os.Getenv("ZRPC_TEST_KEY")},
		Health:      true,
	}
	c.Shutdown.WrapUpTime = 100 * time.Millisecond
	s := MustNewServer(c, func(gs *grpc.Server) { testgrpc.RegisterTestServiceServer(gs, newTestService()) })
	defer s.Stop()
	fmt.Println("ready")
	s.Start()
	fmt.Println("start returned")
	return 0
}

// TestRpcServer_EtcdRestart: etcd goes down for longer than the lease TTL and
// comes back on the same port. The server registers again with at most one
// key at any time, and no key of it is left once the process has exited.
func TestRpcServer_EtcdRestart(t *testing.T) {
	etcd, err := etcdtest.Start()
	require.NoError(t, err)
	t.Cleanup(etcd.Close)
	key := "zrpc-test-restart"
	t.Setenv("ZRPC_TEST_ADDR", freeAddr(t))
	t.Setenv("ZRPC_TEST_ETCD", etcd.Endpoints()[0])
	t.Setenv("ZRPC_TEST_KEY", key)
	cli := etcdClient(t, etcd.Endpoints())
	ctx, cancel := context.WithTimeout(context.Background(), 3*watchdog)
	defer cancel()

	p := startScenario(t, "etcd")
	p.Await(t, "ready")
	first := awaitKeys(t, ctx, cli, key, 1)

	require.NoError(t, etcd.Stop())
	p.AwaitFunc(t, "the server sees its lease lost", func(l string) bool { return strings.Contains(l, "lease") })
	require.NoError(t, etcd.Restart())
	rev := awaitPut(t, ctx, cli, key, first.Header.Revision)
	resp, err := cli.Get(ctx, key+"/", clientv3.WithPrefix(), clientv3.WithRev(rev))
	require.NoError(t, err)
	assert.Len(t, resp.Kvs, 1, "keys of the server once registered again: %v\n%s", resp.Kvs, p.Output())

	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, p.Wait(t), p.Output())
	left := awaitKeys(t, ctx, cli, key, 0)
	assert.Empty(t, left.Kvs, "keys left 1s after the exit")
}

// awaitKeys returns the keys under key/ once there are n of them, or 1s
// after it was called, before the lease TTL (2s) could hide a key left
// behind by making it expire.
func awaitKeys(t *testing.T, ctx context.Context, cli *clientv3.Client, key string, n int) *clientv3.GetResponse {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for {
		resp, err := cli.Get(ctx, key+"/", clientv3.WithPrefix())
		require.NoError(t, err)
		if len(resp.Kvs) == n || time.Now().After(deadline) {
			return resp
		}
		select {
		case <-ctx.Done():
			t.Fatalf("keys under %s/: %d, want %d", key, len(resp.Kvs), n)
		case <-time.After(10 * time.Millisecond): // polling etcd, not a synchronisation
		}
	}
}

// awaitPut returns the revision of the first put under key/ after rev.
func awaitPut(t *testing.T, ctx context.Context, cli *clientv3.Client, key string, rev int64) int64 {
	t.Helper()
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for wr := range cli.Watch(wctx, key+"/", clientv3.WithPrefix(), clientv3.WithRev(rev+1)) {
		for _, ev := range wr.Events {
			if ev.Type == mvccpb.PUT {
				return ev.Kv.ModRevision
			}
		}
	}
	t.Fatalf("no put under %s/ after revision %d", key, rev)
	return 0
}
