package rest

import (
	"net"

	"github.com/zerodown/zerodown/internal/quiet"
)

// arrivals is a net.Listener that remembers when it last accepted a
// connection, so that the drain can tell whether a load balancer still sends
// new connections to the Server: the quiet-period rule of package quiet,
// which zrpc shares.
type arrivals struct {
	net.Listener
	quiet.Arrivals
	guards *guards // guards the accepted connections, if not nil
}

// Accept accepts a connection and records when.
func (a *arrivals) Accept() (net.Conn, error) {
	conn, err := a.Listener.Accept()
	if err != nil {
		return nil, err
	}
	a.Arrived()
	if a.guards != nil {
		conn = a.guards.wrap(conn)
	}
	return conn, nil
}
