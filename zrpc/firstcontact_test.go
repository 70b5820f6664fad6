package zrpc

// What a switched goctl rpc service does in its first minutes, in
// subprocesses on proc.DefaultRegistry with go-zero's yaml defaults.

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/readiness"
	"github.com/zeromicro/go-zero/core/conf"
	"google.golang.org/grpc"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
)

// defaultConf is the conf of a goctl service on addr: go-zero's yaml
// defaults, nothing of zerodown's.
func defaultConf(name, addr string, edit ...func(*RpcServerConf)) RpcServerConf {
	var c RpcServerConf
	if err := conf.FillDefault(&c); err != nil {
		panic(err)
	}
	c.Name = name
	c.ListenOn = addr
	c.Log.Level = "info"
	c.DevServer.Enabled = false // its fixed port would be shared by every test
	for _, fn := range edit {
		fn(&c)
	}
	return c
}

func register(gs *grpc.Server) { testgrpc.RegisterTestServiceServer(gs, newTestService()) }

// scenarioDevServer serves with go-zero's DevServer on, and a propagation
// delay long enough to probe /healthz in it.
func scenarioDevServer() int {
	dev, err := strconv.Atoi(os.Getenv("ZRPC_TEST_DEV_PORT"))
	if err != nil {
		panic(err)
	}
	s := MustNewServer(defaultConf("devserver", os.Getenv("ZRPC_TEST_ADDR"), func(c *RpcServerConf) {
		c.Shutdown.WrapUpTime, c.Shutdown.WaitTime = 3*time.Second, 10*time.Second
		c.DevServer.Enabled = true
		c.DevServer.Host = "127.0.0.1"
		c.DevServer.Port = dev
	}), register)
	defer s.Stop()
	go func() {
		if readiness.For(proc.DefaultRegistry).WaitReady(context.Background()) == nil {
			fmt.Println("ready")
		}
	}()
	s.Start()
	fmt.Println("start returned")
	return 0
}

// TestRpcServer_DevServerHealthFollowsReadiness: go-zero's DevServer
// /healthz answers 200 while the server serves and 503 from the shutdown's
// start, as the gRPC health service does; go-zero's own probe stays ready
// until the end of the shutdown.
func TestRpcServer_DevServerHealthFollowsReadiness(t *testing.T) {
	dev := freeAddr(t)
	_, devPort, _ := net.SplitHostPort(dev)
	t.Setenv("ZRPC_TEST_ADDR", freeAddr(t))
	t.Setenv("ZRPC_TEST_DEV_PORT", devPort)
	p := startScenario(t, "devserver")
	p.Await(t, "ready")
	healthz := "http://" + dev + "/healthz"
	assert.Equal(t, http.StatusOK, awaitStatus(healthz, http.StatusOK), "/healthz while serving:\n%s", p.Output())

	p.Signal(t, syscall.SIGTERM)
	sent := time.Now()
	assert.Equal(t, http.StatusServiceUnavailable, awaitStatus(healthz, http.StatusServiceUnavailable),
		"/healthz after SIGTERM:\n%s", p.Output())
	t.Logf("/healthz 503 %v after SIGTERM (WrapUpTime 3s)", time.Since(sent).Round(time.Millisecond))
	assert.NotContains(t, p.Markers(), "start returned", "503 came only as the process ended, not at t0")
	assert.Equal(t, 0, p.Wait(t), p.Output())
}

// awaitStatus polls url until it answers want, and returns the last status:
// want, or what it answered when the watchdog ran out.
func awaitStatus(url string, want int) int {
	c := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(watchdog)
	for {
		status := 0
		if resp, err := c.Get(url); err == nil {
			status = resp.StatusCode
			_ = resp.Body.Close()
		}
		if status == want || time.Now().After(deadline) {
			return status
		}
		time.Sleep(5 * time.Millisecond) // a poll: what changes is another process
	}
}

// scenarioStopAlone runs two servers with the default conf and stops the
// first one alone.
func scenarioStopAlone() int {
	first := MustNewServer(defaultConf("first", os.Getenv("ZRPC_TEST_ADDR")), register)
	other := MustNewServer(defaultConf("other", os.Getenv("ZRPC_TEST_OTHER")), register)
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		first.Start()
	}()
	go other.Start()
	if readiness.For(proc.DefaultRegistry).WaitReady(context.Background()) != nil {
		return 2
	}
	first.Stop()
	<-returned
	fmt.Println("first start returned")
	<-proc.Done()
	_ = proc.Wait()
	fmt.Println("main returns")
	return 0
}

// TestRpcServer_StopAloneFreesThePort: Stop of one server of the process,
// with go-zero's yaml defaults, drains it alone: its Start returns, its port
// is free, the other server keeps serving, and the process goes on until
// SIGTERM.
func TestRpcServer_StopAloneFreesThePort(t *testing.T) {
	addr, other := freeAddr(t), freeAddr(t)
	t.Setenv("ZRPC_TEST_ADDR", addr)
	t.Setenv("ZRPC_TEST_OTHER", other)
	p := startScenario(t, "stopalone")
	p.Await(t, "first start returned")
	ln, err := net.Listen("tcp", addr)
	require.NoError(t, err, "listen on the port of the stopped server:\n%s", p.Output())
	require.NoError(t, ln.Close())

	resp, err := healthgrpc.NewHealthClient(dial(t, other)).Check(ctxWatchdog(t), &healthgrpc.HealthCheckRequest{})
	require.NoError(t, err, "the other server:\n%s", p.Output())
	assert.Equal(t, healthgrpc.HealthCheckResponse_SERVING, resp.GetStatus())
	assert.NotContains(t, p.Markers(), "main returns", "the process went on")

	p.Signal(t, syscall.SIGTERM)
	assert.Equal(t, 0, p.Wait(t), p.Output())
	assert.Contains(t, p.Markers(), "main returns")
}

// TestRpcServer_StopBeforeRunNeverServes: a server stopped before it runs
// never serves, and leaves nothing in its Registry's shutdown.
func TestRpcServer_StopBeforeRunNeverServes(t *testing.T) {
	reg := newRegistry(t, 10*time.Millisecond)
	c := testConf(freeAddr(t))
	c.Shutdown.WrapUpTime, c.Shutdown.WaitTime = 10*time.Millisecond, 5*time.Second
	s, err := NewServer(c, nil, WithRegistry(reg))
	require.NoError(t, err)
	s.Stop()
	assert.ErrorIs(t, s.Run(), ErrStopped)
	s.Start() // returns at once: stopped
	reg.Terminate(nil)
	assert.NoError(t, reg.Wait())
}
