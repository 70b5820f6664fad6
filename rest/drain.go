package rest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/internal/acceptq"
	"github.com/zerodown/zerodown/internal/quiet"
	"github.com/zeromicro/go-zero/core/logx"
)

// ErrDrainTimeout is returned, through [proc.Registry.Wait], when a Server
// was still draining at Drain.Timeout and closed its connections.
// It wraps [proc.ErrCut]: the shutdown exits non-zero.
var ErrDrainTimeout = fmt.Errorf("rest: drain timed out, connections closed (%w)", proc.ErrCut)

// addHooks adds the Server's steps to its registry: the quiet period's start
// at the shutdown's start, and the bounded drain.
func (s *Server) addHooks() error {
	if err := s.registry.AddWrapUpHook(s.quietHookName(), s.quietFromNow); err != nil {
		return err
	}
	return s.registry.AddDrainHook(s.name, s.drain)
}

func (s *Server) quietHookName() string {
	return s.name + " quiet period"
}

// server returns the *http.Server and its listener, or nils if the Server
// has not listened.
func (s *Server) server() (*http.Server, *arrivals) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.srv, s.accepts
}

// quietFromNow makes the drain's quiet period count from the shutdown's start
// at the earliest. It closes no connection: from the shutdown's start every
// response carries Connection: close (see [Server.handler]), so each client
// leaves its connection after its next response, and an idle connection is
// closed only by the drain. Closing idle connections here would race the
// clients that are sending on them: their requests (a POST, which Go's
// client does not retry) would fail while the server still serves.
func (s *Server) quietFromNow(context.Context) error {
	if _, accepts := s.server(); accepts != nil {
		accepts.Since(time.Now())
	}
	return nil
}

// acceptWhileBusy keeps the listener open while new connections still
// arrive: Kubernetes endpoints and other load balancers go on sending to a
// pod for a while after its SIGTERM, and a closed port would refuse them. It
// returns once none has arrived for Drain.QuietPeriod, counted from the
// shutdown's start at the earliest, or at half of the time the drain has
// left (ctx's deadline: Drain.Timeout, or the drain's end of the budget), so
// that the requests accepted last still have time to finish. When no time is
// left it returns at once.
func (s *Server) acceptWhileBusy(ctx context.Context, accepts *arrivals, start time.Time) {
	end := start.Add(s.conf.Drain.Timeout / 2)
	if deadline, ok := ctx.Deadline(); ok {
		end = start.Add(deadline.Sub(start) / 2)
	}
	ago := quiet.Await(ctx, accepts.Last, s.conf.Drain.QuietPeriod, end)
	if waited := time.Since(start); waited >= time.Millisecond {
		logx.WithDuration(waited).Infof("rest: %s accepted connections into the drain; last one %v ago",
			s.name, ago.Round(time.Millisecond))
	}
}

// drain is the Server's drain hook. It ends the event streams, keeps
// accepting while connections still arrive (see [Server.acceptWhileBusy]),
// then shuts the server down: no new connections, in-flight requests finish. At
// Drain.Timeout, or at the force-quit deadline, it closes the connections
// still open. It returns once Serve has returned and no handler is running,
// or when ctx ends.
func (s *Server) drain(ctx context.Context) error {
	return s.drainNow(ctx, true)
}

// drainNow drains the Server; with arrivals, it first keeps accepting while
// connections still arrive.
func (s *Server) drainNow(ctx context.Context, arrivals bool) error {
	s.endStreams()
	srv, accepts := s.server()
	if srv == nil {
		return nil
	}
	start := time.Now()
	dctx, cancel := context.WithTimeout(ctx, s.conf.Drain.Timeout)
	defer cancel()
	if arrivals {
		s.acceptWhileBusy(dctx, accepts, start)
	}

	var timedOut error
	if err := s.shutdown(dctx, srv, accepts); err != nil {
		timedOut = fmt.Errorf("rest: %s: %w after %v with %d requests in flight",
			s.name, ErrDrainTimeout, time.Since(start).Round(time.Millisecond), s.flight.count())
		logx.Error(timedOut)
		if err := srv.Close(); err != nil {
			logx.Errorf("rest: %s: close: %v", s.name, err)
		}
		if accepts.guards != nil {
			accepts.guards.closeAll()
		}
	}
	// Close does not wait for the handlers, nor Shutdown for hijacked
	// connections: the shutdown hooks must not run under them.
	if err := s.flight.wait(ctx); err != nil {
		// At the drain's end of the budget: the connections are closed,
		// the handlers still running have lost their clients.
		return cmp.Or(timedOut, err)
	}
	select {
	case <-s.served:
	case <-ctx.Done():
		return cmp.Or(timedOut, ctx.Err())
	}
	if timedOut != nil {
		return timedOut
	}
	logx.WithDuration(time.Since(start)).Infof("rest: %s drained", s.name)
	return nil
}

// acceptGrace bounds [Server.stopAccepting]: a starved accept loop or a
// client that connects and sends nothing does not hold the drain longer.
const acceptGrace = 250 * time.Millisecond

// stopAccepting closes the listening socket while the server still serves,
// so that no client that got a connection has its request dropped: first
// the accept loop takes what the kernel has queued (closing the socket
// would reset each, see package acceptq), then the socket closes, then the
// connections just accepted send their first request (net/http would drop a
// request read after its Shutdown began, and close the connection without
// an answer). Each response carries Connection: close.
func (s *Server) stopAccepting(ctx context.Context, accepts *arrivals) {
	gctx, cancel := context.WithTimeout(ctx, acceptGrace)
	defer cancel()
	switch err := acceptq.Quiesce(gctx, accepts.Listener); {
	case err == nil, errors.Is(err, acceptq.ErrUnsupported):
	case errors.Is(err, context.DeadlineExceeded):
		logx.Infof("rest: %s: connections still queued after %v; closing the socket resets them", s.name, acceptGrace)
	default:
		logx.Errorf("rest: %s: %v", s.name, err)
	}
	if err := accepts.closeSocket(); err != nil {
		logx.Errorf("rest: %s: close the listener: %v", s.name, err)
	}
	if accepts.guards == nil {
		return
	}
	if n := accepts.guards.awaitFirstRequests(gctx); n > 0 {
		logx.Infof("rest: %s: %d new connections sent no request within %v", s.name, n, acceptGrace)
	}
}

// shutdown shuts srv down and waits, until ctx is done, for the responses on
// the connections whose idle close was refused (see [guardedConn]): Shutdown
// no longer counts them.
func (s *Server) shutdown(ctx context.Context, srv *http.Server, accepts *arrivals) error {
	s.stopAccepting(ctx, accepts)
	if err := srv.Shutdown(ctx); err != nil {
		return err
	}
	if accepts.guards == nil {
		return nil
	}
	n, none := accepts.guards.pending()
	if n > 0 {
		logx.Infof("rest: %s: awaiting the responses on %d connections closed while reading a request", s.name, n)
	}
	select {
	case <-none:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
