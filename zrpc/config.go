package zrpc

import (
	"errors"
	"fmt"
	"time"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/report"
	"github.com/zerodown/zerodown/core/upgrade"
	"github.com/zerodown/zerodown/internal/drainrule"
	"github.com/zerodown/zerodown/internal/flatconf"
	"github.com/zeromicro/go-zero/core/discov"
	"github.com/zeromicro/go-zero/core/service"
	"github.com/zeromicro/go-zero/core/stores/redis"
	gzrpc "github.com/zeromicro/go-zero/zrpc"
)

const (
	defaultDrainTimeout      = 3 * time.Second
	defaultStreamTimeout     = 2 * time.Second
	defaultDeregisterTimeout = time.Second
	defaultQuietPeriod       = 500 * time.Millisecond
)

// ErrBadConf is wrapped by the errors that report an invalid RpcServerConf.
var ErrBadConf = errors.New("zrpc: invalid server conf")

type (
	// A RpcServerConf is a rpc server config: the fields of go-zero's
	// zrpc.RpcServerConf, declared here with go-zero's names, types and tags
	// (so go-zero's keyed literals and yaml work unchanged), plus the
	// optional Drain and Report sections. [RpcServerConf.GoZero] returns
	// go-zero's conf.
	RpcServerConf struct {
		service.ServiceConf
		ListenOn      string
		Etcd          discov.EtcdConf    `json:",optional,inherit"`
		Auth          bool               `json:",optional"`
		Redis         redis.RedisKeyConf `json:",optional"`
		StrictControl bool               `json:",optional"`
		// setting 0 means no timeout
		Timeout      int64 `json:",default=2000"`
		CpuThreshold int64 `json:",default=900,range=[0:1000)"`
		// grpc health check switch
		Health      bool `json:",default=true"`
		Middlewares ServerMiddlewaresConf
		// setting specified timeout for gRPC method
		MethodTimeouts []MethodTimeoutConf `json:",optional"`

		// Drain bounds each step of the server's shutdown.
		Drain DrainConf `json:",optional"`
		// Report configures the shutdown report of the server's Registry,
		// one per Registry however many servers it has (see report.For):
		// TerminationLogPath: /dev/termination-log makes `kubectl describe
		// pod` show how the last stop went. The first server that sets a
		// path wins. The report is logged either way.
		Report report.Conf `json:",optional"`
		// Upgrade configures the in-place upgrade at SIGHUP of a server on
		// proc.DefaultRegistry (see package core/upgrade); off unless
		// Upgrade.Enabled.
		Upgrade upgrade.Conf `json:",optional"`
	}

	// A DrainConf bounds the steps of a server's shutdown. Zero fields take
	// their defaults, also when the conf is built in code.
	DrainConf struct {
		// Timeout bounds GracefulStop, counted from the start of the drain
		// phase; at it the server is stopped hard (Stop).
		Timeout time.Duration `json:",default=3s"`
		// StreamTimeout is the time, counted from the start of the drain
		// phase, after which the streams still open end with
		// codes.Unavailable. It must be less than Timeout; unset, it is 2s,
		// or two thirds of Timeout if that is less.
		StreamTimeout time.Duration `json:",optional"`
		// DeregisterTimeout bounds the etcd deregistration, awaited in the
		// wrap-up phase; past it the sequence goes on and the key expires
		// with its lease.
		DeregisterTimeout time.Duration `json:",default=1s"`
		// QuietPeriod keeps the port open into the drain, serving, while a
		// load balancer still sends new connections or calls: the server
		// stops accepting once none has arrived for QuietPeriod (counted
		// from the shutdown's start at the earliest), or at half of
		// Timeout. A server without etcd also ends the propagation delay
		// once nothing has arrived for QuietPeriod after t0. The rule is
		// the REST server's. A negative value stops accepting as soon as
		// the drain begins and keeps the whole delay.
		QuietPeriod time.Duration `json:",default=500ms"`
	}
)

// GoZero returns go-zero's zrpc.RpcServerConf with the go-zero fields of c.
func (c RpcServerConf) GoZero() gzrpc.RpcServerConf {
	var gz gzrpc.RpcServerConf
	flatconf.Narrow(&gz, c)
	return gz
}

// HasEtcd checks if there is etcd settings in config, as go-zero's does.
func (c RpcServerConf) HasEtcd() bool {
	return c.GoZero().HasEtcd()
}

// Validate validates the go-zero fields of c, as go-zero's does: Auth
// needs a valid Redis. NewServer checks Drain against the shutdown conf.
func (c RpcServerConf) Validate() error {
	return c.GoZero().Validate()
}

// withDefaults returns c with its zero fields set to their defaults.
func (c DrainConf) withDefaults() DrainConf {
	if c.Timeout == 0 {
		c.Timeout = defaultDrainTimeout
	}
	if c.StreamTimeout == 0 {
		c.StreamTimeout = min(defaultStreamTimeout, c.Timeout*2/3)
	}
	if c.DeregisterTimeout == 0 {
		c.DeregisterTimeout = defaultDeregisterTimeout
	}
	if c.QuietPeriod == 0 {
		c.QuietPeriod = defaultQuietPeriod
	}
	return c
}

// validate reports whether c, with its defaults, fits the shutdown conf s:
// the drain must end before the force quit.
func (c DrainConf) validate(s proc.ShutdownConf) error {
	switch {
	case c.Timeout < 0 || c.StreamTimeout < 0 || c.DeregisterTimeout < 0:
		return fmt.Errorf("%w: negative Drain duration in %+v", ErrBadConf, c)
	case c.StreamTimeout >= c.Timeout:
		return fmt.Errorf("%w: Drain.StreamTimeout %v must be less than Drain.Timeout %v",
			ErrBadConf, c.StreamTimeout, c.Timeout)
	}
	wrapUp := max(c.DeregisterTimeout, s.WrapUpTime)
	if err := drainrule.Check("deregistration or WrapUpTime", wrapUp, c.Timeout, s.WaitTime); err != nil {
		return fmt.Errorf("%w: %w", ErrBadConf, err)
	}
	return nil
}

// hiddenListenOn is where go-zero's own listener goes: go-zero's RpcServer
// binds its address itself, out of the server's reach, and
// grpc.Server.GracefulStop closes it at once. The server serves ListenOn on a
// listener of its own (see [RpcServer.listen]) so that its drain decides when
// the port closes, and so that core/upgrade can hand the socket over.
// go-zero's loopback listener stays open, unused, until the drain.
const hiddenListenOn = "127.0.0.1:0"
