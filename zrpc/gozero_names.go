package zrpc

import (
	"context"
	"time"

	gzrpc "github.com/zeromicro/go-zero/zrpc"
	"google.golang.org/grpc"
)

// go-zero's client options, unchanged (see go-zero's zrpc package).
var (
	// WithDialOption returns a ClientOption that passes a grpc.DialOption.
	WithDialOption = gzrpc.WithDialOption
	// WithNonBlock returns a ClientOption that dials without blocking.
	WithNonBlock = gzrpc.WithNonBlock
	// WithBlock returns a ClientOption that dials blocking (deprecated in
	// go-zero).
	WithBlock = gzrpc.WithBlock
	// WithStreamClientInterceptor returns a ClientOption that adds a stream
	// client interceptor.
	WithStreamClientInterceptor = gzrpc.WithStreamClientInterceptor
	// WithTimeout returns a ClientOption that sets the timeout of each call.
	WithTimeout = gzrpc.WithTimeout
	// WithTransportCredentials returns a ClientOption that sets the
	// transport credentials.
	WithTransportCredentials = gzrpc.WithTransportCredentials
	// WithUnaryClientInterceptor returns a ClientOption that adds a unary
	// client interceptor.
	WithUnaryClientInterceptor = gzrpc.WithUnaryClientInterceptor
)

type (
	// RpcClient is go-zero's rpc client, the Client that NewClient returns.
	RpcClient = gzrpc.RpcClient
	// RpcProxy is go-zero's rpc proxy: one client per credential.
	RpcProxy = gzrpc.RpcProxy
)

// NewProxy returns go-zero's RpcProxy to backend.
func NewProxy(backend string, opts ...ClientOption) *RpcProxy {
	return gzrpc.NewProxy(backend, opts...)
}

// DontLogClientContentForMethod keeps the client from logging the content
// of the calls of method.
func DontLogClientContentForMethod(method string) {
	gzrpc.DontLogClientContentForMethod(method)
}

// DontLogContentForMethod keeps the servers from logging the content of the
// calls of method.
func DontLogContentForMethod(method string) {
	gzrpc.DontLogContentForMethod(method)
}

// SetClientSlowThreshold sets the duration past which a client call is
// logged as slow.
func SetClientSlowThreshold(threshold time.Duration) {
	gzrpc.SetClientSlowThreshold(threshold)
}

// SetServerSlowThreshold sets the duration past which a call served is
// logged as slow.
func SetServerSlowThreshold(threshold time.Duration) {
	gzrpc.SetServerSlowThreshold(threshold)
}

// SetHashKey returns ctx with the key of the consistent-hash balancer.
func SetHashKey(ctx context.Context, key string) context.Context {
	return gzrpc.SetHashKey(ctx, key)
}

// WithCallTimeout returns a grpc.CallOption that sets the timeout of a call.
func WithCallTimeout(timeout time.Duration) grpc.CallOption {
	return gzrpc.WithCallTimeout(timeout)
}
