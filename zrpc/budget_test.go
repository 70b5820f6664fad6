package zrpc

import (
	"context"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/status"
)

func init() {
	scenarios["ignores-ctx"] = scenarioIgnoresCtx
}

// stuckService answers after 10s, ignoring its context.
type stuckService struct {
	testgrpc.UnimplementedTestServiceServer
}

func (stuckService) UnaryCall(context.Context, *testgrpc.SimpleRequest) (*testgrpc.SimpleResponse, error) {
	fmt.Println("entered")
	time.Sleep(10 * time.Second) // ignores its context
	return &testgrpc.SimpleResponse{Username: "ok"}, nil
}

// scenarioIgnoresCtx: a 10s call that ignores its context, WaitTime 3s, and
// a DB close.
func scenarioIgnoresCtx() int {
	c := RpcServerConf{
		ServiceConf: service.ServiceConf{Name: "ignores-ctx", Log: logx.LogConf{Level: "error"}},
		ListenOn:    os.Getenv("ZRPC_TEST_ADDR"),
		Health:      true,
	}
	c.Shutdown.WrapUpTime, c.Shutdown.WaitTime = 100*time.Millisecond, 3*time.Second
	proc.AddShutdownListener(func() { fmt.Println("db close") })
	s := MustNewServer(c, func(gs *grpc.Server) { testgrpc.RegisterTestServiceServer(gs, stuckService{}) })
	fmt.Println("ready")
	s.Start()
	return 0
}

func TestSignal_CallIgnoringItsContextIsCutAndTheDBStillCloses(t *testing.T) {
	addr := freeAddr(t)
	t.Setenv("ZRPC_TEST_ADDR", addr)
	p := startScenario(t, "ignores-ctx")
	p.Await(t, "ready")
	client := testgrpc.NewTestServiceClient(dial(t, addr))
	type reply struct {
		err error
		at  time.Time
	}
	called := make(chan reply, 1)
	go func() {
		_, err := client.UnaryCall(ctxWatchdog(t), &testgrpc.SimpleRequest{}, grpc.WaitForReady(true))
		called <- reply{err, time.Now()}
	}()
	p.Await(t, "entered")
	sent := time.Now()
	p.Signal(t, syscall.SIGTERM)
	got := recv(t, called, "the call cut at the drain's end")
	code := p.Wait(t)
	took := p.Exited().Sub(sent)
	t.Logf("exit %d after %v; the client's error after %v: %v", code, took.Round(time.Millisecond),
		got.at.Sub(sent).Round(time.Millisecond), got.err)
	require.Equal(t, proc.ExitCodeForceQuit, code, p.Output())
	assert.Equal(t, codes.Unavailable, status.Code(got.err), "an error the client may retry elsewhere: %v", got.err)
	assert.Less(t, got.at.Sub(sent), 3*time.Second, "by WaitTime − reserve")
	assert.Contains(t, p.Markers(), "db close", "the DB close ran in the reserve")
	assert.Less(t, took, 4500*time.Millisecond, "exit at about WaitTime 3s")
	assert.Contains(t, p.Output(), "/grpc.testing.TestService/UnaryCall", "the force quit names the handler")
	assert.Contains(t, p.Output(), "budget_test.go", "with its stack")
}
