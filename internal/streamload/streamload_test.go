package streamload

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const method = "/grpc.testing.TestService/StreamingOutputCall"

// sizedService sends a message of each size the request asks for, then
// ends with the request's status, or waits for the stream's end if it has
// none.
type sizedService struct {
	testgrpc.UnimplementedTestServiceServer
	release chan struct{} // if not nil, a stream without status ends with OK once it is closed
}

func (svc sizedService) StreamingOutputCall(req *testgrpc.StreamingOutputCallRequest,
	stream grpc.ServerStreamingServer[testgrpc.StreamingOutputCallResponse]) error {
	for _, p := range req.ResponseParameters {
		msg := &testgrpc.StreamingOutputCallResponse{Payload: &testgrpc.Payload{Body: make([]byte, p.Size)}}
		if err := stream.Send(msg); err != nil {
			return err
		}
	}
	if s := req.ResponseStatus; s != nil {
		return status.Error(codes.Code(s.Code), s.Message)
	}
	select {
	case <-svc.release:
	case <-stream.Context().Done():
	}
	return nil
}

func serve(t *testing.T) (addr string, gs *grpc.Server) {
	t.Helper()
	return serveWith(t, sizedService{})
}

func serveWith(t *testing.T, svc sizedService) (addr string, gs *grpc.Server) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	gs = grpc.NewServer()
	testgrpc.RegisterTestServiceServer(gs, svc)
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = gs.Serve(ln)
	}()
	t.Cleanup(func() {
		gs.Stop()
		<-served
	})
	return ln.Addr().String(), gs
}

func request(t *testing.T, code int32, sizes ...int32) []byte {
	t.Helper()
	req := &testgrpc.StreamingOutputCallRequest{}
	for _, s := range sizes {
		req.ResponseParameters = append(req.ResponseParameters, &testgrpc.ResponseParameters{Size: s})
	}
	if code >= 0 {
		req.ResponseStatus = &testgrpc.EchoStatus{Code: code, Message: "asked"}
	}
	b, err := proto.Marshal(req)
	require.NoError(t, err)
	return b
}

func dial(t *testing.T, addr string) *Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	c, err := Dial(ctx, addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// The messages and ends of many streams are counted, with messages of no
// byte, and messages cut over several DATA frames (grpc-go writes at most
// 16 KiB per frame).
func TestCountsMessagesAndEnds(t *testing.T) {
	addr, _ := serve(t)
	c := dial(t, addr)
	const streams = 50
	for i := range streams {
		code := int32(codes.OK)
		if i%2 == 1 {
			code = int32(codes.Unavailable)
		}
		_, err := c.Open(method, request(t, code, 0, 40<<10, 3, 0))
		require.NoError(t, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, c.AwaitFirsts(ctx, streams))
	ended, err := c.AwaitEnded(ctx, streams)
	require.NoError(t, err)
	require.Equal(t, int64(4*streams), c.Messages())
	require.Equal(t, streams/2, ended.StatusOf(int(codes.OK)))
	require.Equal(t, streams/2, ended.StatusOf(int(codes.Unavailable)))
	require.Zero(t, ended.Reset+ended.Cut, ended.String())
}

// A stream open when the server closes the connection is counted cut, and
// AwaitFirsts says how many answered before.
func TestConnectionClosedCutsOpenStreams(t *testing.T) {
	addr, gs := serve(t)
	c := dial(t, addr)
	ctx := openAnswered(t, c, 3)
	gs.Stop()
	<-c.Done()
	ended, open := c.Ended()
	require.Zero(t, open)
	require.Equal(t, 3, ended.Cut+ended.Reset, ended.String())
	require.Error(t, c.AwaitFirsts(ctx, 4))
}

// Once the server sent GOAWAY and its streams ended, the client closes the
// connection, as grpc-go's does; grpc-go's server would otherwise wait a
// second for it before it closes the connection itself.
func TestClosesAfterGoAwayOnceNoStreamIsLeft(t *testing.T) {
	release := make(chan struct{})
	addr, gs := serveWith(t, sizedService{release: release})
	c := dial(t, addr)
	ctx := openAnswered(t, c, 3)
	stopped := make(chan struct{})
	go func() {
		gs.GracefulStop()
		close(stopped)
	}()
	for !c.goneAway() {
		select {
		case <-c.changes():
		case <-ctx.Done():
			t.Fatal("no GOAWAY")
		}
	}
	close(release)
	ended, err := c.AwaitEnded(ctx, 3)
	require.NoError(t, err)
	require.Equal(t, 3, ended.StatusOf(int(codes.OK)), ended.String())
	<-c.Done()
	require.ErrorIs(t, c.Err(), ErrClosedAfterGoAway)
	<-stopped
}

// openAnswered opens n streams on c that each get one message and then stay
// open, and returns once each got it, with a context that bounds the test.
func openAnswered(t *testing.T, c *Conn, n int) context.Context {
	t.Helper()
	for range n {
		_, err := c.Open(method, request(t, -1, 1))
		require.NoError(t, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	require.NoError(t, c.AwaitFirsts(ctx, n))
	return ctx
}
