package zrpc

import (
	"context"
	"time"

	"google.golang.org/grpc"
)

// awayLinger is how long a watcher outlives the last stream to its server,
// so that a stream re-opened at once reuses it; a var for tests.
var awayLinger = 2 * time.Second

const (
	// awayMemory is how long an address that went away stays known as
	// leaving: at most a WaitTime, after which a server on that address is
	// a new one (an in-place upgrade's successor, say).
	awayMemory = 10 * time.Second
)

// closedAway is the going-away channel of a server already known to leave.
var closedAway = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// awayWatcher watches one server address over a connection of its own.
type awayWatcher struct {
	away <-chan struct{}
	stop func()

	refs int         // streams using it; guarded by awayWatchers.mu
	idle *time.Timer // armed when refs drops to 0; guarded by awayWatchers.mu
}

// startAwayWatcher dials addr and watches it with [GoingAway]; onAway runs
// once when the server goes away. A dial error leaves a watcher whose
// channel never closes: the stream itself still sees its server's end.
func startAwayWatcher(addr string, opts []grpc.DialOption, onAway func()) *awayWatcher {
	conn, err := grpc.NewClient("passthrough:///"+addr, opts...)
	if err != nil {
		return &awayWatcher{away: make(chan struct{}), stop: func() {}}
	}
	ctx, cancel := context.WithCancel(context.Background())
	away := GoingAway(ctx, conn)
	context.AfterFunc(ctx, func() { _ = conn.Close() })
	go func() {
		select {
		case <-away:
			onAway()
		case <-ctx.Done():
		}
	}()
	conn.Connect()
	return &awayWatcher{away: away, stop: cancel}
}
