package zrpc

import gzrpc "github.com/zeromicro/go-zero/zrpc"

// go-zero's client side, unchanged, so that a goctl-generated project can
// switch every import of go-zero's zrpc to this package.
type (
	// A RpcClientConf is go-zero's rpc client config.
	RpcClientConf = gzrpc.RpcClientConf
	// Client is go-zero's rpc client.
	Client = gzrpc.Client
	// ClientOption customizes go-zero's rpc client.
	ClientOption = gzrpc.ClientOption
	// ClientMiddlewaresConf defines whether to use client middlewares.
	ClientMiddlewaresConf = gzrpc.ClientMiddlewaresConf
	// ServerMiddlewaresConf defines whether to use server middlewares.
	ServerMiddlewaresConf = gzrpc.ServerMiddlewaresConf
	// StatConf defines the stat config.
	StatConf = gzrpc.StatConf
	// MethodTimeoutConf defines a specified timeout for a gRPC method.
	MethodTimeoutConf = gzrpc.MethodTimeoutConf
)

// MustNewClient returns go-zero's rpc client, exits on any error; see
// go-zero's zrpc.MustNewClient. [GoingAway] tells when the server behind its
// Conn() is going away.
func MustNewClient(c RpcClientConf, options ...ClientOption) Client {
	return gzrpc.MustNewClient(c, options...)
}

// NewClient returns go-zero's rpc client; see go-zero's zrpc.NewClient.
func NewClient(c RpcClientConf, options ...ClientOption) (Client, error) {
	return gzrpc.NewClient(c, options...)
}

// NewClientWithTarget returns go-zero's rpc client connecting to target; see
// go-zero's zrpc.NewClientWithTarget.
func NewClientWithTarget(target string, opts ...ClientOption) (Client, error) {
	return gzrpc.NewClientWithTarget(target, opts...)
}

// NewDirectClientConf returns a RpcClientConf for endpoints.
func NewDirectClientConf(endpoints []string, app, token string) RpcClientConf {
	return gzrpc.NewDirectClientConf(endpoints, app, token)
}

// NewEtcdClientConf returns a RpcClientConf resolved through etcd.
func NewEtcdClientConf(hosts []string, key, app, token string) RpcClientConf {
	return gzrpc.NewEtcdClientConf(hosts, key, app, token)
}
