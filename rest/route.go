package rest

import (
	"net/http"
	"time"

	"github.com/zeromicro/go-zero/rest"
)

// The types of go-zero's rest package that goctl-generated code names; they
// are aliases, so values pass freely between the two packages.
type (
	// Route is go-zero's rest.Route: a method, a path and a handler.
	Route = rest.Route
	// RouteOption is go-zero's rest.RouteOption, passed to [Server.AddRoutes].
	RouteOption = rest.RouteOption
	// Middleware is go-zero's rest.Middleware.
	Middleware = rest.Middleware
	// StartOption is go-zero's rest.StartOption: it customizes the
	// *http.Server before it serves.
	StartOption = rest.StartOption
	// SignatureConf is go-zero's rest.SignatureConf.
	SignatureConf = rest.SignatureConf
	// PrivateKeyConf is go-zero's rest.PrivateKeyConf.
	PrivateKeyConf = rest.PrivateKeyConf
	// MiddlewaresConf is go-zero's rest.MiddlewaresConf.
	MiddlewaresConf = rest.MiddlewaresConf
)

// WithJwt enables JWT authentication on the routes; see go-zero's rest.WithJwt.
func WithJwt(secret string) RouteOption {
	return rest.WithJwt(secret)
}

// WithJwtTransition enables JWT authentication with two secrets during a
// rotation; see go-zero's rest.WithJwtTransition.
func WithJwtTransition(secret, prevSecret string) RouteOption {
	return rest.WithJwtTransition(secret, prevSecret)
}

// WithMaxBytes limits the request body size of the routes.
func WithMaxBytes(maxBytes int64) RouteOption {
	return rest.WithMaxBytes(maxBytes)
}

// WithPrefix adds group as a prefix to the route paths.
func WithPrefix(group string) RouteOption {
	return rest.WithPrefix(group)
}

// WithPriority makes the routes shed load later than others.
func WithPriority() RouteOption {
	return rest.WithPriority()
}

// WithSignature enables signature verification on the routes.
func WithSignature(signature SignatureConf) RouteOption {
	return rest.WithSignature(signature)
}

// WithSSE makes the routes server-sent event streams, as go-zero's
// rest.WithSSE does. A Server also cancels the request context of such a
// stream when the drain begins, so that a handler that returns on
// r.Context().Done() ends before the drain deadline.
func WithSSE() RouteOption {
	return rest.WithSSE()
}

// WithTimeout sets the timeout of the routes; zero means none.
func WithTimeout(timeout time.Duration) RouteOption {
	return rest.WithTimeout(timeout)
}

// WithMiddleware wraps the handlers of rs with middleware.
func WithMiddleware(middleware Middleware, rs ...Route) []Route {
	return rest.WithMiddleware(middleware, rs...)
}

// WithMiddlewares wraps the handlers of rs with ms, the first outermost.
func WithMiddlewares(ms []Middleware, rs ...Route) []Route {
	return rest.WithMiddlewares(ms, rs...)
}

// ToMiddleware converts a func(http.Handler) http.Handler to a Middleware.
func ToMiddleware(handler func(next http.Handler) http.Handler) Middleware {
	return rest.ToMiddleware(handler)
}
