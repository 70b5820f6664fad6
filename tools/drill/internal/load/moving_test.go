package load

import (
	"google.golang.org/grpc/credentials/insecure"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/status"
)

// numbered sends 3 numbered messages from the request's number, then ends
// the stream with Unavailable, as a server at its stream deadline does;
// past number 9 it waits for the client to go.
type numbered struct {
	testpb.UnimplementedTestServiceServer
	past chan struct{} // receives when a stream reaches number 9
}

func (f *numbered) StreamingOutputCall(req *testpb.StreamingOutputCallRequest,
	stream grpc.ServerStreamingServer[testpb.StreamingOutputCallResponse]) error {
	from, _ := strconv.Atoi(string(req.GetPayload().GetBody()))
	for n := from; n < from+3; n++ {
		body := []byte("srv/" + strconv.Itoa(n))
		if err := stream.Send(&testpb.StreamingOutputCallResponse{Payload: &testpb.Payload{Body: body}}); err != nil {
			return err
		}
		if n == 9 {
			f.past <- struct{}{}
			<-stream.Context().Done()
			return nil
		}
	}
	return status.Error(codes.Unavailable, "ending")
}

func TestMovingStream_ResumesAfterACut(t *testing.T) {
	f := &numbered{past: make(chan struct{}, 1)}
	client := serveNumbered(t, f)
	var st StreamStats
	loop := New()
	loops := loop.Run(1, 1, MovingStream(client, time.Millisecond, loop.Stopping(), &st))
	<-f.past
	loops.Stop()
	lost, repeated := st.Lost()
	assert.Equal(t, 0, lost)
	assert.Equal(t, 0, repeated)
	assert.Equal(t, map[string]int{"Unavailable": 3}, st.Cut(), "0-2, 3-5, 6-8 each ended by the server")
	assert.Equal(t, 0, st.Moved())
}

func serveNumbered(t *testing.T, f *numbered) testpb.TestServiceClient {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer()
	testpb.RegisterTestServiceServer(s, f)
	served := make(chan struct{})
	go func() { _ = s.Serve(l); close(served) }()
	conn, err := grpc.NewClient(l.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn.Close()
		s.Stop()
		<-served
	})
	return testpb.NewTestServiceClient(conn)
}
