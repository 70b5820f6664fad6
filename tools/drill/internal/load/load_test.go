package load

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/tools/drill/internal/tally"
	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

func TestMain(m *testing.M) {
	// go-zero starts goroutines in init (core/stat, core/proc), imported
	// through zerodown's zrpc by MovingStream; anything a test starts must
	// be gone at exit.
	goleak.VerifyTestMain(m, goleak.IgnoreCurrent())
}

func TestLoop_StopsAtMax(t *testing.T) {
	var calls atomic.Int64
	l := New().Run(4, 10, func(int) { calls.Add(1) })
	l.Wait()
	assert.Equal(t, int64(10), calls.Load())
}

func TestLoop_StopLetsCallsInFlightEnd(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	var ended atomic.Int64
	l := New().Run(1, 100, func(seq int) {
		if seq == 1 {
			close(started)
			<-release
		}
		ended.Add(1)
	})
	<-started
	stopped := make(chan struct{})
	go func() { l.Stop(); close(stopped) }()
	<-l.Stopping()
	close(release)
	<-stopped
	assert.Equal(t, int64(1), ended.Load(), "calls after Stop")
	l.Stop() // a second Stop returns at once
}

func TestHTTPOutcome_OverLoopback(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	client := NewHTTPClient()

	resp, err := client.Get(srv.URL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, "HTTP 503", HTTPOutcome(resp, err))

	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := l.Addr().String()
	l.Close()
	resp, err = client.Get("http://" + closed)
	assert.Equal(t, "conn refused", HTTPOutcome(resp, err))
}

// fakeService records the x-sleep metadata and ends streams as told.
type fakeService struct {
	testpb.UnimplementedTestServiceServer
	sleeps chan string
	end    error
}

func (f *fakeService) UnaryCall(ctx context.Context, req *testpb.SimpleRequest) (*testpb.SimpleResponse, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	f.sleeps <- md.Get(SleepKey)[0]
	if string(req.GetPayload().GetBody()) == "fail-2" {
		return nil, status.Error(codes.Internal, "store: closed")
	}
	return new(testpb.SimpleResponse), nil
}

func (f *fakeService) StreamingOutputCall(_ *testpb.StreamingOutputCallRequest,
	stream grpc.ServerStreamingServer[testpb.StreamingOutputCallResponse]) error {
	if err := stream.Send(new(testpb.StreamingOutputCallResponse)); err != nil {
		return err
	}
	return f.end
}

func serve(t *testing.T, f *fakeService) testpb.TestServiceClient {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := grpc.NewServer()
	testpb.RegisterTestServiceServer(s, f)
	served := make(chan struct{})
	go func() { _ = s.Serve(l); close(served) }()
	conn, err := grpc.NewClient(l.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() {
		conn.Close()
		s.Stop()
		<-served
	})
	return testpb.NewTestServiceClient(conn)
}

func TestUnary_CountsOutcomesAndAcksWrites(t *testing.T) {
	f := &fakeService{sleeps: make(chan string, 3)}
	client := serve(t, f)
	var r Result
	fn := Unary(client, "fail", 20*time.Millisecond, &r)
	for seq := 1; seq <= 3; seq++ {
		fn(seq)
	}
	assert.Equal(t, tally.Counts{"OK": 2, "Internal": 1}, r.Calls.Counts())
	assert.Equal(t, 2, r.Writes.Acked())
	assert.Equal(t, []string{"fail-3"}, r.Writes.Lost(map[string]bool{"fail-1": true}))
	assert.Equal(t, "20ms", <-f.sleeps)
}

func TestStream_CountsHowStreamsEnd(t *testing.T) {
	tests := []struct {
		name string
		end  error
		want tally.Counts
	}{
		{name: "server ends", end: nil, want: tally.Counts{EndOK: 1}},
		{name: "unavailable", end: status.Error(codes.Unavailable, "draining"), want: tally.Counts{"Unavailable": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := serve(t, &fakeService{end: tt.end})
			var ends tally.Counter
			Stream(client, time.Millisecond, make(chan struct{}), &ends)(1)
			assert.Equal(t, tt.want, ends.Counts())
		})
	}
}
