package zrpc

import "github.com/zerodown/zerodown/core/proc"

type (
	// An Option configures a RpcServer.
	Option func(*options)

	options struct {
		registry *proc.Registry
	}
)

// WithRegistry makes the server follow r instead of [proc.DefaultRegistry]:
// its hooks go to r and Start returns when r's sequence is done. Tests use it
// to run a lifecycle that no other test shares.
//
// go-zero's own listener list stays global: go-zero's Start returns only once
// go-zero's proc.Shutdown has run, which DefaultRegistry does in its drain
// phase and nothing does for r (see [RpcServer.Run]).
func WithRegistry(r *proc.Registry) Option {
	return func(o *options) {
		o.registry = r
	}
}

func newOptions(opts []Option) options {
	o := options{registry: proc.DefaultRegistry}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}
