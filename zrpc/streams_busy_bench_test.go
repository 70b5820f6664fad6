package zrpc

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zerodown/zerodown/core/proc/proctest"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"
	"google.golang.org/grpc"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
)

// busyInterval is the time between two messages of a busy stream.
const busyInterval = 50 * time.Millisecond

// busyService serves endless streams that send a message every
// busyInterval until the stream's context ends.
type busyService struct {
	testgrpc.UnimplementedTestServiceServer
}

func (busyService) StreamingOutputCall(_ *testgrpc.StreamingOutputCallRequest,
	stream grpc.ServerStreamingServer[testgrpc.StreamingOutputCallResponse]) error {
	tick := time.NewTicker(busyInterval)
	defer tick.Stop()
	msg := &testgrpc.StreamingOutputCallResponse{}
	for {
		if err := stream.Send(msg); err != nil {
			return err
		}
		select {
		case <-tick.C:
		case <-stream.Context().Done():
			return stream.Context().Err()
		}
	}
}

// scenarioBusy serves busy streams on proc.DefaultRegistry, with go-zero's
// WaitTime (5.5s) and the default drain, until a real SIGTERM.
func scenarioBusy() int {
	c := RpcServerConf{
		ServiceConf: service.ServiceConf{Name: "busy", Log: logx.LogConf{Level: "info"}},
		ListenOn:    os.Getenv("ZRPC_TEST_ADDR"),
		Health:      true,
	}
	c.Shutdown.WrapUpTime = 200 * time.Millisecond
	s := MustNewServer(c, func(gs *grpc.Server) { testgrpc.RegisterTestServiceServer(gs, busyService{}) })
	defer s.Stop()
	fmt.Println("ready")
	s.Start()
	fmt.Println("start returned")
	return 0
}

// BenchmarkSigtermWithBusy measures SIGTERM to exit of a server process with
// n streams open on ONE client connection, each sending a message every
// 50ms that the client reads. It fails if the exit code is not 0 or the
// shutdown report is not "ok". Compare 10,000 with 20 (issue 21 item 3).
func BenchmarkSigtermWithBusy(b *testing.B) {
	for _, n := range []int{20, 10000} {
		b.Run("streams="+strconv.Itoa(n), func(b *testing.B) {
			var total time.Duration
			for b.Loop() {
				total += sigtermWithBusy(b, n)
			}
			b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/exit")
		})
	}
}

func sigtermWithBusy(b *testing.B, n int) time.Duration {
	b.StopTimer()
	defer b.StartTimer()
	addr := freeAddr(b)
	b.Setenv("ZRPC_TEST_ADDR", addr)
	p := proctest.Start(b, scenarioEnv+"=busy", "ready")
	// Opening 10,000 streams that each send every 50ms takes a while on a
	// small machine: a longer bound than the watchdog.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn := dial(b, addr)
	client := testgrpc.NewTestServiceClient(conn)
	var readers sync.WaitGroup
	opened := time.Now()
	for i := range n {
		s, err := client.StreamingOutputCall(ctx, &testgrpc.StreamingOutputCallRequest{}, grpc.WaitForReady(true))
		if err == nil {
			_, err = s.Recv()
		}
		if err != nil {
			b.Fatalf("stream %d of %d: %v", i, n, err)
		}
		readers.Go(func() {
			for {
				if _, err := s.Recv(); err != nil {
					return
				}
			}
		})
	}
	b.Logf("%d busy streams open in %v", n, time.Since(opened).Round(time.Millisecond))
	sent := time.Now()
	p.Signal(b, syscall.SIGTERM)
	code := p.Wait(b)
	took := p.Exited().Sub(sent)
	readers.Wait()
	if code != 0 {
		b.Fatalf("exit code %d with %d busy streams:\n%s", code, n, tail(p.Output()))
	}
	if out := p.Output(); !strings.Contains(out, "Shutdown report: ok") {
		b.Fatalf("%d busy streams: the report is not ok:\n%s", n, tail(out))
	}
	return took
}

// tail returns the last lines of out.
func tail(out string) string {
	lines := strings.Split(out, "\n")
	return strings.Join(lines[max(0, len(lines)-12):], "\n")
}
