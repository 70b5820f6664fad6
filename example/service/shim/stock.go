//go:build stock

package shim

import (
	"github.com/zeromicro/go-zero/core/proc"
	"github.com/zeromicro/go-zero/rest"
	"github.com/zeromicro/go-zero/zrpc"
	"google.golang.org/grpc"
)

// Build names the build: "stock" or "zerodown".
const Build = "stock"

type (
	// RestConf is go-zero's rest.RestConf.
	RestConf = rest.RestConf
	// RpcServerConf is go-zero's zrpc.RpcServerConf.
	RpcServerConf = zrpc.RpcServerConf
	// RestServer is go-zero's rest.Server.
	RestServer = rest.Server
	// RpcServer is go-zero's zrpc.RpcServer.
	RpcServer = zrpc.RpcServer
)

// MustNewRestServer is go-zero's rest.MustNewServer.
func MustNewRestServer(c RestConf) *RestServer {
	return rest.MustNewServer(c)
}

// MustNewRpcServer is go-zero's zrpc.MustNewServer.
func MustNewRpcServer(c RpcServerConf, register func(*grpc.Server)) *RpcServer {
	return zrpc.MustNewServer(c, register)
}

// AddWrapUpListener is go-zero's proc.AddWrapUpListener.
func AddWrapUpListener(fn func()) (waitForCalled func()) {
	return proc.AddWrapUpListener(fn)
}

// AddShutdownListener is go-zero's proc.AddShutdownListener.
func AddShutdownListener(fn func()) (waitForCalled func()) {
	return proc.AddShutdownListener(fn)
}

// Done is go-zero's proc.Done.
func Done() <-chan struct{} {
	return proc.Done()
}

// Wait returns at once: stock go-zero has nothing to wait for, main returns
// as soon as its servers have stopped, as a go-zero main does.
func Wait() error {
	return nil
}
