//go:build !stock

package shim

import (
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/rest"
	"github.com/zerodown/zerodown/zrpc"
	"google.golang.org/grpc"
)

// Build names the build: "stock" or "zerodown".
const Build = "zerodown"

type (
	// RestConf is zerodown's rest.RestConf: go-zero's, plus Probes and Drain.
	RestConf = rest.RestConf
	// RpcServerConf is zerodown's zrpc.RpcServerConf: go-zero's, plus Drain.
	RpcServerConf = zrpc.RpcServerConf
	// RestServer is zerodown's rest.Server.
	RestServer = rest.Server
	// RpcServer is zerodown's zrpc.RpcServer.
	RpcServer = zrpc.RpcServer
)

// MustNewRestServer is zerodown's rest.MustNewServer.
func MustNewRestServer(c RestConf) *RestServer {
	return rest.MustNewServer(c)
}

// MustNewRpcServer is zerodown's zrpc.MustNewServer.
func MustNewRpcServer(c RpcServerConf, register func(*grpc.Server)) *RpcServer {
	return zrpc.MustNewServer(c, register)
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
