package zrpc

import (
	"bytes"
	"context"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"google.golang.org/grpc"
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
