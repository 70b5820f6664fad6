package rest

import (
	"context"
	"net/http"
	"runtime/pprof"

	"github.com/zerodown/zerodown/core/proc"
)

const contentTypeEventStream = "text/event-stream"

// serverKey is the context key of the Server that serves a request.
type serverKey struct{}

// Draining returns a channel that is closed when the drain phase of the Server
// serving the request of ctx begins: a streaming handler selects on it to end
// cleanly before the drain deadline. It returns nil, a channel that is never
// ready, if ctx is not the context of a request served by a Server.
func Draining(ctx context.Context) <-chan struct{} {
	s, ok := ctx.Value(serverKey{}).(*Server)
	if !ok {
		return nil
	}
	return s.streamsCtx.Done()
}

// handler wraps next, go-zero's router, with the probes and with
// Connection: close from the shutdown's start on. The probes answer ahead of
// the middlewares (authentication, load shedding), so that they never fail
// for another reason than readiness.
//
// The probes answer at readyPath and livePath, each unless it is "".
func (s *Server) handler(next http.Handler, readyPath, livePath string) http.Handler {
	done := s.registry.Done()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case p == "":
		case p == readyPath:
			s.ready.ServeHTTP(w, r)
			return
		case p == livePath:
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write([]byte("OK"))
			return
		}
		select {
		case <-done:
			// The pod is leaving the endpoints but still serves: a keep-alive
			// client reconnects, through its load balancer, elsewhere. Go's
			// HTTP/2 server turns the header into a GOAWAY.
			w.Header().Set("Connection", "close")
		default:
		}
		next.ServeHTTP(w, r)
	})
}

// track wraps a route's handler: the drain waits for it to return, and an
// event stream's context is cancelled when the drain begins.
func (s *Server) track(next http.HandlerFunc, route Route) http.HandlerFunc {
	// The force quit finds the goroutine of a handler still running by it.
	labels := proc.HandlerLabels(s.name + " " + route.Method + " " + route.Path)
	return func(w http.ResponseWriter, r *http.Request) {
		defer s.flight.done(s.flight.add())
		pprof.SetGoroutineLabels(labels)
		defer pprof.SetGoroutineLabels(context.Background())
		// go-zero's WithSSE sets the content type before calling the handler.
		// The key is canonical: index the map, which Get would canonicalize.
		if ct := w.Header()["Content-Type"]; len(ct) > 0 && ct[0] == contentTypeEventStream {
			s.stream(next, w, r)
			return
		}
		next(w, r)
	}
}

// stream serves an event stream whose context ends when the drain begins.
func (s *Server) stream(next http.HandlerFunc, w http.ResponseWriter, r *http.Request) {
	defer s.streams.Dec(s.streams.Inc())
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	stop := context.AfterFunc(s.streamsCtx, cancel)
	defer stop()
	next(w, r.WithContext(ctx))
}
