package zrpc

import (
	"context"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/peer"
)

// StreamAwayInterceptor returns a stream client interceptor that lets the
// application learn, per stream, that the server that stream landed on is
// going away: [StreamGoingAway] of the stream's context is closed when that
// server reports NOT_SERVING on grpc.health.v1 (a RpcServer does at t0, the
// start of its shutdown), or when the watcher's own connection to that server
// leaves READY.
//
// It is exact behind a balancer over several servers (go-zero's p2c over
// etcd), where [GoingAway] of the whole conn is not: the server of a stream
// is read from the stream's peer address, and each such address is watched
// over one connection of its own, dialled with opts (insecure credentials
// when opts is empty), shared by every stream to that server and closed a
// little after its last stream ends. Addresses that went away are remembered
// for a while, so a stream that lands on a leaving server learns it at once.
//
// Use it with go-zero's client as
//
//	zrpc.MustNewClient(c, zrpc.WithStreamClientInterceptor(zerodownzrpc.StreamAwayInterceptor()))
//
// or with grpc.WithChainStreamInterceptor for any grpc.ClientConn.
func StreamAwayInterceptor(opts ...grpc.DialOption) grpc.StreamClientInterceptor {
	if len(opts) == 0 {
		opts = []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}
	}
	w := newAwayWatchers(opts)
	return func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string,
		streamer grpc.Streamer, callOpts ...grpc.CallOption) (grpc.ClientStream, error) {
		cs, err := streamer(ctx, desc, cc, method, callOpts...)
		if err != nil {
			return nil, err
		}
		p, ok := peer.FromContext(cs.Context())
		if !ok || p.Addr == nil {
			return cs, nil
		}
		addr := p.Addr.String()
		away, release := w.acquire(addr)
		context.AfterFunc(cs.Context(), release)
		return &awayStream{ClientStream: cs,
			ctx: context.WithValue(cs.Context(), awayKey{}, &streamAway{addr: addr, away: away})}, nil
	}
}

// StreamGoingAway returns a channel that is closed when the server of the
// stream whose context is ctx (a client stream's Context()) is going away,
// and the address of that server. It returns a nil channel (which never
// becomes ready) and "" for a stream not opened through
// [StreamAwayInterceptor].
func StreamGoingAway(ctx context.Context) (away <-chan struct{}, server string) {
	sa, ok := ctx.Value(awayKey{}).(*streamAway)
	if !ok {
		return nil, ""
	}
	return sa.away, sa.addr
}

type (
	awayKey struct{}

	// streamAway is what a stream's context carries.
	streamAway struct {
		addr string
		away <-chan struct{}
	}

	// awayStream is a client stream whose context carries its streamAway.
	awayStream struct {
		grpc.ClientStream
		ctx context.Context
	}
)

// Context returns the stream's context, which carries its going-away channel.
func (s *awayStream) Context() context.Context { return s.ctx }

// awayWatchers shares one watcher per server address among the streams.
type awayWatchers struct {
	opts []grpc.DialOption

	mu     sync.Mutex // guards following
	byAddr map[string]*awayWatcher
	left   map[string]time.Time // addresses that went away, and when
}

func newAwayWatchers(opts []grpc.DialOption) *awayWatchers {
	return &awayWatchers{opts: opts, byAddr: map[string]*awayWatcher{}, left: map[string]time.Time{}}
}

// acquire returns the going-away channel of addr and a func that releases
// the caller's reference; release is safe to call more than once.
func (w *awayWatchers) acquire(addr string) (<-chan struct{}, func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if at, ok := w.left[addr]; ok {
		if time.Since(at) < awayMemory {
			return closedAway, func() {}
		}
		delete(w.left, addr)
	}
	aw := w.byAddr[addr]
	if aw == nil {
		aw = startAwayWatcher(addr, w.opts, func() { w.remember(addr) })
		w.byAddr[addr] = aw
	}
	aw.refs++
	if aw.idle != nil {
		aw.idle.Stop()
	}
	return aw.away, sync.OnceFunc(func() { w.release(addr, aw) })
}

// release drops a reference to aw; the last one arms its linger timer.
func (w *awayWatchers) release(addr string, aw *awayWatcher) {
	w.mu.Lock()
	defer w.mu.Unlock()
	aw.refs--
	if aw.refs > 0 {
		return
	}
	aw.idle = time.AfterFunc(awayLinger, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		if aw.refs > 0 || w.byAddr[addr] != aw {
			return
		}
		delete(w.byAddr, addr)
		aw.stop()
	})
}

// remember records that addr went away.
func (w *awayWatchers) remember(addr string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.left[addr] = time.Now()
}
