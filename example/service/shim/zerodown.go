//go:build !stock

package shim

import (
	"github.com/zerodown/zerodown/core/proc"
	gzproc "github.com/zeromicro/go-zero/core/proc"
	"github.com/zeromicro/go-zero/rest"
	"github.com/zeromicro/go-zero/zrpc"
	"google.golang.org/grpc"
)

// Build names the build: "stock" or "zerodown".
const Build = "zerodown"

type (
	// RestConf is the REST server's conf.
	RestConf = rest.RestConf
	// RpcServerConf is the gRPC server's conf.
	RpcServerConf = zrpc.RpcServerConf
	// RestServer is the REST server.
	RestServer = rest.Server
	// RpcServer is the gRPC server.
	RpcServer = zrpc.RpcServer
)

// MustNewRestServer builds go-zero's REST server and hands the timeline to
// zerodown's core/proc, whose bridge runs go-zero's listeners in its phases.
func MustNewRestServer(c RestConf) *RestServer {
	s := rest.MustNewServer(c)
	takeOver(c.Shutdown)
	return s
}

// MustNewRpcServer builds go-zero's gRPC server and hands the timeline to
// zerodown's core/proc, whose bridge runs go-zero's listeners in its phases.
func MustNewRpcServer(c RpcServerConf, register func(*grpc.Server)) *RpcServer {
	s := zrpc.MustNewServer(c, register)
	takeOver(c.Shutdown)
	return s
}

// takeOver applies the service's shutdown conf to zerodown's registry and
// disarms go-zero's timer, which NewServer has just re-armed.
func takeOver(c gzproc.ShutdownConf) {
	proc.Setup(proc.ShutdownConf(c))
	proc.DisarmGoZero()
}

// AddWrapUpListener is zerodown's proc.AddWrapUpListener.
func AddWrapUpListener(fn func()) (waitForCalled func()) {
	return proc.AddWrapUpListener(fn)
}

// AddShutdownListener is zerodown's proc.AddShutdownListener.
func AddShutdownListener(fn func()) (waitForCalled func()) {
	return proc.AddShutdownListener(fn)
}

// Done is zerodown's proc.Done.
func Done() <-chan struct{} {
	return proc.Done()
}

// Wait is zerodown's proc.Wait: it returns when the whole shutdown sequence,
// shutdown listeners included, is done.
func Wait() error {
	return proc.Wait()
}
