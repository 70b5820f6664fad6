package zrpc

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/internal/etcdtest"
	"github.com/zeromicro/go-zero/core/logx"
	gzproc "github.com/zeromicro/go-zero/core/proc"
	"github.com/zeromicro/go-zero/core/service"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
)

// watchdog bounds every wait of a test; it is never a synchronisation.
const watchdog = 10 * time.Second

var (
	etcdOnce   sync.Once
	etcdServer *etcdtest.Server
	etcdErr    error
)

// sharedEtcd returns the etcd of the test binary, started at first use and
// closed by TestMain.
func sharedEtcd(t *testing.T) *etcdtest.Server {
	t.Helper()
	etcdOnce.Do(func() { etcdServer, etcdErr = etcdtest.Start() })
	require.NoError(t, etcdErr)
	return etcdServer
}

// freeAddr returns a loopback address whose port was free a moment ago.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

// testConf returns a conf for a server on addr with the health service and
// short drain deadlines.
func testConf(addr string) RpcServerConf {
	return RpcServerConf{
		ServiceConf: service.ServiceConf{Name: "zrpc-test", Log: logx.LogConf{Level: "error"}},
		ListenOn:    addr,
		Health:      true,
		Drain:       DrainConf{Timeout: 2 * time.Second, StreamTimeout: time.Second, DeregisterTimeout: time.Second},
	}
}

// newRegistry returns an isolated Registry, with opts, whose exit fails the
// test.
func newRegistry(t *testing.T, wrapUp time.Duration, opts ...proc.Option) *proc.Registry {
	t.Helper()
	opts = append([]proc.Option{proc.WithExit(func(code int) { t.Errorf("registry exited with code %d", code) })},
		opts...)
	reg, err := proc.NewRegistry(proc.ShutdownConf{WrapUpTime: wrapUp, WaitTime: 5 * time.Second}, opts...)
	require.NoError(t, err)
	return reg
}

// A running server of a test.
type running struct {
	srv  *RpcServer
	reg  *proc.Registry
	addr string
	svc  *testService
	ran  chan error // Run's result
}

// startServer runs a server of svc with c on reg. The cleanup terminates
// reg, awaits Run and releases go-zero's Start, which waits for go-zero's
// own shutdown listeners (see RpcServer.Run).
func startServer(t *testing.T, reg *proc.Registry, c RpcServerConf, svc *testService) *running {
	t.Helper()
	srv, err := NewServer(c, func(gs *grpc.Server) { testgrpc.RegisterTestServiceServer(gs, svc) },
		WithRegistry(reg))
	require.NoError(t, err)
	r := &running{srv: srv, reg: reg, addr: c.ListenOn, svc: svc, ran: make(chan error, 1)}
	go func() { r.ran <- srv.Run() }()
	t.Cleanup(func() {
		reg.Terminate(nil)
		r.wait(t)
		gzprocShutdown(t, r)
	})
	return r
}

// gzprocShutdown releases go-zero's Start of r, which waits for go-zero's own
// shutdown listeners once its Serve has returned.
func gzprocShutdown(t *testing.T, r *running) {
	t.Helper()
	gzproc.Shutdown()
	// go-zero's listener list reuses a WaitGroup: the next server must not
	// add to it before this Start has returned from its Wait.
	recv(t, r.srv.exited, "go-zero's Start returns")
}

// wait waits for Run to return and returns its result; once it has, later
// calls return nil.
func (r *running) wait(t *testing.T) error {
	t.Helper()
	select {
	case err, ok := <-r.ran:
		if ok {
			close(r.ran)
		}
		return err
	case <-time.After(watchdog):
		t.Fatalf("Run of %s did not return", r.addr)
		return nil
	}
}

// dial returns a client connection to addr, closed at cleanup.
func dial(t testing.TB, addr string) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient("passthrough:///"+addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// ctxWatchdog returns a context that ends at the watchdog.
func ctxWatchdog(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), watchdog)
	t.Cleanup(cancel)
	return ctx
}

// recv receives from ch, failing the test at the watchdog.
func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(watchdog):
		t.Fatalf("%s: not within %v", what, watchdog)
		var zero T
		return zero
	}
}
