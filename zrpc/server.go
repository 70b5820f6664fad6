package zrpc

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"

	"github.com/zerodown/zerodown/core/metric"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/readiness"
	"github.com/zerodown/zerodown/core/report"
	"github.com/zerodown/zerodown/core/upgrade"
	"github.com/zerodown/zerodown/internal/confkeys"
	"github.com/zerodown/zerodown/internal/gozero"
	"github.com/zerodown/zerodown/internal/quiet"
	"github.com/zeromicro/go-zero/core/discov"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"
	gzrpc "github.com/zeromicro/go-zero/zrpc"
	"google.golang.org/grpc"
)

// ErrStarted is returned by [RpcServer.Run] when the server was started before.
var ErrStarted = errors.New("zrpc: server already started")

var _ service.Service = (*RpcServer)(nil)

// A RpcServer is a rpc server: go-zero's, with its interceptors, auth,
// breaker, tracing and metrics, whose shutdown is a part of a [proc.Registry].
type RpcServer struct {
	conf     RpcServerConf // Drain with its defaults
	reg      *proc.Registry
	server   *gzrpc.RpcServer
	register func(*grpc.Server)
	health   *healthServer // nil when conf.Health is false
	pub      *publication  // nil without etcd
	conns    *conns        // nil without etcd
	arrivals quiet.Arrivals
	ln       *quiet.Listener // bound to ListenOn by Run
	// quietSafe is closed once a server without etcd may end the
	// propagation delay; nil with etcd, or with a negative QuietPeriod.
	quietSafe chan struct{}
	streams   *streamDrainer
	requests  metric.InFlight // unary calls in their handler
	probe     *readiness.Probe
	started   atomic.Bool
	setup     chan error    // size 1: how the setup inside go-zero's Start ended
	exited    chan struct{} // closed when go-zero's Start has returned
	upgrade   bool          // the socket of ListenOn comes from core/upgrade
	stopOnce  sync.Once
	stopped   chan struct{} // closed when Stop has stopped the server alone

	mu      sync.Mutex // guards following
	halted  bool       // Stop has begun: the server must not serve
	hooked  bool       // the hooks are in the Registry
	drainer drainer    // the drain step, once hooked
}

// MustNewServer returns a RpcServer, exits on any error.
func MustNewServer(c RpcServerConf, register func(*grpc.Server), opts ...Option) *RpcServer {
	server, err := NewServer(c, register, opts...)
	if err != nil {
		// One line that names the field, its value and the rule: a conf
		// error is the user's to fix, a goroutine stack would hide it.
		logx.Error(err)
		_ = logx.Close()
		os.Exit(1)
	}
	return server
}

