package zrpc

import (
	"context"
	"fmt"
	"os"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"
	"google.golang.org/grpc"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
)

func init() {
	scenarios["conf-table"] = scenarioConfTable
}

// Environment of scenarioConfTable: the Shutdown conf, as go-zero's yaml
// or SetTimeToForceQuit would give it.
const (
	envWrapUp    = "ZERODOWN_TEST_WRAP_UP"
	envWait      = "ZERODOWN_TEST_WAIT"
	envForceQuit = "ZERODOWN_TEST_FORCE_QUIT"
)

func envDuration(name string) time.Duration {
	d, _ := time.ParseDuration(os.Getenv(name))
	return d
}

// slowService answers after 100ms, printing when it starts and ends.
type slowService struct {
	testgrpc.UnimplementedTestServiceServer
}

func (slowService) UnaryCall(context.Context, *testgrpc.SimpleRequest) (*testgrpc.SimpleResponse, error) {
	fmt.Println("request started")
	time.Sleep(100 * time.Millisecond) // the request's own work
	fmt.Println("request done")
	return &testgrpc.SimpleResponse{Username: "ok"}, nil
}

// scenarioConfTable: a service with the Shutdown conf of the environment and
// nothing of zerodown's (no Drain), a 100ms call and a DB close.
func scenarioConfTable() int {
	if d := envDuration(envForceQuit); d > 0 {
		proc.SetTimeToForceQuit(d)
	}
	c := RpcServerConf{
		ServiceConf: service.ServiceConf{Name: "conf-table", Log: logx.LogConf{Level: "error"}},
		ListenOn:    os.Getenv("ZRPC_TEST_ADDR"),
		Health:      true,
	}
	c.Shutdown.WrapUpTime, c.Shutdown.WaitTime = envDuration(envWrapUp), envDuration(envWait)
	proc.AddShutdownListener(func() { fmt.Println("db close") })
	s := MustNewServer(c, func(gs *grpc.Server) { testgrpc.RegisterTestServiceServer(gs, slowService{}) })
	fmt.Println("ready")
	s.Start()
	return 0
}

// TestSignal_EveryShutdownConfGoZeroAcceptsStarts: each conf go-zero
// accepts starts, serves a call in flight at SIGTERM to its end, runs the DB
// close after it, and exits 0 within its WaitTime.
func TestSignal_EveryShutdownConfGoZeroAcceptsStarts(t *testing.T) {
	cases := []struct{ name, wrapUp, wait, forceQuit string }{
		{name: "WaitTime 1.5s", wait: "1.5s"},
		{name: "WaitTime 2s", wait: "2s"},
		{name: "WaitTime 3s", wait: "3s"},
		{name: "WaitTime 5.5s", wait: "5.5s"},
		{name: "WaitTime 30s", wait: "30s"},
		{name: "WrapUpTime 200ms WaitTime 1.5s", wrapUp: "200ms", wait: "1.5s"},
		{name: "WrapUpTime 1s WaitTime 2s", wrapUp: "1s", wait: "2s"},
		{name: "WrapUpTime 3s WaitTime 5.5s", wrapUp: "3s", wait: "5.5s"},
		{name: "WrapUpTime 5s WaitTime 5.5s", wrapUp: "5s", wait: "5.5s"},
		{name: "WrapUpTime 2s WaitTime 30s", wrapUp: "2s", wait: "30s"},
		{name: "SetTimeToForceQuit 1.5s", forceQuit: "1.5s"},
		{name: "SetTimeToForceQuit 3s", forceQuit: "3s"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			addr := freeAddr(t)
			t.Setenv("ZRPC_TEST_ADDR", addr)
			t.Setenv(envWrapUp, tc.wrapUp)
			t.Setenv(envWait, tc.wait)
			t.Setenv(envForceQuit, tc.forceQuit)
			wait, _ := time.ParseDuration(tc.wait + tc.forceQuit)
			p := startScenario(t, "conf-table")
			p.Await(t, "ready")
			client := testgrpc.NewTestServiceClient(dial(t, addr))
			called := make(chan error, 1)
			go func() {
				_, err := client.UnaryCall(ctxWatchdog(t), &testgrpc.SimpleRequest{}, grpc.WaitForReady(true))
				called <- err
			}()
			p.Await(t, "request started")
			sent := time.Now()
			p.Signal(t, syscall.SIGTERM)
			assert.NoError(t, recv(t, called, "the call in flight at SIGTERM"))
			require.Equal(t, 0, p.Wait(t), p.Output())
			took := p.Exited().Sub(sent)
			t.Logf("SIGTERM to exit 0: %v", took.Round(time.Millisecond))
			markers := slices.DeleteFunc(p.Markers(), func(l string) bool { return l != "request done" && l != "db close" })
			assert.Equal(t, []string{"request done", "db close"}, markers, "the DB close after the call")
			assert.Less(t, took, wait, "within WaitTime")
		})
	}
}
