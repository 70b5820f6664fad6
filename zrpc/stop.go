package zrpc

import (
	"context"
	"errors"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/logx"
)

// ErrStopped is returned by [RpcServer.Run] when [RpcServer.Stop] stopped the
// server before it served.
var ErrStopped = errors.New("zrpc: server stopped")

// Stop stops this server alone, as rest.Server.Stop does: it reports
// NOT_SERVING, deregisters from etcd, drains (bounded by Drain.Timeout, the
// streams by Drain.StreamTimeout), frees the port, takes the server's hooks
// out of its Registry and its probe out of the readiness, and returns then;
// [RpcServer.Start] returns too. The rest of the process goes on: the
// process ends when its shutdown sequence does (a signal, [proc.Shutdown],
// [proc.Terminate]). A server stopped before it serves never serves.
//
// Once the Registry's shutdown has begun, Stop leaves the server to it and
// returns at once, so it is safe from a hook (go-zero's ServiceGroup stops
// its services in the shutdown). Unlike go-zero's, it does not close logx.
// Stop is safe to call any number of times, concurrently.
func (s *RpcServer) Stop() {
	select {
	case <-s.reg.Done():
		return
	default:
	}
	s.stopOnce.Do(s.stopAlone)
}

// stopAlone drains the server outside the Registry's shutdown, unless that
// shutdown has already taken its drain hook.
func (s *RpcServer) stopAlone() {
	s.mu.Lock()
	s.halted = true
	hooked, d := s.hooked, s.drainer
	s.mu.Unlock()
	name := s.name()
	if !hooked {
		// Not serving yet: Run refuses to serve from now on.
		s.reg.RemoveHook(proc.PhaseWrapUp, name+" start")
		s.probe.Remove()
		close(s.stopped)
		return
	}
	if !s.reg.RemoveHook(proc.PhaseDrain, name) {
		return // the shutdown drains the server
	}
	for _, hook := range []string{" start", " quiet period", " health", " deregister"} {
		s.reg.RemoveHook(proc.PhaseWrapUp, name+hook)
	}
	s.probe.Remove()
	ctx := context.Background()
	if s.health != nil {
		_ = s.health.shutdown(ctx)
	}
	if s.pub != nil {
		dctx, cancel := context.WithTimeout(ctx, s.conf.Drain.DeregisterTimeout)
		if err := s.pub.deregister(dctx); err != nil {
			logx.Error(err)
		}
		cancel()
	}
	if err := d.drain(ctx); err != nil {
		logx.Error(err)
	}
	close(s.stopped)
	logx.Infof("zrpc: %s stopped", s.conf.ListenOn)
}
