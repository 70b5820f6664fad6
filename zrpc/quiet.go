package zrpc

import (
	"context"
	"time"

	"github.com/zerodown/zerodown/internal/quiet"
)

// quietFromNow is the server's first wrap-up hook: the quiet period of the
// drain counts from the shutdown's start at the earliest, and calls count
// as arrivals from now on. A server without etcd also learns, from now on,
// when it may end the propagation delay: see [RpcServer.awaitQuiet].
func (s *RpcServer) quietFromNow(context.Context) error {
	t0 := time.Now()
	s.arrivals.Since(t0)
	if s.quietSafe != nil {
		go s.awaitQuiet(t0.Add(s.reg.Conf().WrapUpTime))
	}
	return nil
}

// awaitQuiet closes quietSafe once no connection nor call has arrived for
// the quiet period, or at end (t0+WrapUpTime), when the delay ends anyway:
// a server behind a load balancer that still sends keeps serving through
// the whole delay, an idle one drains after about the quiet period.
func (s *RpcServer) awaitQuiet(end time.Time) {
	defer close(s.quietSafe)
	quiet.Await(context.Background(), s.arrivals.Last, s.conf.Drain.QuietPeriod, end)
}
