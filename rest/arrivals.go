package rest

import (
	"net"
	"sync"

	"github.com/zerodown/zerodown/internal/quiet"
)

// arrivals is a net.Listener that remembers when it last accepted a
// connection, so that the drain can tell whether a load balancer still sends
// new connections to the Server: the quiet-period rule of package quiet,
// which zrpc shares. Its socket can be closed before the server shuts down
// (see [arrivals.closeSocket]).
type arrivals struct {
	net.Listener
	quiet.Arrivals
	guards *guards // guards the accepted connections, if not nil

	socketOnce sync.Once
	socketGone chan struct{} // closed once the socket is closed: Accept waits for Close
	closeOnce  sync.Once
	closed     chan struct{} // closed by Close
}

func newArrivals(ln net.Listener) *arrivals {
	return &arrivals{Listener: ln, socketGone: make(chan struct{}), closed: make(chan struct{})}
}

// Accept accepts a connection and records when. Once the socket has been
// closed by closeSocket, it waits for Close: net/http's Serve must see its
// listener fail only once its Shutdown has begun.
func (a *arrivals) Accept() (net.Conn, error) {
	conn, err := a.Listener.Accept()
	if err != nil {
		select {
		case <-a.socketGone:
			<-a.closed
			return nil, net.ErrClosed
		default:
		}
		return nil, err
	}
	a.Arrived()
	if a.guards != nil {
		conn = a.guards.wrap(conn)
	}
	return conn, nil
}

// closeSocket closes the listening socket while the server still serves:
// no connection arrives any more, and those accepted can still send their
// first request, which net/http would drop if it read it after its Shutdown
// began.
func (a *arrivals) closeSocket() error {
	var err error
	a.socketOnce.Do(func() {
		close(a.socketGone)
		err = a.Listener.Close()
	})
	return err
}

// Close closes the socket, if closeSocket has not, and ends Accept.
func (a *arrivals) Close() error {
	err := a.closeSocket()
	a.closeOnce.Do(func() { close(a.closed) })
	return err
}
