package rest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
)

// ErrDrainTimeout is returned, through [proc.Registry.Wait], when a Server
// was still draining at Drain.Timeout and closed its connections.
var ErrDrainTimeout = errors.New("rest: drain timed out, connections closed")

// addHooks adds the Server's steps to its registry: keep-alives off at the
// shutdown's start, and the bounded drain.
func (s *Server) addHooks() error {
	if err := s.registry.AddWrapUpHook(s.name+" keep-alives off", s.keepAlivesOff); err != nil {
		return err
	}
	return s.registry.AddDrainHook(s.name, s.drain)
}

// server returns the *http.Server, or nil if the Server has not listened.
func (s *Server) server() *http.Server {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.srv
}

// keepAlivesOff closes the idle keep-alive connections and makes every later
// response close its connection, so that clients reconnect, through their
// load balancer, to a server that is not leaving.
func (s *Server) keepAlivesOff(context.Context) error {
	if srv := s.server(); srv != nil {
		srv.SetKeepAlivesEnabled(false)
	}
	return nil
}

// drain is the Server's drain hook. It ends the event streams, then shuts
// the server down: no new connections, in-flight requests finish. At
// Drain.Timeout, or at the force-quit deadline, it closes the connections
// still open. It returns once Serve has returned and no handler is running,
// or when ctx ends.
func (s *Server) drain(ctx context.Context) error {
	s.endStreams()
	srv := s.server()
	if srv == nil {
		return nil
	}
	start := time.Now()
	dctx, cancel := context.WithTimeout(ctx, s.conf.Drain.Timeout)
	defer cancel()

	var timedOut error
	if err := srv.Shutdown(dctx); err != nil {
		timedOut = fmt.Errorf("rest: %s: %w after %v with %d requests in flight",
			s.name, ErrDrainTimeout, time.Since(start).Round(time.Millisecond), s.flight.count())
		logx.Error(timedOut)
		if err := srv.Close(); err != nil {
			logx.Errorf("rest: %s: close: %v", s.name, err)
		}
	}
	// Close does not wait for the handlers, nor Shutdown for hijacked
	// connections: the shutdown hooks must not run under them.
	if err := s.flight.wait(ctx); err != nil {
		return err
	}
	select {
	case <-s.served:
	case <-ctx.Done():
		return ctx.Err()
	}
	if timedOut != nil {
		return timedOut
	}
	logx.WithDuration(time.Since(start)).Infof("rest: %s drained", s.name)
	return nil
}
