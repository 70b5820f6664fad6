// Package service is go-zero's core/service (ServiceGroup, Service, Starter,
// Stopper, WithStart, WithStarter, ServiceConf and its modes) whose members
// stop each in the phase of the shutdown that fits it, on
// [proc.DefaultRegistry]:
//
//   - a queue consumer of this module (queue/kq) stops fetching at t0, in the
//     wrap-up phase, and finishes its handlers in the drain (it registers
//     itself when it is made);
//   - a rest or zrpc server of this module drains in the drain phase, after
//     the propagation delay (it registers itself when it is made);
//   - any other Service's Stop runs in the shutdown phase, one at a time, in
//     reverse order of Add, before the shutdown listeners registered before
//     Start (a DB close), after every handler and request has ended.
//
// go-zero's ServiceGroup stops all its members at once from a shutdown
// listener, after the drain: its consumers keep pulling through the whole
// shutdown. Start here returns once the whole shutdown sequence is done, and
// Stop starts the sequence and awaits it (bounded by WaitTime).
package service

import (
	"context"
	"fmt"
	"sync"

	"github.com/zeromicro/go-zero/core/logx"
	gzservice "github.com/zeromicro/go-zero/core/service"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/rest"
	"github.com/zerodown/zerodown/zrpc"
)

type (
	// ServiceConf is go-zero's service.ServiceConf, so yaml keeps loading.
	ServiceConf = gzservice.ServiceConf
	// DevServerConfig is go-zero's service.DevServerConfig, the DevServer
	// section of ServiceConf.
	DevServerConfig = gzservice.DevServerConfig
)

// The modes of ServiceConf.Mode, as in go-zero.
const (
	DevMode  = gzservice.DevMode
	TestMode = gzservice.TestMode
	RtMode   = gzservice.RtMode
	PreMode  = gzservice.PreMode
	ProMode  = gzservice.ProMode
)

type (
	// Starter is the interface wraps the Start method.
	Starter = gzservice.Starter
	// Stopper is the interface wraps the Stop method.
	Stopper = gzservice.Stopper
	// Service is the interface that groups Start and Stop methods.
	Service = gzservice.Service

	// A ServiceGroup is a group of services, each stopped in its phase of
	// the shutdown (see the package doc). The starting order of the added
	// services is not guaranteed.
	ServiceGroup struct {
		registry *proc.Registry

		mu       sync.Mutex
		services []Service // in order of Add
		started  bool
	}

	// phased is a member that stops itself in a phase of its registry, as
	// queue/kq's queues do.
	phased interface {
		StopPhase() proc.Phase
	}
)

// WithStart wraps a start func as a Service.
func WithStart(start func()) Service {
	return gzservice.WithStart(start)
}

// WithStarter wraps a Starter as a Service.
func WithStarter(start Starter) Service {
	return gzservice.WithStarter(start)
}

// NewServiceGroup returns a ServiceGroup on [proc.DefaultRegistry].
func NewServiceGroup() *ServiceGroup {
	return &ServiceGroup{registry: proc.DefaultRegistry}
}

// Add adds service into sg.
func (sg *ServiceGroup) Add(service Service) {
	sg.mu.Lock()
	defer sg.mu.Unlock()
	sg.services = append(sg.services, service)
}

// stopsItself reports whether s stops in its own phase of the registry.
func stopsItself(s Service) bool {
	switch s.(type) {
	case *rest.Server, *zrpc.RpcServer, phased:
		return true
	}
	return false
}

// Start registers the Stop of each plain member as a shutdown hook (in order
// of Add, so that they run in reverse order), starts every member and blocks
// until they have all returned and, once the shutdown has begun, until the
// whole sequence is done. There should not be any logic code after it.
func (sg *ServiceGroup) Start() {
	sg.mu.Lock()
	sg.started = true
	services := append([]Service(nil), sg.services...)
	sg.mu.Unlock()

	for i, s := range services {
		if stopsItself(s) {
			continue
		}
		name := fmt.Sprintf("service group: stop %T #%d", s, i)
		if err := sg.registry.AddShutdownHook(name, stopHook(s)); err != nil {
			logx.Errorf("service group: %v; stopping %T at once", err, s)
			s.Stop()
		}
	}

	var wg sync.WaitGroup
	for _, s := range services {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Start()
		}()
	}
	wg.Wait()
	select {
	case <-sg.registry.Done():
		<-sg.registry.Finished()
	default:
	}
}

// stopHook runs s.Stop; at the end of ctx the sequence goes on without it.
func stopHook(s Service) proc.HookFunc {
	return func(ctx context.Context) error {
		done := make(chan struct{})
		go func() {
			defer close(done)
			s.Stop()
		}()
		select {
		case <-done:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Stop starts the shutdown sequence, as SIGTERM does, and awaits it; it is
// bounded by WaitTime. On a group that was never started it stops the members
// at once, in reverse order of Add.
func (sg *ServiceGroup) Stop() {
	sg.mu.Lock()
	started := sg.started
	services := append([]Service(nil), sg.services...)
	sg.mu.Unlock()
	if !started {
		for i := len(services) - 1; i >= 0; i-- {
			services[i].Stop()
		}
		return
	}
	sg.registry.Terminate(nil)
	<-sg.registry.Finished()
}
