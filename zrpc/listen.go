package zrpc

import (
	"fmt"
	"net"

	"github.com/zerodown/zerodown/core/upgrade"
	"github.com/zerodown/zerodown/internal/quiet"
)

// listen binds ListenOn; a server of proc.DefaultRegistry does it through
// core/upgrade, which takes the previous process's socket when the yaml asks
// for the in-place upgrade, and is net.Listen otherwise. Connections that arrive there are
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
