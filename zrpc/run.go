package zrpc

import (
	"context"
	"errors"
	"fmt"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/logx"
	"google.golang.org/grpc"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
)

// Run starts the server and blocks until the whole shutdown sequence of its
// Registry is done, or [RpcServer.Stop] has stopped the server alone; it
// returns nil then, with the port free. It returns at
// once, with an error and the port free, if the server cannot start: the
// Registry has begun its shutdown ([proc.ErrTooLate]), the address cannot be
// published to etcd, or the port cannot be bound. A server can be run once;
// later calls return [ErrStarted].
//
// In order, Run publishes the address to etcd (as go-zero does, before it
// listens), then runs go-zero's RpcServer.Start on a goroutine. go-zero's
// Start listens, calls back (the application registers its services, the
// server its health service and its hooks), and serves. Once its Serve has
// returned, go-zero's Start waits for every listener of go-zero's own
// proc.Shutdown: [proc.DefaultRegistry] runs them in its drain phase. Run
// does not wait for that, so that a server on an isolated Registry (see
// [WithRegistry]) still returns: its go-zero goroutine stays parked until
// go-zero's proc.Shutdown runs.
//
// A server stopped by [RpcServer.Stop] before it serves never serves: Run
// returns [ErrStopped]. A shutdown that begins before the server serves
// cancels the start: Run returns an error then, and the server's start hook makes the shutdown
// report say that it did not start.
//
// Until it returns, Run reports the unary calls and streams in flight on
// metric.Default's in-flight gauges, under the name "zrpc " + ListenOn.
func (s *RpcServer) Run() error {
	if !s.started.CompareAndSwap(false, true) {
		return fmt.Errorf("run rpc server %s: %w", s.conf.ListenOn, ErrStarted)
	}
	s.mu.Lock()
	halted := s.halted
	s.mu.Unlock()
	if halted {
		close(s.exited)
		return fmt.Errorf("run rpc server %s: %w", s.conf.ListenOn, ErrStopped)
	}
	defer s.trackInFlight()()
	st, err := s.addStartHook()
	if err == nil {
		err = s.start()
		st.end(err)
	} else {
		close(s.exited)
	}
	if err != nil {
		return fmt.Errorf("start rpc server %s: %w", s.conf.ListenOn, err)
	}
	logx.Infof("zrpc: serving on %s", s.conf.ListenOn)
	select {
	case <-s.reg.Finished():
	case <-s.stopped:
	}
	return nil
}

// start publishes the address and runs go-zero's Start on a goroutine, and
// returns once the server serves, or why it does not.
func (s *RpcServer) start() error {
	if err := s.listen(); err != nil {
		close(s.exited)
		return err
	}
	if err := s.begin(); err != nil {
		_ = s.ln.Close()
		close(s.exited)
		return err
	}
	ended := make(chan error, 1)
	go func() {
		defer close(s.exited)
		ended <- s.startGoZero()
	}()

	var err error
	select {
	case err = <-ended: // go-zero returns before calling back only when it cannot listen
	case err = <-s.setup:
	}
	if err != nil {
		_ = s.ln.Close() // if gs served on it, it is closed already
		if s.pub != nil {
			s.pub.stop()
		}
	}
	return err
}

// begin checks that the shutdown has not begun and publishes the address.
func (s *RpcServer) begin() error {
	select {
	case <-s.reg.Done():
		return proc.ErrTooLate
	default:
	}
	if s.pub != nil {
		logx.Infof("zrpc: registering %s in etcd %v", s.conf.ListenOn, s.conf.Etcd.Hosts)
		if err := s.pub.keepAlive(s.reg.Context()); err != nil {
			return fmt.Errorf("publish to etcd: %w", err)
		}
	}
	proc.DisarmGoZero()
	return nil
}

// startGoZero runs go-zero's Start, which panics on any error of Serve.
func (s *RpcServer) startGoZero() (err error) {
	defer func() {
		if p := recover(); p != nil {
			if e, ok := p.(error); ok {
				err = e
			} else {
				err = fmt.Errorf("%v", p)
			}
		}
	}()
	s.server.Start()
	return nil
}

// serve is the register callback go-zero calls once it listens, before it
// serves. On an error it stops gs, so that go-zero's Serve returns at once
// and frees the port.
func (s *RpcServer) serve(gs *grpc.Server) {
	err := s.prepare(gs)
	if err != nil {
		gs.Stop()
	} else {
		go s.serveListener(gs)
	}
	s.setup <- err
}

// serveListener serves gs on the server's own listener (see
// [RpcServer.listen]) until the drain stops gs. Any other end is fatal: the
// process stops.
func (s *RpcServer) serveListener(gs *grpc.Server) {
	err := gs.Serve(s.ln)
	if err == nil || errors.Is(err, grpc.ErrServerStopped) {
		return
	}
	s.probe.MarkNotReady()
	err = fmt.Errorf("zrpc: serve on %s: %w", s.conf.ListenOn, err)
	logx.Error(err)
	s.reg.Terminate(err)
}

func (s *RpcServer) prepare(gs *grpc.Server) error {
	select {
	case <-s.reg.Done(): // never ready, never in the drain: the start hook reports it
		return proc.ErrTooLate
	default:
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.halted {
		return ErrStopped
	}
	if s.register != nil {
		s.register(gs)
	}
	if s.health != nil {
		if _, ok := gs.GetServiceInfo()[healthgrpc.Health_ServiceDesc.ServiceName]; ok {
			logx.Infof("zrpc: %s: grpc.health.v1 registered by the application; not flipping it at shutdown",
				s.conf.ListenOn)
			s.health = nil
		} else {
			healthgrpc.RegisterHealthServer(gs, s.health)
			s.health.serve(gs.GetServiceInfo())
		}
	}
	if err := s.addHooks(gs); err != nil {
		return err
	}
	s.hooked = true
	s.probe.MarkReady()
	return nil
}

// addHooks adds the server's steps to its Registry. s.mu must be held.
func (s *RpcServer) addHooks(gs *grpc.Server) error {
	name := s.name()
	errs := []error{s.reg.AddWrapUpHook(name+" quiet period", s.quietFromNow, proc.WithOrder(-1))}
	if s.health != nil {
		// Order -1: NOT_SERVING before anything else of the wrap-up phase.
		errs = append(errs, s.reg.AddWrapUpHook(name+" health", s.health.shutdown, proc.WithOrder(-1)))
	}
	var drainOpts []proc.HookOption
	if s.pub != nil {
		errs = append(errs, s.reg.AddWrapUpHook(name+" deregister", s.deregister,
			proc.WithTimeout(s.conf.Drain.DeregisterTimeout)))
		drainOpts = append(drainOpts, proc.WithSafeToDrain(s.conns.safe))
	} else if s.quietSafe != nil {
		drainOpts = append(drainOpts, proc.WithSafeToDrain(s.quietSafe))
	}
	d := drainer{gs: gs, addr: s.conf.ListenOn, conf: s.conf.Drain, streams: s.streams, requests: &s.requests,
		arrivals: &s.arrivals}
	s.drainer = d
	errs = append(errs, s.reg.AddDrainHook(name, d.drain, drainOpts...))
	return errors.Join(errs...)
}

// deregister is the server's etcd wrap-up hook. Once the key is deleted, the
// propagation delay may end as soon as the last client has let go: go-zero's
// discovery clients close their connections when the key goes.
func (s *RpcServer) deregister(ctx context.Context) error {
	if err := s.pub.deregister(ctx); err != nil {
		return err
	}
	s.conns.arm()
	return nil
}
