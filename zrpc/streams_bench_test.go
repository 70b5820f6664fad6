package zrpc

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zerodown/zerodown/core/proc/proctest"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"
	"google.golang.org/grpc"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
)

// endlessService serves endless streams: a first message, then nothing
// until the stream's context ends.
type endlessService struct {
	testgrpc.UnimplementedTestServiceServer
}

func (endlessService) StreamingOutputCall(_ *testgrpc.StreamingOutputCallRequest,
	stream grpc.ServerStreamingServer[testgrpc.StreamingOutputCallResponse]) error {
	if err := stream.Send(&testgrpc.StreamingOutputCallResponse{}); err != nil {
		return err
	}
	<-stream.Context().Done()
	return stream.Context().Err()
}

// scenarioEndless serves endless streams on proc.DefaultRegistry, with
// go-zero's WaitTime (5.5s) and the default drain, until a real SIGTERM.
func scenarioEndless() int { return serveStreams("endless", endlessService{}) }

// serveStreams serves svc as the server name on proc.DefaultRegistry, with
// go-zero's WaitTime (5.5s), a WrapUpTime of 200ms and the default drain,
// until a real SIGTERM.
func serveStreams(name string, svc testgrpc.TestServiceServer) int {
	c := RpcServerConf{
		ServiceConf: service.ServiceConf{Name: name, Log: logx.LogConf{Level: "info"}},
		ListenOn:    os.Getenv("ZRPC_TEST_ADDR"),
		Health:      true,
	}
	c.Shutdown.WrapUpTime = 200 * time.Millisecond
	s := MustNewServer(c, func(gs *grpc.Server) { testgrpc.RegisterTestServiceServer(gs, svc) })
	defer s.Stop()
	fmt.Println("ready")
	s.Start()
	fmt.Println("start returned")
	return 0
}

// streamsPerConn is how many streams the benchmark opens per connection.
const streamsPerConn = 1000

// BenchmarkSigtermWithOpen measures SIGTERM to exit of a server process with
// n endless server streams open, each told to end at the stream drain
// deadline (Drain.StreamTimeout, 2s after the drain begins). It fails if the
// exit code is not 0 or the shutdown report is not "ok" (a forced Stop).
// The 10,000 streams case is the scale target; compare it with 20.
func BenchmarkSigtermWithOpen(b *testing.B) {
	for _, n := range []int{20, 10000} {
		b.Run("streams="+strconv.Itoa(n), func(b *testing.B) {
			var total time.Duration
			for b.Loop() {
				total += sigtermWithStreams(b, n)
			}
			b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/exit")
		})
	}
}

// sigtermWithStreams runs scenarioEndless, opens n streams, sends SIGTERM
// and returns the time from the signal to the exit.
func sigtermWithStreams(b *testing.B, n int) time.Duration {
	addr := freeAddr(b)
	b.Setenv("ZRPC_TEST_ADDR", addr)
	p := proctest.Start(b, scenarioEnv+"=endless", "ready")
	ctx := ctxWatchdog(b)
	var streams []grpc.ServerStreamingClient[testgrpc.StreamingOutputCallResponse]
	for i := 0; i < n; i += streamsPerConn {
		conn := dial(b, addr)
		client := testgrpc.NewTestServiceClient(conn)
		for range min(streamsPerConn, n-i) {
			s, err := client.StreamingOutputCall(ctx, &testgrpc.StreamingOutputCallRequest{}, grpc.WaitForReady(true))
			if err == nil {
				_, err = s.Recv()
			}
			if err != nil {
				b.Fatalf("stream %d of %d: %v", len(streams), n, err)
			}
			streams = append(streams, s)
		}
	}
	sent := time.Now()
	p.Signal(b, syscall.SIGTERM)
	if code := p.Wait(b); code != 0 {
		b.Fatalf("exit code %d with %d streams:\n%s", code, n, p.Output())
	}
	took := p.Exited().Sub(sent)
	if out := p.Output(); !strings.Contains(out, "Shutdown report: ok") {
		b.Fatalf("%d streams: the report is not ok:\n%s", n, out)
	}
	if os.Getenv("ZRPC_BENCH_LOG") != "" {
		b.Log(p.Output())
	}
	return took
}
