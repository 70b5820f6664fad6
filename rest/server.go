package rest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"

	"github.com/zerodown/zerodown/core/metric"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/readiness"
	"github.com/zerodown/zerodown/core/report"
	"github.com/zerodown/zerodown/core/upgrade"
	"github.com/zerodown/zerodown/internal/confkeys"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"
	"github.com/zeromicro/go-zero/rest"
)

var _ service.Service = (*Server)(nil)

var (
	namesMu sync.Mutex
	// names counts the servers built on each address in this process, so
	// that the names of their hooks are unique: servers may share an
	// address over the process's life.
	names = map[string]int{}
)

// A Server is go-zero's rest.Server wired into a [proc.Registry]: it reports
// ready once listening and not ready from the shutdown's start, keeps serving
// through the propagation delay, drains within a bound in the drain phase,
// and returns from Start only when the whole shutdown is done.
type Server struct {
	gz         *rest.Server
	conf       RestConf
	registry   *proc.Registry
	ready      *readiness.Set
	probe      *readiness.Probe
	name       string // the hooks' and the readiness probe's name
	flight     inflight
	streams    metric.InFlight
	streamsCtx context.Context // cancelled when the drain begins
	endStreams context.CancelFunc
	stopOnce   sync.Once
	stopped    chan struct{} // closed when Stop has drained the Server on its own
	listening  chan struct{} // closed when the Server accepts connections
	served     chan struct{} // closed when Serve has returned

	mu      sync.Mutex // guards following
	started bool
	halted  bool         // Stop has begun: Start must not listen
	srv     *http.Server // nil until the Server listens
	accepts *arrivals    // srv's listener
	addr    net.Addr
}

// MustNewServer is like NewServer but exits on an error, as go-zero's does.
func MustNewServer(c RestConf, opts ...RunOption) *Server {
	s, err := NewServer(c, opts...)
	if err != nil {
		// One line that names the field, its value and the rule: a conf
		// error is the user's to fix, a goroutine stack would hide it.
		logx.Error(err)
		_ = logx.Close()
		os.Exit(1)
	}
	return s
}

// NewServer returns a Server configured by c. It sets up the service as
// go-zero's rest.NewServer does (logs, metrics, trace, dev server), applies
// c.Shutdown to the Server's registry, adds the Server's readiness probe and
// its wrap-up and drain hooks to the registry, and keeps go-zero's own
// shutdown timer from acting (see [proc.DisarmGoZero]).
//
// It returns an error for an invalid c, whether of go-zero's fields or of
// this package's. Built once the registry's shutdown has begun (a signal
// during a slow start), the Server never listens: Start returns once the
// sequence is done.
func NewServer(c RestConf, opts ...RunOption) (*Server, error) {
	confkeys.ReportOnce()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c = c.withDefaults()
	shutdown := proc.ShutdownConf{WrapUpTime: c.Shutdown.WrapUpTime, WaitTime: c.Shutdown.WaitTime}
	if err := shutdown.Validate(); err != nil {
		return nil, fmt.Errorf("rest: new server: %w", err)
	}

	gz, err := rest.NewServer(c.GoZero())
	// go-zero's NewServer has re-run go-zero's proc.Setup: its timer would
	// run its shutdown listeners and kill the process on its own schedule.
	proc.DisarmGoZero()
	if err != nil {
		return nil, fmt.Errorf("rest: new server: %w", err)
	}
	s := &Server{
		gz:        gz,
		conf:      c,
		registry:  proc.DefaultRegistry,
		stopped:   make(chan struct{}),
		listening: make(chan struct{}),
		served:    make(chan struct{}),
	}
	s.flight.zero = make(chan struct{}, 1)
	s.streamsCtx, s.endStreams = context.WithCancel(context.Background())
	for _, opt := range opts {
		opt(s)
	}
	if err := s.join(shutdown); err != nil {
		return nil, err
	}
	return s, nil
}

// join adds the Server to its registry, configured by shutdown: the drain
// must end before the force quit.
func (s *Server) join(shutdown proc.ShutdownConf) error {
	if s.registry == nil {
		return fmt.Errorf("%w: nil registry", ErrBadConf)
	}
	if s.registry == proc.DefaultRegistry {
		if err := upgrade.Setup(s.conf.Upgrade); err != nil {
			return fmt.Errorf("rest: new server: %w", err)
		}
	}
	if err := s.registry.Setup(shutdown); err != nil {
		return fmt.Errorf("rest: new server: %w", err)
	}
	drain, err := s.conf.Drain.fit(s.registry.Conf())
	if err != nil {
		return err
	}
	s.conf.Drain = drain
	s.ready = readiness.For(s.registry)
	s.name = serverName(s.conf)
	if err := s.addHooks(); err != nil {
		if !s.shutdownBegun() {
			return fmt.Errorf("rest: new server %s: %w", s.name, err)
		}
		// A signal came before the Server was built (a slow main): the
		// Server never listens, and Start returns once the sequence is done,
		// as a zrpc server does.
		logx.Infof("rest: %s built after the shutdown began: it will not start", s.name)
		s.mu.Lock()
		s.halted = true
		s.mu.Unlock()
	}
	s.probe = s.ready.Add(s.name)
	if s.conf.DevServer.Enabled {
		followHealth(s.registry, s.ready)
	}
	metric.Install()
	report.For(s.registry, s.conf.Report, report.WithInFlight(metric.Default()))
	return nil
}

func serverName(c RestConf) string {
	name := "rest " + net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
	namesMu.Lock()
	defer namesMu.Unlock()
	names[name]++
	if n := names[name]; n > 1 {
		name += "#" + strconv.Itoa(n)
	}
	return name
}

// AddRoute adds r to the Server; see [Server.AddRoutes].
func (s *Server) AddRoute(r Route, opts ...RouteOption) {
	s.AddRoutes([]Route{r}, opts...)
}

// AddRoutes adds rs to the Server with the features of opts, as go-zero's
// AddRoutes does. The Server counts the requests in flight in their handlers
// (the drain waits for them), and cancels the request context of an
// event stream (see [WithSSE]) when the drain begins.
func (s *Server) AddRoutes(rs []Route, opts ...RouteOption) {
	tracked := make([]Route, len(rs))
	for i, r := range rs {
		r.Handler = s.track(r.Handler, r)
		tracked[i] = r
	}
	s.gz.AddRoutes(tracked, opts...)
}

// Use adds middleware to every route, as go-zero's Use does.
func (s *Server) Use(middleware Middleware) {
	s.gz.Use(middleware)
}

// PrintRoutes prints the routes to stdout.
func (s *Server) PrintRoutes() {
	s.gz.PrintRoutes()
}

// Routes returns the routes added to the Server.
func (s *Server) Routes() []Route {
	return s.gz.Routes()
}

// Addr returns the address the Server listens on, or nil before it listens.
// With Port 0 it tells the port the system chose.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// Listening returns a channel that is closed once the Server accepts
// connections; [Server.Addr] is set then. It is never closed if the Server
// does not listen (a listen error, or Start after the shutdown began).
func (s *Server) Listening() <-chan struct{} {
	return s.listening
}

// shutdownBegun reports whether the registry's shutdown has begun.
func (s *Server) shutdownBegun() bool {
	select {
	case <-s.registry.Done():
		return true
	default:
		return false
	}
}
