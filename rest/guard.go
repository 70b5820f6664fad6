package rest

import (
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// A guardedConn is a connection whose close by the server's idle-connection
// sweep cannot lose a request. net/http's Shutdown closes the connections
// it sees idle, but it marks a connection active only after it has read a
// whole request: a request read in between is executed while its connection
// is closed, and the client gets EOF for a request that ran. A guardedConn
// refuses such a close until the request is answered (the response carries
// Connection: close, since the server is shutting down), and drops the bytes
// that arrive once it has been closed idle, so that a request is either
// answered or never executed.
//
// The guard sits under TLS; a TLS connection's close sends its close_notify
// before it reaches the guard, so only plain HTTP/1.1 connections are
// guarded. HTTP/2 connections are never idle to net/http: they end with
// GOAWAY.
type guardedConn struct {
	net.Conn
	guards *guards

	mu       sync.Mutex // guards following
	idle     bool       // the server waits for a request of which no byte has come
	waiting  bool       // the server's last ConnState was StateNew or StateIdle
	closed   bool
	deferred bool // a close was refused: the server is reading a request
	fresh    bool // the server has not left StateNew: no request read yet
}

// guards tracks the closes that guardedConns refused, so that the drain can
// wait for their responses.
type guards struct {
	mu       sync.Mutex
	deferred map[*guardedConn]struct{}
	none     chan struct{} // closed, and replaced, when deferred becomes empty
	fresh    atomic.Int64  // connections that have not left StateNew
}

func newGuards() *guards {
	return &guards{deferred: map[*guardedConn]struct{}{}, none: make(chan struct{})}
}

// wrap guards conn.
func (g *guards) wrap(conn net.Conn) net.Conn {
	g.fresh.Add(1)
	return &guardedConn{Conn: conn, guards: g, idle: true, waiting: true, fresh: true}
}

// connState follows the server's view of c, for http.Server.ConnState.
func (g *guards) connState(c net.Conn, state http.ConnState) {
	gc, ok := c.(*guardedConn)
	if !ok {
		return // a TLS connection: not guarded
	}
	gc.mu.Lock()
	defer gc.mu.Unlock()
	if gc.fresh && state != http.StateNew {
		gc.fresh = false
		g.fresh.Add(-1)
	}
	switch state {
	case http.StateNew, http.StateIdle:
		gc.waiting, gc.idle = true, true
	default:
		gc.waiting = false
	}
}

// Read reads from the connection; bytes that arrive after a close are
// dropped, so that the request they belong to never runs.
func (c *guardedConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.closed {
			return 0, net.ErrClosed
		}
		c.idle = false
	}
	return n, err
}

// Close closes the connection, unless the server sees it idle while it
// reads a request: then the close is refused, and the connection closes
// after its response.
func (c *guardedConn) Close() error {
	c.mu.Lock()
	if c.waiting && !c.idle && !c.closed {
		c.deferred = true
		c.mu.Unlock()
		c.guards.add(c)
		return nil
	}
	wasDeferred := c.deferred
	c.closed = true
	c.mu.Unlock()
	err := c.Conn.Close()
	if wasDeferred {
		c.guards.remove(c)
	}
	return err
}

// ReadFrom lets net/http send a file with sendfile, as it does on a bare
// TCP connection.
func (c *guardedConn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c.Conn}, r)
}

// CloseWrite half-closes a TCP connection, as net/http does before closing
// one after a response, so that the client reads the whole response.
func (c *guardedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

func (g *guards) add(c *guardedConn) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.deferred[c] = struct{}{}
}

func (g *guards) remove(c *guardedConn) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.deferred, c)
	if len(g.deferred) == 0 {
		close(g.none)
		g.none = make(chan struct{})
	}
}

// pending returns the number of refused closes whose connection is still
// open, and a channel closed when there are none.
func (g *guards) pending() (int, <-chan struct{}) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.deferred) == 0 {
		done := make(chan struct{})
		close(done)
		return 0, done
	}
	return len(g.deferred), g.none
}

// closeAll closes the connections whose close was refused, at the drain's
// deadline.
func (g *guards) closeAll() {
	g.mu.Lock()
	conns := make([]*guardedConn, 0, len(g.deferred))
	for c := range g.deferred {
		conns = append(conns, c)
	}
	g.mu.Unlock()
	for _, c := range conns {
		c.mu.Lock()
		c.waiting = false
		c.mu.Unlock()
		_ = c.Close()
	}
}

// awaitFirstRequests returns once every connection has left StateNew (its
// first request read, or closed), or when ctx ends; it returns how many had
// not. net/http drops, unanswered, a request it finishes reading after its
// Shutdown began: the drain closes the socket and waits here first.
func (g *guards) awaitFirstRequests(ctx context.Context) int64 {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		n := g.fresh.Load()
		if n <= 0 {
			return 0
		}
		select {
		case <-t.C:
		case <-ctx.Done():
			return n
		}
	}
}
