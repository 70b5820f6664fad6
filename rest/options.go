package rest

import (
	"crypto/tls"
	"net/http"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/rest"
	"github.com/zeromicro/go-zero/rest/chain"
	"github.com/zeromicro/go-zero/rest/handler"
	"github.com/zeromicro/go-zero/rest/httpx"
)

// A RunOption customizes a Server. It is go-zero's type, func(*Server), so
// a service's own options compile unchanged: NewServer runs them, in order,
// once the go-zero server is built, and before the Server joins its
// registry, so they may add routes and middlewares and choose the registry.
// go-zero's run options are re-exported below under their names.
type RunOption func(*Server)

// WithRegistry makes the Server follow r instead of [proc.DefaultRegistry]:
// its drain is a drain hook of r, its readiness is readiness.For(r), and
// r's shutdown stops it. Tests use an isolated Registry to run a whole
// lifecycle in-process. r must not be nil.
func WithRegistry(r *proc.Registry) RunOption {
	return func(s *Server) {
		s.registry = r
	}
}

// WithGoZeroOptions applies go-zero run options to the underlying go-zero
// server, for options this package does not re-export.
func WithGoZeroOptions(opts ...rest.RunOption) RunOption {
	return func(s *Server) {
		for _, opt := range opts {
			opt(s.gz)
		}
	}
}

// WithChain replaces go-zero's default middleware chain; see go-zero's rest.WithChain.
func WithChain(chn chain.Chain) RunOption {
	return WithGoZeroOptions(rest.WithChain(chn))
}

// WithCors enables CORS for origin, or all origins; see go-zero's rest.WithCors.
func WithCors(origin ...string) RunOption {
	return WithGoZeroOptions(rest.WithCors(origin...))
}

// WithCorsHeaders enables CORS with the given headers; see go-zero's rest.WithCorsHeaders.
func WithCorsHeaders(headers ...string) RunOption {
	return WithGoZeroOptions(rest.WithCorsHeaders(headers...))
}

// WithCustomCors enables CORS with custom responses; see go-zero's rest.WithCustomCors.
func WithCustomCors(middlewareFn func(header http.Header), notAllowedFn func(http.ResponseWriter),
	origin ...string) RunOption {
	return WithGoZeroOptions(rest.WithCustomCors(middlewareFn, notAllowedFn, origin...))
}

// WithFileServer serves the files of fs under path; see go-zero's rest.WithFileServer.
func WithFileServer(path string, fs http.FileSystem) RunOption {
	return WithGoZeroOptions(rest.WithFileServer(path, fs))
}

// WithNotFoundHandler sets the handler of unknown paths.
func WithNotFoundHandler(h http.Handler) RunOption {
	return WithGoZeroOptions(rest.WithNotFoundHandler(h))
}

// WithNotAllowedHandler sets the handler of known paths with another method.
func WithNotAllowedHandler(h http.Handler) RunOption {
	return WithGoZeroOptions(rest.WithNotAllowedHandler(h))
}

// WithRouter replaces go-zero's router.
func WithRouter(router httpx.Router) RunOption {
	return WithGoZeroOptions(rest.WithRouter(router))
}

// WithTLSConfig sets the TLS config used with CertFile and KeyFile.
func WithTLSConfig(cfg *tls.Config) RunOption {
	return WithGoZeroOptions(rest.WithTLSConfig(cfg))
}

// WithUnauthorizedCallback sets the callback of failed JWT authentications.
func WithUnauthorizedCallback(callback handler.UnauthorizedCallback) RunOption {
	return WithGoZeroOptions(rest.WithUnauthorizedCallback(callback))
}

// WithUnsignedCallback sets the callback of failed signature verifications.
func WithUnsignedCallback(callback handler.UnsignedCallback) RunOption {
	return WithGoZeroOptions(rest.WithUnsignedCallback(callback))
}