// NewServer returns a RpcServer built on go-zero's zrpc.NewServer. It applies
// c.Shutdown to the server's Registry, as go-zero applies it to its proc, and
// returns an error if c.Drain does not end before the force quit. It keeps
// go-zero from serving the health service and from publishing to etcd: the
// RpcServer does both itself, so that it can flip and await them.
//
// It also makes the shutdown observable: it adds metric.Default to
// proc.DefaultRegistry ([metric.Install]) and the shutdown report of c.Report
// to the server's Registry ([report.For], once per Registry), and counts the
// unary calls and streams in flight, which the in-flight gauges and the
// report show while [RpcServer.Run] runs.
func NewServer(c RpcServerConf, register func(*grpc.Server), opts ...Option) (*RpcServer, error) {
	confkeys.ReportOnce()
	o := newOptions(opts)
	if err := o.registry.Setup(proc.ShutdownConf{WrapUpTime: c.Shutdown.WrapUpTime, WaitTime: c.Shutdown.WaitTime}); err != nil {
		return nil, fmt.Errorf("zrpc: shutdown conf: %w", err)
	}
	drain, err := c.Drain.fit(o.registry.Conf())
	if err != nil {
		return nil, err
	}
	c.Drain = drain

	s := &RpcServer{
		conf:     c,
		reg:      o.registry,
		register: register,
		streams:  newStreamDrainer(o.registry.Draining()),
		probe:    readiness.For(o.registry).Add("zrpc " + c.ListenOn),
		setup:    make(chan error, 1),
		exited:   make(chan struct{}),
		stopped:  make(chan struct{}),
	}
	if c.DevServer.Enabled {
		// go-zero's DevServer /healthz follows the readiness of the
		// Registry, as /readyz and the gRPC health service do: go-zero's own
		// probe turns not ready only at the end of the shutdown.
		ready := readiness.For(o.registry)
		gozero.FollowHealth(o.registry, "zerodown readiness", func() bool {
			ok, _ := ready.Ready()
			return ok
		})
	}
	gz := c.GoZero()
	// go-zero binds its own listener: give it a loopback port nobody knows;
	// the server serves ListenOn on a listener of its own (see
	// RpcServer.listen).
	gz.ListenOn = hiddenListenOn
	if s.reg == proc.DefaultRegistry {
		if err := upgrade.Setup(c.Upgrade); err != nil {
			return nil, fmt.Errorf("zrpc: new server: %w", err)
		}
		s.upgrade = true
	}
	if gz.Health {
		// go-zero would register grpc.health.v1 too; a second registration
		// makes grpc-go exit the process.
		gz.Health = false
		s.health = newHealthServer()
	}
	if c.HasEtcd() {
		if err := c.Etcd.Validate(); err != nil {
			return nil, fmt.Errorf("zrpc: etcd conf: %w", err)
		}
		s.pub = newPublication(c.Etcd, c.ListenOn)
		s.conns = newConns()
		gz.Etcd = discov.EtcdConf{}
	} else if c.Drain.QuietPeriod > 0 {
		s.quietSafe = make(chan struct{})
	}

	server, err := gzrpc.NewServer(gz, s.serve)
	// go-zero's NewServer re-runs go-zero's proc.Setup, re-arming its timer.
	proc.DisarmGoZero()
	if err != nil {
		return nil, err
	}
	server.AddOptions(grpc.WaitForHandlers(true))
	if s.conns != nil {
		server.AddOptions(grpc.StatsHandler(s.conns))
	}
	server.AddUnaryInterceptors(countUnary(&s.requests, &s.arrivals, s.name()))
	s.streams.arrivals = &s.arrivals
	s.streams.labels.server = s.name()
	server.AddStreamInterceptors(s.streams.intercept)
	s.server = server
	metric.Install()
	report.For(s.reg, c.Report, report.WithInFlight(metric.Default()))
	return s, nil
}

// AddOptions adds given options.
func (s *RpcServer) AddOptions(options ...grpc.ServerOption) {
	s.server.AddOptions(options...)
}

// AddStreamInterceptors adds given stream interceptors.
func (s *RpcServer) AddStreamInterceptors(interceptors ...grpc.StreamServerInterceptor) {
	s.server.AddStreamInterceptors(interceptors...)
}

// AddUnaryInterceptors adds given unary interceptors.
func (s *RpcServer) AddUnaryInterceptors(interceptors ...grpc.UnaryServerInterceptor) {
	s.server.AddUnaryInterceptors(interceptors...)
}

// Start starts the server and blocks until the whole shutdown sequence of
// its Registry is done, so that main returning never cuts a hook off.
//
// If the server cannot start (the port is in use, etcd is unreachable),
// Start logs why and terminates the Registry with that reason: the other
// servers drain, and the process exits with [proc.ExitCodeFatal]. Use
// [RpcServer.Run] to get the error instead. A shutdown that begins while the
// server starts cancels the start (an etcd registration in progress too):
// the server never listens nor reports ready, Start returns once the
// sequence is done, and the report says that the server did not start. If
// [RpcServer.Stop] stops this server alone, Start returns once it has
// drained.
func (s *RpcServer) Start() {
	if err := s.Run(); err != nil {
		select {
		case <-s.reg.Done(): // the shutdown cancelled the start: its report says so
			logx.Info(err)
		case <-s.stopped: // Stop came first
			logx.Info(err)
		default:
			logx.Error(err)
			s.reg.Terminate(err)
		}
		select {
		case <-s.reg.Finished():
		case <-s.stopped:
		}
	}
}
