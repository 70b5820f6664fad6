package gozero

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrNoHandOver reports a go-zero that no longer calls the start options
// before it listens.
var ErrNoHandOver = errors.New("go-zero did not hand over its http.Server")

// handOver carries go-zero's *http.Server out of its Start, by a panic that
// TakeHTTPServer recovers.
type handOver struct {
	srv *http.Server
}

// TakeHTTPServer has go-zero's rest server build its *http.Server (routes
// bound, go-zero's timeouts and TLS config set) and takes it before go-zero
// listens. start must call go-zero's rest.Server.StartWithOpts with take as
// its last option: go-zero calls the options after binding the routes and
// before anything else, and take leaves go-zero's Start by a panic, so that
// go-zero neither listens nor adds its unbounded Shutdown as a go-zero
// shutdown listener. A route error, which go-zero reports by a panic, is
// returned.
func TakeHTTPServer(start func(take func(*http.Server))) (srv *http.Server, err error) {
	defer func() {
		switch p := recover().(type) {
		case nil:
		case handOver:
			srv = p.srv
		case error:
			err = p
		default:
			panic(p)
		}
	}()
	start(func(srv *http.Server) { panic(handOver{srv}) })
	return nil, fmt.Errorf("%w: its Start returned", ErrNoHandOver)
}
