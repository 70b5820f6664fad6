package zrpc

import (
	"context"
	"errors"
	"io"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

type (
	// A StreamMove tells why [KeepStream] re-opened its stream.
	StreamMove struct {
		// From is the address of the server the stream left ("" if unknown).
		From string
		// Cause is nil when the server said it was going away before it
		// ended the stream; otherwise the error that ended the stream.
		Cause error
	}

	// A KeepStreamOption configures [KeepStream].
	KeepStreamOption func(*keepStreamOptions)

	keepStreamOptions struct {
		onMove   func(StreamMove)
		attempts int
	}
)

// WithOnMove calls fn each time [KeepStream] re-opens its stream.
func WithOnMove(fn func(StreamMove)) KeepStreamOption {
	return func(o *keepStreamOptions) { o.onMove = fn }
}

// WithLandingAttempts sets how many times in a row (8 by default) KeepStream
// re-opens a stream that landed on a server already known to be leaving
// before it keeps it anyway.
func WithLandingAttempts(n int) KeepStreamOption {
	return func(o *keepStreamOptions) { o.attempts = max(n, 1) }
}

// KeepStream keeps a server-streaming call open across server restarts: it
// calls open, hands every message to handle, and re-opens the stream
//
//   - as soon as the stream's server says it is going away (the stream must
//     come from a conn with [StreamAwayInterceptor]), before that server
//     ends the stream: the old stream is cancelled, a new one opened;
//   - when the stream ends with codes.Unavailable (a server's hard stop, a
//     broken connection).
//
// A new stream that lands on a server already known to be leaving is
// cancelled and opened again, after a short backoff, up to the landing
// attempts (see [WithLandingAttempts]). Messages the old server sent after
// the move are not handed over: open must resume the stream from the last
// message handle accepted (a sequence number or offset in the request).
//
// KeepStream returns nil when a stream ends with io.EOF, handle's error if
// it returns one, ctx.Err() when ctx ends, and otherwise the error of open
// or of the stream. It blocks until then.
func KeepStream[T any](ctx context.Context,
	open func(ctx context.Context) (grpc.ServerStreamingClient[T], error),
	handle func(*T) error, opts ...KeepStreamOption) error {
	o := keepStreamOptions{attempts: 8}
	for _, opt := range opts {
		opt(&o)
	}
	for {
		move, err := keepOne(ctx, open, handle, o.attempts)
		if err != nil || ctx.Err() != nil {
			return errors.Join(err, ctx.Err())
		}
		if move == nil {
			return nil
		}
		if o.onMove != nil {
			o.onMove(*move)
		}
	}
}

// keepOne runs one stream to its end; it returns the move when the stream
// should be re-opened, nil and nil at io.EOF.
func keepOne[T any](ctx context.Context, open func(ctx context.Context) (grpc.ServerStreamingClient[T], error),
	handle func(*T) error, attempts int) (*StreamMove, error) {
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, stop, err := openLanding(sctx, open, attempts)
	if err != nil {
		return nil, err
	}
	defer stop()
	away, addr := StreamGoingAway(stream.Context())
	moved := make(chan struct{})
	go func() {
		select {
		case <-away:
			close(moved)
			cancel()
		case <-sctx.Done():
		}
	}()
	for {
		msg, err := stream.Recv()
		select {
		case <-moved:
			return &StreamMove{From: addr}, nil
		default:
		}
		switch {
		case err == nil:
			if err := handle(msg); err != nil {
				return nil, err
			}
		case errors.Is(err, io.EOF):
			return nil, nil
		case status.Code(err) == codes.Unavailable:
			return &StreamMove{From: addr, Cause: err}, nil
		default:
			return nil, err
		}
	}
}

// openLanding opens a stream, again while it lands on a server known to be
// leaving, at most attempts times; stop cancels the stream it returns.
func openLanding[T any](ctx context.Context, open func(ctx context.Context) (grpc.ServerStreamingClient[T], error),
	attempts int) (stream grpc.ServerStreamingClient[T], stop func(), err error) {
	backoff := 10 * time.Millisecond
	for i := 1; ; i++ {
		sctx, cancel := context.WithCancel(ctx)
		stream, err := open(sctx)
		if err != nil {
			cancel()
			return nil, nil, err
		}
		away, _ := StreamGoingAway(stream.Context())
		select {
		case <-away:
		default:
			return stream, cancel, nil
		}
		if i >= attempts {
			return stream, cancel, nil
		}
		cancel()
		t := time.NewTimer(backoff)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, nil, ctx.Err()
		}
		backoff = min(2*backoff, 200*time.Millisecond)
	}
}
