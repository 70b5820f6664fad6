package zrpc

import (
	"bytes"
	"context"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// fakeTransportStream stands in for grpc-go's transport stream in a
// handler's context: it can write a status, as grpc-go's can.
type fakeTransportStream struct{}

func (fakeTransportStream) Method() string                   { return "/grpc.testing.TestService/StreamingOutputCall" }
func (fakeTransportStream) SetHeader(metadata.MD) error      { return nil }
func (fakeTransportStream) SendHeader(metadata.MD) error     { return nil }
func (fakeTransportStream) SetTrailer(metadata.MD) error     { return nil }
func (fakeTransportStream) WriteStatus(*status.Status) error { return nil }

// goroutineID returns the id of the calling goroutine, from its stack header.
func goroutineID() string {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	id, _, _ := bytes.Cut(bytes.TrimPrefix(buf, []byte("goroutine ")), []byte(" "))
	return string(id)
}

func TestStreamInterceptor_InlineWithOneAllocation(t *testing.T) {
	ctx := grpc.NewContextWithServerTransportStream(context.Background(), fakeTransportStream{})
	ss := &benchStream{ctx: ctx}
	info := &grpc.StreamServerInfo{FullMethod: "/grpc.testing.TestService/StreamingOutputCall"}
	d := newStreamDrainer(make(chan struct{}))

	caller := goroutineID()
	var handlerOn string
	_ = d.intercept(nil, ss, info, func(any, grpc.ServerStream) error {
		handlerOn = goroutineID()
		return nil
	})
	assert.Equal(t, caller, handlerOn, "the handler runs on the goroutine of the interceptor, grpc-go's")

	allocs := testing.AllocsPerRun(1000, func() {
		_ = d.intercept(nil, ss, info, func(any, grpc.ServerStream) error { return nil })
	})
	assert.LessOrEqual(t, allocs, 2.0, "allocations per stream")
}

// endingTransportStream is a transport stream whose WriteStatus records the
// status and closes written, as grpc-go's cancels the stream's context.
type endingTransportStream struct {
	fakeTransportStream
	written chan *status.Status // size 1
}

func (s endingTransportStream) WriteStatus(st *status.Status) error {
	s.written <- st
	return nil
}

func TestStreamDrainer_EndWritesUnavailableWhileTheHandlerRuns(t *testing.T) {
	ts := endingTransportStream{written: make(chan *status.Status, 1)}
	ss := &benchStream{ctx: grpc.NewContextWithServerTransportStream(context.Background(), ts)}
	info := &grpc.StreamServerInfo{FullMethod: "/grpc.testing.TestService/StreamingOutputCall"}
	d := newStreamDrainer(make(chan struct{}))
	entered := make(chan struct{})
	result := make(chan error, 1)
	go func() {
		result <- d.intercept(nil, ss, info, func(any, grpc.ServerStream) error {
			close(entered)
			st := <-ts.written // grpc-go would cancel the context: a blocked Send returns
			return st.Err()
		})
	}()
	<-entered
	assert.Equal(t, int64(1), d.open.Load(), "the stream is open while its handler runs")
	d.end()
	err := <-result
	assert.Equal(t, codes.Unavailable, status.Code(err), "the interceptor's result: %v", err)
	assert.Equal(t, ShuttingDownMessage, status.Convert(err).Message())
	assert.Equal(t, int64(0), d.open.Load())

	var ran bool
	err = d.intercept(nil, ss, info, func(any, grpc.ServerStream) error {
		ran = true
		return nil
	})
	assert.False(t, ran, "a stream that arrives once the streams were ended does not run its handler")
	assert.Equal(t, codes.Unavailable, status.Code(err), "it is refused with %v", err)
}
