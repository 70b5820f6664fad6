package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc/proctest"
	"github.com/zerodown/zerodown/example/goctl/hello/helloclient"
	"github.com/zerodown/zerodown/internal/etcdtest"
	"github.com/zerodown/zerodown/zrpc"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/goleak"
)

// runEnv makes the test binary run main with the config file it names.
const runEnv = "HELLO_CONFIG"

func TestMain(m *testing.M) {
	if path := os.Getenv(runEnv); path != "" {
		os.Args = []string{os.Args[0], "-f", path}
		main()
		fmt.Println("main returned")
		os.Exit(0)
	}
	goleak.VerifyTestMain(m, goleak.IgnoreCurrent())
}

// TestGoctlService runs the goctl-generated RPC service, whose only change is
// the import of zerodown's zrpc, registered in a real etcd; a go-zero client
// calls it; a real SIGTERM deletes its key and it exits 0.
func TestGoctlService(t *testing.T) {
	etcd, err := etcdtest.Start()
	require.NoError(t, err)
	t.Cleanup(etcd.Close)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	path := filepath.Join(t.TempDir(), "hello.yaml")
	require.NoError(t, os.WriteFile(path, []byte(fmt.Sprintf(`Name: hello.rpc
ListenOn: %s
Etcd: {Hosts: [%s], Key: hello.rpc}
Log: {Encoding: plain}
Shutdown: {WrapUpTime: 100ms, WaitTime: 5s}
`, addr, strings.Join(etcd.Endpoints(), ", "))), 0o644))

	p := proctest.Start(t, runEnv+"="+path, "")
	p.AwaitFunc(t, "serving", func(l string) bool { return strings.Contains(l, "zrpc: serving on "+addr) })

	// A direct client: go-zero's etcd-resolved one keeps goroutines for the
	// life of the process (zrpc's rolling test runs it in a child process).
	conn := zrpc.MustNewClient(zrpc.RpcClientConf{Endpoints: []string{addr}})
	defer conn.Conn().Close()
	cli := helloclient.NewHello(conn)
	ctx, cancel := context.WithTimeout(context.Background(), proctest.Watchdog)
	defer cancel()
	resp, err := cli.Ping(ctx, &helloclient.Request{Ping: "hi"})
	require.NoError(t, err)
	assert.Equal(t, "pong hi", resp.GetPong())

	kv, err := clientv3.New(clientv3.Config{Endpoints: etcd.Endpoints(), DialTimeout: 5 * time.Second})
	require.NoError(t, err)
	defer kv.Close()
	keys, err := kv.Get(ctx, "hello.rpc", clientv3.WithPrefix())
	require.NoError(t, err)
	require.Len(t, keys.Kvs, 1, "the service registered in etcd")
	assert.Equal(t, addr, string(keys.Kvs[0].Value))

	p.Signal(t, syscall.SIGTERM)
	assert.Equal(t, 0, p.Wait(t), p.Output())
	assert.Contains(t, p.Markers(), "main returned")
	keys, err = kv.Get(ctx, "hello.rpc", clientv3.WithPrefix())
	require.NoError(t, err)
	assert.Empty(t, keys.Kvs, "the key is deleted at shutdown, not left to expire")
}
