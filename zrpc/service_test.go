package zrpc

import (
	"context"
	"sync/atomic"

	"google.golang.org/grpc"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
)

// Modes of testService.StreamingOutputCall, in the request payload.
const (
	streamUntilCancelled = "ctx"      // wait for the stream's context
	streamUntilDraining  = "draining" // end cleanly when the server drains
	streamFlood          = "flood"    // send until Send fails: blocked by flow control
)

// testService is a grpc.testing.TestService whose UnaryCall with
// ResponseSize 1 blocks until release is closed.
type testService struct {
	testgrpc.UnimplementedTestServiceServer
	entered  chan struct{} // receives once per blocking call that has begun
	release  chan struct{}
	streams  chan struct{} // receives once per stream that has sent its first message
	returned atomic.Int32  // blocking calls that have returned
}

func newTestService() *testService {
	return &testService{
		entered: make(chan struct{}, 64),
		release: make(chan struct{}),
		streams: make(chan struct{}, 64),
	}
}

func (s *testService) UnaryCall(ctx context.Context, req *testgrpc.SimpleRequest) (*testgrpc.SimpleResponse, error) {
	if req.GetResponseSize() == 1 {
		s.entered <- struct{}{}
		<-s.release
		s.returned.Add(1)
	}
	return &testgrpc.SimpleResponse{Username: "ok"}, nil
}

func (s *testService) StreamingOutputCall(req *testgrpc.StreamingOutputCallRequest,
	stream grpc.ServerStreamingServer[testgrpc.StreamingOutputCallResponse]) error {
	if err := stream.Send(&testgrpc.StreamingOutputCallResponse{}); err != nil {
		return err
	}
	s.streams <- struct{}{}
	switch string(req.GetPayload().GetBody()) {
	case streamUntilDraining:
		<-Draining(stream.Context())
		return nil
	case streamFlood:
		big := &testgrpc.StreamingOutputCallResponse{Payload: &testgrpc.Payload{Body: make([]byte, 32<<10)}}
		for {
			if err := stream.Send(big); err != nil {
				return err
			}
		}
	default:
		<-stream.Context().Done()
		return stream.Context().Err()
	}
}
