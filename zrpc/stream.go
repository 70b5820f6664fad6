package zrpc

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zerodown/zerodown/core/metric"
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

// ErrShuttingDown is the cause of the cancellation of a stream's context at
// the stream drain deadline; see [context.Cause].
var ErrShuttingDown = errors.New(ShuttingDownMessage)

// endShards is the number of groups in which a server's streams end: the
// groups end one after the other over a ramp before the stream drain
// deadline (see [streamDrainer.endBy]).
const endShards = 64

type (
	drainingKey struct{}

	// A streamDrainer tells stream handlers that the server drains, and ends
	// the streams still open at the stream drain deadline.
	streamDrainer struct {
		draining <-chan struct{} // closed when the drain phase begins
		// shards are closed, each once, to end the streams in them; a
		// stream joins one at its start, round robin.
		shards   [endShards]chan struct{}
		closed   [endShards]sync.Once
		next     atomic.Uint32
		handlers sync.WaitGroup  // handler goroutines, which may outlive their stream
		open     metric.InFlight // streams in the interceptor: open for their client
		arrivals *quiet.Arrivals // records each stream's arrival, if not nil
		labels   methodLabels    // the handlers' profiler labels; labels.server is set by the server
	}

	// A drainStream is one stream in the interceptor, in one allocation: the
	// stream its handler sees, whose context ([streamCtx]) carries the
	// draining channel and is cancelled when the stream is ended, and what
	// the handler's goroutine needs.
	drainStream struct {
		grpc.ServerStream
		ctx      context.Context // cancelled with ErrShuttingDown when the stream is ended
		draining <-chan struct{}
		res      chan error // the handler's result
		srv      any
		info     *grpc.StreamServerInfo
		handler  grpc.StreamHandler
		labels   context.Context // the profiler label of the handler's goroutine
	}

	// A streamCtx is the context of a drainStream: its ctx, with the
	// draining channel as the value of drainingKey.
	streamCtx drainStream
)

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
	d := &streamDrainer{draining: draining}
	for i := range d.shards {
		d.shards[i] = make(chan struct{})
	}
	return d
}

// intercept runs the handler on its own goroutine, so that a stream still
// open when it is ended (at the stream drain deadline at the latest) can end
// with codes.Unavailable even if its handler is blocked: its context is
// cancelled then, with the cause [ErrShuttingDown], and its blocked Send and
// Recv fail once grpc-go has written the status. It counts the stream as
// open until it returns.
func (d *streamDrainer) intercept(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo,
	handler grpc.StreamHandler) error {
	if d.arrivals != nil {
		d.arrivals.CallArrived()
	}
	d.open.Inc()
	defer d.open.Dec()
	ctx, cancel := context.WithCancelCause(ss.Context())
	defer cancel(nil)
	s := &drainStream{ServerStream: ss, ctx: ctx, draining: d.draining, res: make(chan error, 1),
		srv: srv, info: info, handler: handler, labels: d.labels.of(info.FullMethod)}
	ending := d.shards[d.next.Add(1)%endShards]
	d.handlers.Add(1)
	go s.run(&d.handlers)

	select {
	case err := <-s.res:
		return err
	case <-ending:
	}
	select {
	case err := <-s.res: // the handler returned too: its result wins
		return err
	default:
		cancel(ErrShuttingDown)
		return status.Error(codes.Unavailable, ShuttingDownMessage)
	}
}

// run runs the stream's handler and sends its result.
func (s *drainStream) run(handlers *sync.WaitGroup) {
	defer handlers.Done()
	// The force quit finds the goroutine of a handler still running by it.
	pprof.SetGoroutineLabels(s.labels)
	s.res <- runHandler(s.srv, s, s.info, s.handler)
}

// end ends every stream still open.
func (d *streamDrainer) end() {
	for i := range d.shards {
		d.endShard(i)
	}
}

func (d *streamDrainer) endShard(i int) {
	d.closed[i].Do(func() { close(d.shards[i]) })
}

// runHandler calls handler, turning a panic into codes.Internal, as go-zero's
// recover interceptor does on the goroutine it runs on.
func runHandler(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) (err error) {
	defer func() {
		if p := recover(); p != nil {
			logx.WithContext(ss.Context()).Errorf("zrpc: %s panic: %v\n%s", info.FullMethod, p, debug.Stack())
			err = status.Error(codes.Internal, fmt.Sprint(p))
		}
	}()
	return handler(srv, ss)
}

// wait waits until every handler goroutine has returned, or ctx ends.
func (d *streamDrainer) wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		d.handlers.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("zrpc: stream handlers still running: %w", ctx.Err())
	}
}

// Context returns the stream's context.
func (s *drainStream) Context() context.Context {
	return (*streamCtx)(s)
}

// Deadline returns the deadline of the stream's context.
func (c *streamCtx) Deadline() (time.Time, bool) { return c.ctx.Deadline() }

// Done returns the done channel of the stream's context.
func (c *streamCtx) Done() <-chan struct{} { return c.ctx.Done() }

// Err returns the error of the stream's context.
func (c *streamCtx) Err() error { return c.ctx.Err() }

// Value returns the draining channel for drainingKey, and the value of the
// stream's context for any other key.
func (c *streamCtx) Value(key any) any {
	if _, ok := key.(drainingKey); ok {
		return c.draining
	}
	return c.ctx.Value(key)
}
