package zrpc

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
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

// drainingService blocks a call with ResponseSize 1 until the drain phase
// of proc.DefaultRegistry begins: it is in flight through t0, the wrap-up
// and the propagation delay.
type drainingService struct {
	testgrpc.UnimplementedTestServiceServer
	returned atomic.Bool
}

func (s *drainingService) UnaryCall(ctx context.Context, req *testgrpc.SimpleRequest) (*testgrpc.SimpleResponse, error) {
	if req.GetResponseSize() == 1 {
		fmt.Println("entered")
		<-proc.Draining()
		s.returned.Store(true)
	}
	return &testgrpc.SimpleResponse{Username: "ok"}, nil
}

// scenarioSigterm is a goctl-style main on proc.DefaultRegistry, stopped by
// a real SIGTERM.
func scenarioSigterm() int {
	addr := os.Getenv("ZRPC_TEST_ADDR")
	c := RpcServerConf{
		ServiceConf: service.ServiceConf{Name: "sigterm", Log: logx.LogConf{Level: "error"}},
		ListenOn:    addr,
		Health:      true,
	}
	c.Shutdown.WrapUpTime = 100 * time.Millisecond
	svc := &drainingService{}
	proc.AddShutdownListener(func() {
		fmt.Println("shutdown listener: handler returned:", svc.returned.Load())
	})
	s := MustNewServer(c, func(gs *grpc.Server) { testgrpc.RegisterTestServiceServer(gs, svc) })
	defer s.Stop()
	fmt.Println("ready")
	s.Start()
	fmt.Println("start returned")
	return 0
}

func TestRpcServer_Sigterm(t *testing.T) {
	addr := freeAddr(t)
	t.Setenv("ZRPC_TEST_ADDR", addr)
	p := startScenario(t, "sigterm")
	p.Await(t, "ready")
	client := testgrpc.NewTestServiceClient(dial(t, addr))
	called := make(chan error, 1)
	go func() {
		_, err := client.UnaryCall(ctxWatchdog(t), &testgrpc.SimpleRequest{ResponseSize: 1}, grpc.WaitForReady(true))
		called <- err
	}()
	p.Await(t, "entered")
	sent := time.Now()
	p.Signal(t, syscall.SIGTERM)

	assert.NoError(t, recv(t, called, "the call in flight at SIGTERM"))
	require.Equal(t, 0, p.Wait(t), p.Output())
	t.Logf("SIGTERM to exit: %v", time.Since(sent))
	assert.Equal(t, []string{"ready", "entered", "shutdown listener: handler returned: true", "start returned"},
		p.Markers())
}
