package zrpc

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zerodown/zerodown/core/metric"
	"github.com/zerodown/zerodown/internal/grpcend"
	"github.com/zerodown/zerodown/internal/quiet"
	"github.com/zeromicro/go-zero/core/logx"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// ShuttingDownMessage is the message of the codes.Unavailable status with
// which the server ends the streams still open at the stream drain deadline,
// and its health Watch streams at the start of the shutdown.
const ShuttingDownMessage = "zrpc: server is shutting down, reconnect elsewhere"

// ErrShuttingDown is the error that [ShuttingDownMessage] reads.
//
// Deprecated: the server no longer cancels a stream's context with it as the
// cause. It ends a stream still open at the stream drain deadline by writing
// its codes.Unavailable status through grpc-go, which cancels the stream's
// context with context.Canceled; [Draining] of that context was closed
// before. A client recognises such a stream's end with [IsShuttingDown].
var ErrShuttingDown = errors.New(ShuttingDownMessage)

// endShards is the number of groups in which a server's streams end: the
// groups end one after the other over a ramp before the stream drain
// deadline (see [streamDrainer.endBy]).
const endShards = 64

// shuttingDown is the status of a stream the server ends.
var shuttingDown = status.New(codes.Unavailable, ShuttingDownMessage)

type (
	drainingKey struct{}

	// A streamDrainer tells stream handlers that the server drains, and ends
	// the streams still open at the stream drain deadline. It keeps no
	// goroutine per stream: a handler runs on grpc-go's goroutine, and a
	// stream is ended by writing its status from the goroutine that ends
	// its shard (see [grpcend]).
	streamDrainer struct {
		draining <-chan struct{} // closed when the drain phase begins
		// shards hold the open streams; a stream joins one at random at its
		// start, and leaves it when its handler returns.
		shards   [endShards]endShard
		open     metric.InFlight // streams in the interceptor: their handler runs
		arrivals *quiet.Arrivals // records each stream's arrival, if not nil
		labels   methodLabels    // the handlers' profiler labels; labels.server is set by the server
		noEnd    sync.Once       // logs once that a stream cannot be ended early
	}

	// An endShard is one group of open streams, on a cache line of its own.
	endShard struct {
		mu      sync.Mutex                // guards following
		ended   bool                      // its streams were ended: a stream that joins now ends at once
		streams map[*drainStream]struct{} // made at first use
		_       [cacheLinePad]byte
	}

	// A drainStream is one stream in the interceptor, in one allocation: the
	// stream its handler sees, whose context ([streamCtx]) carries the
	// draining channel, and what ends it.
	drainStream struct {
		grpc.ServerStream
		draining <-chan struct{}
		end      grpcend.StatusWriter // nil if the stream cannot be ended early
		ended    atomic.Bool          // the server wrote its Unavailable status
		shard    uint8
	}

	// A streamCtx is the context of a drainStream: the stream's context,
	// with the draining channel as the value of drainingKey.
	streamCtx drainStream
)

// cacheLinePad pads an endShard (a mutex, a bool, a map) to 64 bytes.
const cacheLinePad = 64 - 24

// Draining returns a channel that is closed when the server running the
// stream handler of ctx begins to drain: a long-lived handler selects on it
// to end its stream cleanly (return nil or its own status) before the stream
// drain deadline. It returns nil, a channel that never closes, for a ctx that
// is not a stream context of a RpcServer.
func Draining(ctx context.Context) <-chan struct{} {
	ch, _ := ctx.Value(drainingKey{}).(<-chan struct{})
	return ch
}

func newStreamDrainer(draining <-chan struct{}) *streamDrainer {
	return &streamDrainer{draining: draining}
}

