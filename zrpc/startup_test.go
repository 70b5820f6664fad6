package zrpc

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/report"
	"github.com/zeromicro/go-zero/core/discov"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"
	"google.golang.org/grpc"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
)

// startupWrapUp is the WrapUpTime of the startup scenarios.
const startupWrapUp = 300 * time.Millisecond

// scenarioRegistering is a goctl-style main whose etcd, ZRPC_TEST_ETCD, does
// not answer: Start blocks registering until a real SIGTERM.
func scenarioRegistering() int {
	c := RpcServerConf{
		ServiceConf: service.ServiceConf{Name: "registering", Log: logx.LogConf{Level: "info"}},
		ListenOn:    os.Getenv("ZRPC_TEST_ADDR"),
		Etcd:        discov.EtcdConf{Hosts: []string{os.Getenv("ZRPC_TEST_ETCD")}, Key: "registering"},
		Health:      true,
	}
	c.Shutdown.WrapUpTime = startupWrapUp
	s := MustNewServer(c, func(gs *grpc.Server) { testgrpc.RegisterTestServiceServer(gs, newTestService()) })
	defer s.Stop()
	fmt.Println("ready")
	s.Start()
	fmt.Println("start returned")
	return 0
}

// TestRpcServer_SigtermWhileRegistering: a SIGTERM while Start registers with
// an unreachable etcd cancels the registration; the process ends at once,
// without listening, and the report says the start failed.
func TestRpcServer_SigtermWhileRegistering(t *testing.T) {
	addr := freeAddr(t)
	t.Setenv("ZRPC_TEST_ADDR", addr)
	t.Setenv("ZRPC_TEST_ETCD", freeAddr(t)) // nothing listens there
	p := startScenario(t, "registering")
	p.AwaitFunc(t, "registering", func(l string) bool { return strings.Contains(l, "registering "+addr) })
	sent := time.Now()
	p.Signal(t, syscall.SIGTERM)

	code := p.Wait(t)
	took := p.Exited().Sub(sent)
	t.Logf("SIGTERM while registering to exit: %v", took)
	assert.Equal(t, 0, code, p.Output())
	assert.Less(t, took, startupWrapUp+500*time.Millisecond, "exit within WrapUpTime+0.5s:\n%s", p.Output())
	assert.NotContains(t, p.Output(), "serving on", "the server never listens")
	assert.Contains(t, p.Output(), `"outcome":"`+report.OutcomeFailed+`"`, "the report:\n%s", p.Output())
	require.Equal(t, []string{"ready", "start returned"}, p.Markers())
}

// scenarioSlowStart gets a SIGTERM during a slow startup, before the server
// is built: MustNewServer and Start come once the signal has started the
// shutdown (core/proc handles it from its import on, and has its own test).
func scenarioSlowStart() int {
	fmt.Println("slow startup")
	<-proc.Done()
	c := RpcServerConf{
		ServiceConf: service.ServiceConf{Name: "slow", Log: logx.LogConf{Level: "info"}},
		ListenOn:    os.Getenv("ZRPC_TEST_ADDR"),
		Health:      true,
	}
	c.Shutdown.WrapUpTime = startupWrapUp
	s := MustNewServer(c, func(gs *grpc.Server) { testgrpc.RegisterTestServiceServer(gs, newTestService()) })
	defer s.Stop()
	s.Start()
	fmt.Println("start returned")
	return 0
}

// TestRpcServer_SigtermBeforeNewServer: a SIGTERM before the server is even
// built is zerodown's: the server never listens nor reports ready, and the
// process exits 0 at once instead of serving until go-zero's self-kill.
func TestRpcServer_SigtermBeforeNewServer(t *testing.T) {
	addr := freeAddr(t)
	t.Setenv("ZRPC_TEST_ADDR", addr)
	p := startScenario(t, "slowstart")
	p.Await(t, "slow startup")
	sent := time.Now()
	p.Signal(t, syscall.SIGTERM)

	code := p.Wait(t)
	took := p.Exited().Sub(sent)
	t.Logf("SIGTERM before NewServer to exit: %v", took)
	assert.Equal(t, 0, code, p.Output())
	assert.Less(t, took, startupWrapUp+500*time.Millisecond, "exit promptly:\n%s", p.Output())
	assert.NotContains(t, p.Output(), "serving on", "the server never listens")
	assert.Equal(t, []string{"slow startup", "start returned"}, p.Markers())
}
