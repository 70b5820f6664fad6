package rest

import (
	"errors"
	"fmt"
	"time"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/report"
	"github.com/zerodown/zerodown/core/upgrade"
	"github.com/zerodown/zerodown/internal/drainrule"
	"github.com/zerodown/zerodown/internal/flatconf"
	"github.com/zeromicro/go-zero/core/service"
	"github.com/zeromicro/go-zero/rest"
)

const (
	defaultReadinessPath = "/readyz"
	defaultLivenessPath  = "/livez"
	defaultDrainTimeout  = 3 * time.Second
	defaultQuietPeriod   = 500 * time.Millisecond
)

// ErrBadConf is wrapped by the errors that report an invalid RestConf.
var ErrBadConf = errors.New("rest: invalid conf")

type (
	// A RestConf is the config of a [Server]: the fields of go-zero's
	// rest.RestConf, declared here with go-zero's names, types and tags (so
	// go-zero's keyed literals and yaml work unchanged), plus the probes, the
	// drain and the report. Its Shutdown (from go-zero's ServiceConf)
	// configures the server's [proc.Registry]. [RestConf.GoZero] returns
	// go-zero's conf.
	RestConf struct {
		service.ServiceConf
		Host     string `json:",default=0.0.0.0"`
		Port     int
		CertFile string `json:",optional"`
		KeyFile  string `json:",optional"`
		Verbose  bool   `json:",optional"`
		MaxConns int    `json:",default=10000"`
		MaxBytes int64  `json:",default=1048576"`
		// milliseconds
		Timeout      int64         `json:",default=3000"`
		CpuThreshold int64         `json:",default=900,range=[0:1000)"`
		Signature    SignatureConf `json:",optional"`
		// There are default values for all the items in Middlewares.
		Middlewares MiddlewaresConf
		// TraceIgnorePaths is paths blacklist for trace middleware.
		TraceIgnorePaths []string `json:",optional"`

		// Probes configures the readiness and liveness endpoints. It is not
		// optional, so that go-zero's conf fills its defaults when absent.
		Probes ProbesConf
		// Drain bounds how the server drains at shutdown.
		Drain DrainConf
		// Report configures the shutdown report, logged at every stop and
		// written to TerminationLogPath (/dev/termination-log in
		// Kubernetes) if set.
		Report report.Conf `json:",optional"`
		// Upgrade configures the in-place upgrade at SIGHUP of a server on
		// proc.DefaultRegistry (see package core/upgrade); off unless
		// Upgrade.Enabled.
		Upgrade upgrade.Conf `json:",optional"`
	}

	// A ProbesConf configures the Kubernetes probe endpoints that a Server
	// answers on its own port, ahead of its routes and middlewares.
	ProbesConf struct {
		// Disabled turns both endpoints off; the paths go to the routes.
		Disabled bool `json:",optional"`
		// ReadinessPath answers 200 while every server of the registry is
		// listening and the shutdown has not begun, 503 otherwise.
		ReadinessPath string `json:",default=/readyz"`
		// LivenessPath answers 200 while the process runs, also during the
		// shutdown, so that Kubernetes does not restart a draining pod.
		LivenessPath string `json:",default=/livez"`
	}

	// A DrainConf configures how a Server drains at shutdown.
	DrainConf struct {
		// Timeout bounds http.Server.Shutdown; connections still open then
		// are closed. Unset, it is 3s, or what the shutdown conf leaves
		// between WrapUpTime and WaitTime − ShutdownReserve if that is less;
		// set, it must fit there. The drain's end of the budget bounds it
		// too, whatever it is.
		Timeout time.Duration `json:",optional"`
		// QuietPeriod keeps the port open into the drain while a load
		// balancer still sends new connections, each answered with
		// Connection: close: the Server stops accepting once none has
		// arrived for QuietPeriod (counted from the shutdown's start at the
		// earliest), or at half of the time the drain has left, whichever
		// comes first. Unset, it is 500ms, or half of Timeout if that is
		// less. A negative value stops accepting as soon as the drain
		// begins.
		QuietPeriod time.Duration `json:",optional"`
	}
)

// GoZero returns go-zero's rest.RestConf with the go-zero fields of c.
func (c RestConf) GoZero() rest.RestConf {
	var gz rest.RestConf
	flatconf.Narrow(&gz, c)
	return gz
}

// withDefaults returns c with the defaults of its zero fields, for confs
// built in code rather than loaded by go-zero's conf package.
func (c RestConf) withDefaults() RestConf {
	if c.Probes.ReadinessPath == "" {
		c.Probes.ReadinessPath = defaultReadinessPath
	}
	if c.Probes.LivenessPath == "" {
		c.Probes.LivenessPath = defaultLivenessPath
	}
	return c
}

// fit returns d with its unset fields set to their defaults, shrunk to fit
// the shutdown conf in force; a field set that cannot fit is an error.
func (d DrainConf) fit(in proc.ShutdownConf) (DrainConf, error) {
	b := drainrule.Budget{WrapUpTime: in.WrapUpTime, WaitTime: in.WaitTime, Reserve: in.Reserve()}
	timeout, err := b.Fit("Drain.Timeout", d.Timeout, defaultDrainTimeout,
		fmt.Sprintf("WrapUpTime (%v)", in.WrapUpTime), in.WrapUpTime)
	if err != nil {
		return d, fmt.Errorf("%w: %w", ErrBadConf, err)
	}
	d.Timeout = timeout
	if d.QuietPeriod == 0 {
		d.QuietPeriod = min(defaultQuietPeriod, d.Timeout/2)
	}
	return d, nil
}

// Validate reports whether c can be used; zero fields take their defaults.
func (c RestConf) Validate() error {
	c = c.withDefaults()
	switch {
	case c.Drain.Timeout < 0:
		return fmt.Errorf("%w: Drain.Timeout %v must not be negative", ErrBadConf, c.Drain.Timeout)
	case c.Probes.ReadinessPath[0] != '/' || c.Probes.LivenessPath[0] != '/':
		return fmt.Errorf("%w: probe paths %q and %q must begin with /",
			ErrBadConf, c.Probes.ReadinessPath, c.Probes.LivenessPath)
	case c.Probes.ReadinessPath == c.Probes.LivenessPath:
		return fmt.Errorf("%w: ReadinessPath and LivenessPath are both %q",
			ErrBadConf, c.Probes.ReadinessPath)
	}
	return nil
}
