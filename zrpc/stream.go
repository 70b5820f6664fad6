package zrpc

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"

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

type (
	drainingKey struct{}

	// A streamDrainer tells stream handlers that the server drains, and ends
	// the streams still open at the stream drain deadline.
	streamDrainer struct {
		draining <-chan struct{} // closed when the drain phase begins
		ending   chan struct{}   // closed at the stream drain deadline
		end      func()          // closes ending, once
		handlers sync.WaitGroup  // handler goroutines, which may outlive their stream
		open     metric.InFlight // streams in the interceptor: open for their client
		arrivals *quiet.Arrivals // records each stream's arrival, if not nil
	}

	// drainStream is a stream whose context carries the draining channel and
	// is cancelled at the stream drain deadline.
	drainStream struct {
		grpc.ServerStream
		ctx context.Context
	}
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
	d := &streamDrainer{draining: draining, ending: make(chan struct{})}
	d.end = sync.OnceFunc(func() { close(d.ending) })
	return d
}

// intercept runs the handler on its own goroutine, so that a stream still
// open at the stream drain deadline can end with codes.Unavailable even if
// its handler is blocked: its context is cancelled then, with the cause
// [ErrShuttingDown], and its blocked Send and Recv fail once grpc-go has
// written the status. It counts the stream as open until it returns.
func (d *streamDrainer) intercept(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo,
	handler grpc.StreamHandler) error {
	if d.arrivals != nil {
		d.arrivals.CallArrived()
	}
	d.open.Inc()
	defer d.open.Dec()
	ctx, cancel := context.WithCancelCause(context.WithValue(ss.Context(), drainingKey{}, d.draining))
	defer cancel(nil)
	res := make(chan error, 1)
	d.handlers.Add(1)
	go func() {
		defer d.handlers.Done()
		res <- runHandler(srv, &drainStream{ServerStream: ss, ctx: ctx}, info, handler)
	}()

	select {
	case err := <-res:
		return err
	case <-d.ending:
	}
	select {
	case err := <-res: // the handler returned too: its result wins
		return err
	default:
		cancel(ErrShuttingDown)
		return status.Error(codes.Unavailable, ShuttingDownMessage)
	}
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
	return s.ctx
}
