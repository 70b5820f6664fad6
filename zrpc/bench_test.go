package zrpc

import (
	"context"
	"testing"

	"github.com/zerodown/zerodown/core/metric"
	"github.com/zerodown/zerodown/internal/quiet"
	"google.golang.org/grpc"
)

type benchStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (s benchStream) Context() context.Context { return s.ctx }

// BenchmarkStreamInterceptor is the cost the server adds to each stream,
// against calling the handler directly. The interceptor runs the handler
// inline and makes 1 allocation (the drainStream, which is also its
// context); it was 6 allocations and a goroutine per stream before issue 21
// (a cancel context and its func, the drainStream, its result channel, its
// goroutine).
func BenchmarkStreamInterceptor(b *testing.B) {
	ctx := grpc.NewContextWithServerTransportStream(context.Background(), fakeTransportStream{})
	ss := &benchStream{ctx: ctx}
	info := &grpc.StreamServerInfo{FullMethod: "/grpc.testing.TestService/StreamingOutputCall"}
	handler := func(any, grpc.ServerStream) error { return nil }

	b.Run("none", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = handler(nil, ss)
		}
	})
	b.Run("drain", func(b *testing.B) {
		d := newStreamDrainer(make(chan struct{}))
		b.ReportAllocs()
		for b.Loop() {
			_ = d.intercept(nil, ss, info, handler)
		}
	})
}

// BenchmarkUnaryInterceptor is the cost the in-flight count adds to each
// unary call, against calling the handler directly.
func BenchmarkUnaryInterceptor(b *testing.B) {
	ctx := context.Background()
	info := &grpc.UnaryServerInfo{FullMethod: "/grpc.testing.TestService/UnaryCall"}
	handler := func(context.Context, any) (any, error) { return nil, nil }

	b.Run("none", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = handler(ctx, nil)
		}
	})
	b.Run("count", func(b *testing.B) {
		var n metric.InFlight
		intercept := countUnary(&n, new(quiet.Arrivals), "zrpc test")
		b.ReportAllocs()
		for b.Loop() {
			_, _ = intercept(ctx, nil, info, handler)
		}
	})
}

// BenchmarkUnaryInterceptorParallel is BenchmarkUnaryInterceptor with every
// CPU calling: run it with -cpu 1,2,4. The count's shards keep the added
// cost flat as CPUs are added; one shared atomic counter would bounce its
// cache line between the cores.
func BenchmarkUnaryInterceptorParallel(b *testing.B) {
	ctx := context.Background()
	info := &grpc.UnaryServerInfo{FullMethod: "/grpc.testing.TestService/UnaryCall"}
	handler := func(context.Context, any) (any, error) { return nil, nil }

	b.Run("none", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				_, _ = handler(ctx, nil)
			}
		})
	})
	b.Run("count", func(b *testing.B) {
		var n metric.InFlight
		intercept := countUnary(&n, new(quiet.Arrivals), "zrpc test")
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				_, _ = intercept(ctx, nil, info, handler)
			}
		})
	})
}
