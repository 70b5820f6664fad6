package zrpc

import (
	"context"
	"sync"

	"google.golang.org/grpc/stats"
)

// conns counts a server's client connections, as a grpc stats.Handler, and
// tells when the propagation delay may end early: once the server is gone
// from etcd (arm) and no client is connected any more, no client can send it
// a new call. It is added only to servers registered in etcd: a server
// behind a load balancer cannot know that the balancer has let go.
type conns struct {
	safe chan struct{} // closed once armed with no connection open

	mu    sync.Mutex // guards following
	open  int
	armed bool
	done  bool
}

var _ stats.Handler = (*conns)(nil)

func newConns() *conns {
	return &conns{safe: make(chan struct{})}
}

// arm says that the server is gone from its registry: safe closes as soon as
// no connection is open.
func (c *conns) arm() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.armed = true
	c.closeIfSafeLocked()
}

// HandleConn counts the connections that begin and end.
func (c *conns) HandleConn(_ context.Context, s stats.ConnStats) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch s.(type) {
	case *stats.ConnBegin:
		c.open++
	case *stats.ConnEnd:
		c.open--
		c.closeIfSafeLocked()
	}
}

// closeIfSafeLocked closes safe, once, if armed with no connection open.
// c.mu must be held.
func (c *conns) closeIfSafeLocked() {
	if c.armed && c.open == 0 && !c.done {
		c.done = true
		close(c.safe)
	}
}

// TagConn implements stats.Handler.
func (c *conns) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context { return ctx }

// TagRPC implements stats.Handler.
func (c *conns) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context { return ctx }

// HandleRPC implements stats.Handler; calls are not counted here.
func (c *conns) HandleRPC(context.Context, stats.RPCStats) {}
