package grpcend

// The contract with grpc-go: each test checks one behaviour of the grpc-go
// version in go.mod that zerodown relies on, and says what to fix if it
// changed.

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/status"
)

const upgrade = "grpc-go changed: internal/grpcend must be updated for the grpc-go version in go.mod"

// watchdog bounds every wait; it is never a synchronisation.
const watchdog = 10 * time.Second

// blockedService's stream handler hands its StatusWriter over, then blocks
// in mode: in Send on flow control (the client does not read), in Recv, or
// on its context alone. It reports how it returned on returned.
type blockedService struct {
	testgrpc.UnimplementedTestServiceServer
	writers  chan StatusWriter
	returned chan error
}

func (s *blockedService) FullDuplexCall(stream grpc.BidiStreamingServer[testgrpc.StreamingOutputCallRequest,
	testgrpc.StreamingOutputCallResponse]) error {
	w, ok := From(stream.Context())
	if !ok {
		s.writers <- nil
		return status.Error(codes.Internal, "no status writer")
	}
	req, err := stream.Recv()
	if err != nil {
		return err
	}
	s.writers <- w
	var blocked error
	switch string(req.GetPayload().GetBody()) {
	case "send":
		big := &testgrpc.StreamingOutputCallResponse{Payload: &testgrpc.Payload{Body: make([]byte, 32<<10)}}
		for blocked == nil {
			blocked = stream.Send(big)
		}
	case "recv":
		_, blocked = stream.Recv()
	default:
		<-stream.Context().Done()
		blocked = stream.Context().Err()
	}
	s.returned <- blocked
	return status.Error(codes.Internal, "the handler's own status, written too late")
}

func TestContract_WriteStatusEndsABlockedStream(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	gs := grpc.NewServer()
	svc := &blockedService{writers: make(chan StatusWriter, 1), returned: make(chan error, 1)}
	testgrpc.RegisterTestServiceServer(gs, svc)
	served := make(chan error, 1)
	go func() { served <- gs.Serve(ln) }()
	defer func() {
		gs.Stop()
		<-served
	}()
	conn, err := grpc.NewClient("passthrough:///"+ln.Addr().String(),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), watchdog)
	defer cancel()

	for _, mode := range []string{"send", "recv", "context"} {
		t.Run(mode, func(t *testing.T) {
			stream, err := testgrpc.NewTestServiceClient(conn).FullDuplexCall(ctx)
			require.NoError(t, err)
			require.NoError(t, stream.Send(&testgrpc.StreamingOutputCallRequest{Payload: &testgrpc.Payload{Body: []byte(mode)}}))
			var w StatusWriter
			select {
			case w = <-svc.writers:
			case <-ctx.Done():
				t.Fatal("the handler did not start")
			}
			require.NotNil(t, w, upgrade+": grpc.ServerTransportStreamFromContext of a stream handler has no WriteStatus")

			require.NoError(t, w.WriteStatus(status.New(codes.Unavailable, "bye")))
			select {
			case blocked := <-svc.returned:
				assert.Error(t, blocked, "the handler's blocked call returned")
			case <-ctx.Done():
				t.Fatal(upgrade + ": WriteStatus from another goroutine did not end the handler's blocked " + mode)
			}
			for err == nil {
				_, err = stream.Recv() // the send mode has messages in flight
			}
			st := status.Convert(err)
			assert.Equal(t, codes.Unavailable, st.Code(), upgrade+": the client got %v, want the status written", err)
			assert.Equal(t, "bye", st.Message())
		})
	}
}

func TestFrom_NotAStream(t *testing.T) {
	_, ok := From(context.Background())
	assert.False(t, ok)
}