// intercept runs the handler inline and counts the stream as open until it
// returns. A stream still open when its shard is ended (by the stream drain
// deadline at the latest) gets codes.Unavailable at once, written from the
// goroutine that ends the shard: grpc-go then cancels its context, so that
// its blocked Send (flow control) and Recv fail and the handler returns. A
// stream that arrives in a shard already ended is refused with
// codes.Unavailable without running its handler: the client may retry it
// elsewhere.
func (d *streamDrainer) intercept(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo,
	handler grpc.StreamHandler) error {
	if d.arrivals != nil {
		d.arrivals.CallArrived()
	}
	open := d.open.Inc()
	defer d.open.Dec(open)
	s := &drainStream{ServerStream: ss, draining: d.draining}
	if end, ok := grpcend.From(ss.Context()); ok {
		s.end = end
		if !d.join(s) {
			return shuttingDown.Err()
		}
		defer d.leave(s)
	} else {
		d.noEnd.Do(func() {
			logx.Errorf("zrpc: %s: the stream's context has no status writer (%T): streams end at Drain.Timeout only",
				info.FullMethod, grpc.ServerTransportStreamFromContext(ss.Context()))
		})
	}
	// The force quit finds the goroutine of a handler still running by it.
	pprof.SetGoroutineLabels(d.labels.of(info.FullMethod))
	defer pprof.SetGoroutineLabels(context.Background())
	err := runHandler(srv, s, info, handler)
	if s.ended.Load() {
		return shuttingDown.Err()
	}
	return err
}

// join adds s to a shard at random; it returns false if that shard was
// ended, and then ends s.
func (d *streamDrainer) join(s *drainStream) bool {
	s.shard = uint8(rand.Uint32() % endShards)
	sh := &d.shards[s.shard]
	sh.mu.Lock()
	if sh.ended {
		sh.mu.Unlock()
		return false
	}
	if sh.streams == nil {
		sh.streams = make(map[*drainStream]struct{})
	}
	sh.streams[s] = struct{}{}
	sh.mu.Unlock()
	return true
}

// leave removes s from its shard.
func (d *streamDrainer) leave(s *drainStream) {
	sh := &d.shards[s.shard]
	sh.mu.Lock()
	delete(sh.streams, s)
	sh.mu.Unlock()
}

// end ends every stream still open.
func (d *streamDrainer) end() {
	for i := range d.shards {
		d.endShard(i)
	}
}

// endShard ends the streams of shard i, once: each gets codes.Unavailable,
// written outside the shard's lock.
func (d *streamDrainer) endShard(i int) {
	sh := &d.shards[i]
	sh.mu.Lock()
	if sh.ended {
		sh.mu.Unlock()
		return
	}
	sh.ended = true
	streams := make([]*drainStream, 0, len(sh.streams))
	for s := range sh.streams {
		streams = append(streams, s)
	}
	sh.mu.Unlock()
	for _, s := range streams {
		s.ended.Store(true)
		// An error means the stream had ended already: nothing to do.
		_ = s.end.WriteStatus(shuttingDown)
	}
}

// runHandler calls handler, turning a panic into codes.Internal, as go-zero's
// recover interceptor does, so that a panic never takes the process down.
func runHandler(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) (err error) {
	defer func() {
		if p := recover(); p != nil {
			logx.WithContext(ss.Context()).Errorf("zrpc: %s panic: %v\n%s", info.FullMethod, p, debug.Stack())
			err = status.Error(codes.Internal, fmt.Sprint(p))
		}
	}()
	return handler(srv, ss)
}

// Context returns the stream's context.
func (s *drainStream) Context() context.Context {
	return (*streamCtx)(s)
}

// Deadline returns the deadline of the stream's context.
func (c *streamCtx) Deadline() (time.Time, bool) { return c.ServerStream.Context().Deadline() }

// Done returns the done channel of the stream's context.
func (c *streamCtx) Done() <-chan struct{} { return c.ServerStream.Context().Done() }

// Err returns the error of the stream's context.
func (c *streamCtx) Err() error { return c.ServerStream.Context().Err() }

// Value returns the draining channel for drainingKey, and the value of the
// stream's context for any other key.
func (c *streamCtx) Value(key any) any {
	if _, ok := key.(drainingKey); ok {
		return c.draining
	}
	return c.ServerStream.Context().Value(key)
}
