package main

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/zerodown/zerodown/example/service/store"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// SleepKey is the gRPC metadata key that carries a UnaryCall's work time, as
// a time.Duration string ("20ms").
const SleepKey = "x-sleep"

// defaultInterval is the time between two messages of a stream whose request
// gives no interval.
const defaultInterval = 100 * time.Millisecond

// testService is the zrpc service: grpc_testing's TestService, so the drill
// needs no generated code of ours.
type testService struct {
	testpb.UnimplementedTestServiceServer
	logic *logic
}

// register registers the service on a go-zero (or zerodown) rpc server.
func (s *testService) register(gs *grpc.Server) {
	testpb.RegisterTestServiceServer(gs, s)
}

// EmptyCall returns at once.
func (s *testService) EmptyCall(context.Context, *testpb.Empty) (*testpb.Empty, error) {
	return new(testpb.Empty), nil
}

// UnaryCall works for the time in the x-sleep metadata, then appends the
// request's payload body, if any, to the store. It answers with the server's
// name as ServerId.
func (s *testService) UnaryCall(ctx context.Context, req *testpb.SimpleRequest) (*testpb.SimpleResponse, error) {
	var sleep time.Duration
	if md, ok := metadata.FromIncomingContext(ctx); ok && len(md.Get(SleepKey)) > 0 {
		d, err := time.ParseDuration(md.Get(SleepKey)[0])
		if err != nil {
			return nil, status.Errorf(codes.InvalidArgument, "bad %s: %v", SleepKey, err)
		}
		sleep = d
	}
	id := string(req.GetPayload().GetBody())
	if err := s.logic.write(ctx, id, sleep); err != nil {
		return nil, rpcError(err)
	}
	return &testpb.SimpleResponse{ServerId: s.logic.name}, nil
}

// StreamingOutputCall sends one message per interval (the first
// ResponseParameters' IntervalUs, 100ms if unset) until the client goes away:
// an endless stream, as a subscription is. Each message's body is
// "<server>/<n>", n counting from the number in the request's payload.
func (s *testService) StreamingOutputCall(req *testpb.StreamingOutputCallRequest,
	stream grpc.ServerStreamingServer[testpb.StreamingOutputCallResponse]) error {
	interval := defaultInterval
	if ps := req.GetResponseParameters(); len(ps) > 0 && ps[0].GetIntervalUs() > 0 {
		interval = time.Duration(ps[0].GetIntervalUs()) * time.Microsecond
	}
	// Messages are numbered from the request's payload (0 if unset), so a
	// client that re-opens the stream resumes after the last one it got.
	seq, _ := strconv.Atoi(string(req.GetPayload().GetBody()))
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for ; ; seq++ {
		body := []byte(s.logic.name + "/" + strconv.Itoa(seq))
		msg := &testpb.StreamingOutputCallResponse{Payload: &testpb.Payload{Body: body}}
		if err := stream.Send(msg); err != nil {
			return err
		}
		select {
		case <-ticker.C:
		case <-stream.Context().Done():
			return status.FromContextError(stream.Context().Err()).Err()
		}
	}
}

// rpcError maps a logic error to a gRPC status.
func rpcError(err error) error {
	switch {
	case errors.Is(err, store.ErrClosed):
		return status.Error(codes.Internal, err.Error())
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return status.FromContextError(err).Err()
	default:
		return status.Error(codes.Unknown, err.Error())
	}
}
