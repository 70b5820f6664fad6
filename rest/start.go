package rest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"

	"github.com/zerodown/zerodown/core/metric"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/upgrade"
	"github.com/zerodown/zerodown/internal/gozero"
	"github.com/zeromicro/go-zero/core/logx"
)

// Start serves until the Server's registry has run its whole shutdown
// sequence, and returns then: main returning after Start cuts no hook off.
// If [Server.Stop] stops this Server alone first, Start returns once it has
// drained.
//
// It binds the routes as go-zero does, listens on Host:Port, marks the
// Server ready, and serves. At the shutdown's start the readiness turns 503
// and responses carry Connection: close, while the routes keep answering
// through the propagation delay; in the drain phase, event streams are
// cancelled and http.Server.Shutdown runs, bounded by Drain.Timeout, then
// Close; the drain awaits every handler, so that shutdown hooks never run
// while a request is in flight.
//
// A listen error (the port is taken) or a route error is logged and starts
// the shutdown as a fatal error (see [proc.Registry.Terminate]): the other
// servers drain, the hooks run, Start returns, and the process exits with
// [proc.ExitCodeFatal]. Start may be called once; a second call only waits.
func (s *Server) Start() {
	s.StartWithOpts()
}

// StartWithOpts is like Start, with opts customizing the *http.Server before
// it serves, as go-zero's StartWithOpts does.
func (s *Server) StartWithOpts(opts ...StartOption) {
	untrack := metric.TrackInFlight(s.name, metric.Requests, s.flight.count)
	defer untrack()
	untrackStreams := metric.TrackInFlight(s.name, metric.Streams, s.streams.Load)
	defer untrackStreams()

	serving, err := s.serve(opts)
	if err != nil {
		logx.Error(err)
		s.registry.Terminate(err)
	}
	select {
	case <-s.registry.Finished(): // the registry has logged every error
	case <-s.stopped:
	}
	if serving {
		<-s.served
	}
}

// serve starts serving in a goroutine that closes s.served, and reports
// whether it did. It does not if the shutdown has begun.
func (s *Server) serve(opts []StartOption) (bool, error) {
	s.mu.Lock()
	started := s.started
	s.started = true
	s.mu.Unlock()
	if started {
		logx.Errorf("rest: %s: Start called twice, waiting for the shutdown", s.name)
		return false, nil
	}
	if s.isHalted() {
		logx.Infof("rest: %s not started: stopped, or the shutdown has begun", s.name)
		return false, nil
	}

	srv, err := s.build(opts)
	if err != nil {
		return false, err
	}
	ln, err := s.listen(srv.Addr)
	if err != nil {
		return false, fmt.Errorf("rest: %s: listen on %s: %w", s.name, srv.Addr, err)
	}

	s.mu.Lock()
	select {
	case <-s.registry.Done():
		s.halted = true
	default:
	}
	if s.halted {
		s.mu.Unlock()
		_ = ln.Close()
		logx.Infof("rest: %s not started: stopped, or the shutdown has begun", s.name)
		return false, nil
	}
	accepts := newArrivals(ln)
	if !s.tls() {
		accepts.guards = newGuards()
		srv.ConnState = chainConnState(srv.ConnState, accepts.guards.connState)
	}
	s.srv, s.accepts, s.addr = srv, accepts, ln.Addr()
	s.mu.Unlock()

	go s.run(srv, accepts)
	s.probe.MarkReady()
	close(s.listening)
	logx.Infof("rest: %s listening on %s", s.name, ln.Addr())
	return true, nil
}

// isHalted reports whether the Server must not listen: stopped, or the
// shutdown has begun.
func (s *Server) isHalted() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.halted || s.shutdownBegun()
}

// listen listens on addr; a server of proc.DefaultRegistry listens through
// core/upgrade, which, when the yaml asks for the in-place upgrade, takes the
// socket inherited from the old process or hands it to the next one, and is
// net.Listen otherwise.
func (s *Server) listen(addr string) (net.Listener, error) {
	if s.registry == proc.DefaultRegistry {
		return upgrade.Listen("tcp", addr)
	}
	return net.Listen("tcp", addr)
}

// build has go-zero bind the routes and build its *http.Server, with go-zero's
// timeouts, TLS config and opts applied, and takes it over before go-zero
// listens (see gozero.TakeHTTPServer): go-zero's own start would add an
// unbounded Shutdown as a go-zero shutdown listener and block until go-zero's
// proc runs it, which nothing does with an isolated Registry. A route error
// is returned.
func (s *Server) build(opts []StartOption) (*http.Server, error) {
	ready, live, err := s.probePaths()
	if err != nil {
		return nil, fmt.Errorf("rest: %s: %w", s.name, err)
	}
	srv, err := gozero.TakeHTTPServer(func(take func(*http.Server)) {
		s.gz.StartWithOpts(append(slices.Clip(opts), func(srv *http.Server) {
			s.adopt(srv, ready, live)
			take(srv)
		})...)
	})
	if err != nil {
		return nil, fmt.Errorf("rest: %s: build server: %w", s.name, err)
	}
	return srv, nil
}

// adopt puts the probes ahead of go-zero's router and makes the Server
// reachable from the request contexts (see [Draining]).
func (s *Server) adopt(srv *http.Server, readyPath, livePath string) {
	srv.Handler = s.handler(srv.Handler, readyPath, livePath)
	base := srv.BaseContext
	srv.BaseContext = func(ln net.Listener) context.Context {
		ctx := context.Background()
		if base != nil {
			ctx = base(ln)
		}
		return context.WithValue(ctx, serverKey{}, s)
	}
}

// run serves ln until the drain closes srv. Any other end of Serve is fatal:
// the process stops.
func (s *Server) run(srv *http.Server, ln net.Listener) {
	defer close(s.served)
	var err error
	if !s.tls() {
		err = srv.Serve(ln)
	} else {
		err = srv.ServeTLS(ln, s.conf.CertFile, s.conf.KeyFile)
	}
	if errors.Is(err, http.ErrServerClosed) {
		return
	}
	s.probe.MarkNotReady()
	err = fmt.Errorf("rest: %s: serve on %s: %w", s.name, ln.Addr(), err)
	logx.Error(err)
	s.registry.Terminate(err)
}

// tls reports whether the Server serves TLS, as go-zero decides it.
func (s *Server) tls() bool {
	return len(s.conf.CertFile) > 0 || len(s.conf.KeyFile) > 0
}

// chainConnState returns a ConnState hook that calls first, if not nil, then next.
func chainConnState(first, next func(net.Conn, http.ConnState)) func(net.Conn, http.ConnState) {
	if first == nil {
		return next
	}
	return func(c net.Conn, state http.ConnState) {
		first(c, state)
		next(c, state)
	}
}
