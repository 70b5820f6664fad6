package zrpc

import (
	"fmt"
	"net"

	"github.com/zerodown/zerodown/core/upgrade"
	"github.com/zerodown/zerodown/internal/quiet"
)

// listen binds ListenOn, or takes its socket from core/upgrade (the previous
// process's, at an in-place upgrade). Connections that arrive there are
// recorded in the server's arrivals, for the quiet period of the drain.
func (s *RpcServer) listen() error {
	var l net.Listener
	var err error
	if s.upgrade {
		l, err = upgrade.Listen("tcp", s.conf.ListenOn)
	} else {
		l, err = net.Listen("tcp", s.conf.ListenOn)
	}
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.conf.ListenOn, err)
	}
	s.ln = quiet.NewListener(l, &s.arrivals)
	return nil
}
