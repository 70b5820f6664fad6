package zrpc

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/internal/etcdtest"
	"github.com/zeromicro/go-zero/core/discov"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"
	gzrpc "github.com/zeromicro/go-zero/zrpc"
	"google.golang.org/grpc"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
)

const (
	rollingInstances = 3
	rollingCallers   = 64
)

// TestRpcServer_RollingRestart restarts 3 instances registered in etcd, one
// by one, under 64 callers of go-zero's etcd client, in a subprocess: go-zero
// keeps its etcd connections for the life of the process.
func TestRpcServer_RollingRestart(t *testing.T) {
	p := startScenario(t, "rolling")
	line := p.AwaitPrefix(t, "rolling:")
	assert.Equal(t, 0, p.Wait(t), p.Output())
	t.Log(line)
	assert.Contains(t, line, " failed=0 ", p.Output())
}

// instance is one server of the rolling restart.
type instance struct {
	reg   *proc.Registry
	srv   *RpcServer
	first chan struct{} // closed at its first call
	ran   chan error
}

type countingService struct {
	testgrpc.UnimplementedTestServiceServer
	first func()
}

func (s *countingService) UnaryCall(context.Context, *testgrpc.SimpleRequest) (*testgrpc.SimpleResponse, error) {
	s.first()
	return &testgrpc.SimpleResponse{Username: "ok"}, nil
}

func startInstance(hosts []string) (*instance, error) {
	reg, err := proc.NewRegistry(proc.ShutdownConf{WrapUpTime: 300 * time.Millisecond, WaitTime: 5 * time.Second},
		proc.WithExit(func(code int) { fmt.Println("registry exit", code) }))
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	_ = l.Close()
	c := RpcServerConf{
		ServiceConf: service.ServiceConf{Name: "rolling", Log: logx.LogConf{Level: "error"}},
		ListenOn:    addr,
		Etcd:        discov.EtcdConf{Hosts: hosts, Key: "rolling"},
		Health:      true,
	}
	in := &instance{reg: reg, first: make(chan struct{}), ran: make(chan error, 1)}
	svc := &countingService{first: sync.OnceFunc(func() { close(in.first) })}
	in.srv, err = NewServer(c, func(gs *grpc.Server) { testgrpc.RegisterTestServiceServer(gs, svc) },
		WithRegistry(reg))
	if err != nil {
		return nil, err
	}
	go func() { in.ran <- in.srv.Run() }()
	return in, nil
}

// scenarioRolling prints "rolling: calls=N failed=M ..." and exits 0 if it
// could run the restart.
func scenarioRolling() int {
	logx.SetLevel(logx.ErrorLevel)
	etcd, err := etcdtest.Start()
	if err != nil {
		fmt.Println("etcd:", err)
		return 1
	}
	defer etcd.Close()
	// Every client goes through a proxy, cut before etcd closes: etcd's Close
	// waits up to its request timeout (7s) for open watch streams.
	proxy, err := newProxy(etcd.Endpoints()[0])
	if err != nil {
		fmt.Println("proxy:", err)
		return 1
	}
	defer proxy.cut()
	hosts := []string{proxy.addr()}

	var live []*instance
	for range rollingInstances {
		in, err := startInstance(hosts)
		if err != nil {
			fmt.Println("start:", err)
			return 1
		}
		live = append(live, in)
	}
	client, err := gzrpc.NewClient(gzrpc.RpcClientConf{
		Etcd:         discov.EtcdConf{Hosts: hosts, Key: "rolling"},
		Timeout:      2000,
		BalancerName: "p2c_ewma",
	})
	if err != nil {
		fmt.Println("client:", err)
		return 1
	}
	tc := testgrpc.NewTestServiceClient(client.Conn())

	var calls, failed atomic.Int64
	var errMu sync.Mutex
	errs := map[string]int{}
	stop := make(chan struct{})
	var callers sync.WaitGroup
	for range rollingCallers {
		callers.Add(1)
		go func() {
			defer callers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				_, err := tc.UnaryCall(context.Background(), &testgrpc.SimpleRequest{})
				calls.Add(1)
				if err != nil {
					failed.Add(1)
					errMu.Lock()
					errs[err.Error()]++
					errMu.Unlock()
				}
			}
		}()
	}

	start := time.Now()
	var longest time.Duration
	for i := range rollingInstances {
		for _, in := range live {
			<-in.first // every live instance serves calls
		}
		next, err := startInstance(hosts)
		if err != nil {
			fmt.Println("start:", err)
			return 1
		}
		old := live[i]
		live[i] = next
		<-next.first // the client has found the replacement
		stopped := time.Now()
		old.reg.Terminate(nil)
		if err := <-old.ran; err != nil {
			fmt.Println("run:", err)
			return 1
		}
		longest = max(longest, time.Since(stopped))
	}
	close(stop)
	callers.Wait()
	took := time.Since(start)

	var msgs []string
	for msg, n := range errs {
		msgs = append(msgs, fmt.Sprintf("%dx %s", n, msg))
	}
	fmt.Printf("rolling: calls=%d failed=%d restarts=%d callers=%d took=%v longest-stop=%v errors=[%s]\n",
		calls.Load(), failed.Load(), rollingInstances, rollingCallers, took.Round(time.Millisecond),
		longest.Round(time.Millisecond), strings.Join(msgs, "; "))
	for _, in := range live {
		in.reg.Terminate(nil)
		<-in.ran
	}
	return 0
}
