package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc/proctest"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/types/known/emptypb"
)

// TestGoctl_RPC generates testdata/multi.proto (two services, unary and
// streaming) with goctl itself, switches it with this plugin, builds it and
// runs it through a real SIGTERM: the health service says NOT_SERVING, the
// process exits 0.
func TestGoctl_RPC(t *testing.T) {
	goctl := goctl(t)
	protocTools(t)
	tmp := t.TempDir()
	plugin := buildPlugin(t, tmp)
	dir := filepath.Join(tmp, "multi")
	require.NoError(t, os.Mkdir(dir, 0o755))
	newModule(t, dir, "multi")
	proto, err := os.ReadFile("testdata/multi.proto")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "multi.proto"), proto, 0o644))

	run(t, dir, goctl, "rpc", "protoc", "multi.proto", "--go_out=.", "--go-grpc_out=.", "--zrpc_out=.", "-m")
	assert.Error(t, checkErr(dir, plugin), "goctl's output imports go-zero's zrpc")
	run(t, dir, plugin, "-dir", ".")
	require.NoError(t, checkErr(dir, plugin), "the plugin switched every import")
	run(t, dir, "go", "build", "-race", "-o", "multi-rpc", ".")

	addr := freeAddr(t)
	conf := filepath.Join(dir, "test.yaml")
	require.NoError(t, os.WriteFile(conf, []byte(`Name: multi.rpc
ListenOn: `+addr+`
Log: {Encoding: plain}
Shutdown: {WrapUpTime: 100ms, WaitTime: 5s}
`), 0o644))
	// zerodown's zrpc says "zrpc: serving on", go-zero's does not
	svc := startService(t, dir, "./multi-rpc", "zrpc: serving on "+addr, "-f", conf)

	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), proctest.Watchdog)
	defer cancel()
	watch, err := healthgrpc.NewHealthClient(conn).Watch(ctx, &healthgrpc.HealthCheckRequest{})
	require.NoError(t, err)
	first, err := watch.Recv()
	require.NoError(t, err)
	assert.Equal(t, healthgrpc.HealthCheckResponse_SERVING, first.Status)

	// The requests and replies are empty: empty messages encode the same
	// whatever their type.
	assert.NoError(t, conn.Invoke(ctx, "/multi.Greeter/Hello", &emptypb.Empty{}, &emptypb.Empty{}))
	assert.NoError(t, conn.Invoke(ctx, "/multi.Counter/Echo", &emptypb.Empty{}, &emptypb.Empty{}))
	ticks, err := conn.NewStream(ctx, &grpc.StreamDesc{ServerStreams: true}, "/multi.Greeter/Ticks")
	require.NoError(t, err)
	require.NoError(t, ticks.SendMsg(&emptypb.Empty{}))
	require.NoError(t, ticks.CloseSend())
	assert.ErrorIs(t, ticks.RecvMsg(&emptypb.Empty{}), io.EOF, "goctl's stream logic returns at once")

	svc.Signal(t, syscall.SIGTERM)
	last, err := watch.Recv()
	require.NoError(t, err)
	assert.Equal(t, healthgrpc.HealthCheckResponse_NOT_SERVING, last.Status, "zerodown flips health at SIGTERM")
	assert.Equal(t, 0, svc.Wait(t), svc.Output())
}
