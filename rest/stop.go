package rest

import (
	"context"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/logx"
)

// Stop stops this Server: it stops accepting, lets the requests in flight
// finish (at most Drain.Timeout), frees the port, takes the Server's hooks
// out of its registry and its probe out of the readiness, and returns then;
// [Server.Start] returns too. The rest of the process goes on: another
// Server can be built, on the same address too. The whole process's
// shutdown stays with the signal, [proc.Terminate] and [proc.Shutdown].
//
// Once the process's shutdown has begun, Stop leaves this Server to it and
// returns at once, so it is safe from a hook (go-zero's ServiceGroup stops
// its services in the shutdown); once that is done, Stop closes logx, as
// go-zero's Stop does. Stop is safe to call any number of times,
// concurrently.
func (s *Server) Stop() {
	select {
	case <-s.registry.Finished():
		_ = logx.Close()
		return
	case <-s.registry.Done():
		return
	default:
	}
	s.stopOnce.Do(s.stopAlone)
}

// stopAlone drains the Server outside the process's shutdown, unless that
// shutdown has already taken its drain hook.
func (s *Server) stopAlone() {
	if !s.registry.RemoveHook(proc.PhaseDrain, s.name) {
		return // the shutdown drains the Server
	}
	s.registry.RemoveHook(proc.PhaseWrapUp, s.quietHookName())
	s.probe.Remove()
	s.mu.Lock()
	s.halted = true
	s.mu.Unlock()
	if err := s.drainNow(context.Background(), false); err != nil {
		logx.Error(err)
	}
	close(s.stopped)
	logx.Infof("rest: %s stopped", s.name)
}
