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
		// phase; at it the server is stopped hard (Stop). Unset, it is 3s,
		// or what the shutdown conf leaves between the wrap-up and WaitTime
		// − ShutdownReserve if that is less; set, it must fit there. The
		// drain's end of the budget bounds it too, whatever it is.
		Timeout time.Duration `json:",optional"`
		// StreamTimeout is the time, counted from the start of the drain
		// phase, after which the streams still open end with
		// codes.Unavailable. It must be less than Timeout; unset, it is 2s,
		// or two thirds of Timeout if that is less.
		StreamTimeout time.Duration `json:",optional"`
		// DeregisterTimeout bounds the etcd deregistration, awaited in the
		// wrap-up phase; past it the sequence goes on and the key expires
		// with its lease. Unset, it is 1s, or half of WaitTime −
		// ShutdownReserve if that is less.
		DeregisterTimeout time.Duration `json:",optional"`
		// QuietPeriod keeps the port open into the drain, serving, while a
		// load balancer still sends new connections or calls: the server
		// stops accepting once none has arrived for QuietPeriod (counted
		// from the shutdown's start at the earliest), or at half of the
		// time the drain has left. Unset, it is 500ms, or half of Timeout
		// if that is less. A server without etcd also ends the propagation delay
		// once nothing has arrived for QuietPeriod after t0. The rule is
		// the REST server's. A negative value stops accepting as soon as
		// the drain begins and keeps the whole delay.
		QuietPeriod time.Duration `json:",optional"`
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

// fit returns c with its unset fields set to their defaults, shrunk to fit
// the shutdown conf in force s (see package internal/drainrule): the drain
// begins after the wrap-up (WrapUpTime, or the deregistration if longer) and
// ends by WaitTime − ShutdownReserve. A field set that cannot fit is an
// error naming it, its value and the rule.
func (c DrainConf) fit(s proc.ShutdownConf) (DrainConf, error) {
	if c.Timeout < 0 || c.StreamTimeout < 0 || c.DeregisterTimeout < 0 {
		return c, fmt.Errorf("%w: negative Drain duration in %+v", ErrBadConf, c)
	}
	b := drainrule.Budget{WrapUpTime: s.WrapUpTime, WaitTime: s.WaitTime, Reserve: s.Reserve()}
	if c.DeregisterTimeout == 0 {
		c.DeregisterTimeout = min(defaultDeregisterTimeout, b.End()/2)
	}
	begin, beginName := s.WrapUpTime, fmt.Sprintf("WrapUpTime (%v)", s.WrapUpTime)
	if c.DeregisterTimeout > begin {
		begin, beginName = c.DeregisterTimeout, fmt.Sprintf("Drain.DeregisterTimeout (%v)", c.DeregisterTimeout)
	}
	timeout, err := b.Fit("Drain.Timeout", c.Timeout, defaultDrainTimeout, beginName, begin)
	if err != nil {
		return c, fmt.Errorf("%w: %w", ErrBadConf, err)
	}
	c.Timeout = timeout
	if c.StreamTimeout == 0 {
		c.StreamTimeout = min(defaultStreamTimeout, c.Timeout*2/3)
	}
	if c.StreamTimeout >= c.Timeout {
		return c, fmt.Errorf("%w: Drain.StreamTimeout %v must be less than Drain.Timeout %v",
			ErrBadConf, c.StreamTimeout, c.Timeout)
	}
	if c.QuietPeriod == 0 {
		c.QuietPeriod = min(defaultQuietPeriod, c.Timeout/2)
	}
	return c, nil
}

// hiddenListenOn is where go-zero's own listener goes: go-zero's RpcServer
// binds its address itself, out of the server's reach, and
// grpc.Server.GracefulStop closes it at once. The server serves ListenOn on a
// listener of its own (see [RpcServer.listen]) so that its drain decides when
// the port closes, and so that core/upgrade can hand the socket over.
// go-zero's loopback listener stays open, unused, until the drain.
const hiddenListenOn = "127.0.0.1:0"
