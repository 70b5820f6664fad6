package zrpc

import (
	"context"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/zerodown/zerodown/core/proc/proctest"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"
	"google.golang.org/grpc"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
)

const (
	// busyInterval is the time between two messages of a busy stream.
	busyInterval = 50 * time.Millisecond
	// busyOpenBound bounds the opening of a benchmark's busy streams.
	busyOpenBound = 2 * time.Minute
	// busyWindow is how long the client counts the messages it reads before
	// the signal.
	busyWindow = 3 * time.Second
)

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

// scenarioBusyPlain serves busy streams on a plain grpc-go server, without
// go-zero nor zerodown: the machine's own figure to compare with. It serves
// until it is killed.
func scenarioBusyPlain() int {
	ln, err := net.Listen("tcp", os.Getenv("ZRPC_TEST_ADDR"))
	if err != nil {
		fmt.Println(err)
		return 1
	}
	gs := grpc.NewServer()
	testgrpc.RegisterTestServiceServer(gs, busyService{})
	fmt.Println("ready")
	if err := gs.Serve(ln); err != nil {
		fmt.Println(err)
		return 1
	}
	return 0
}

// busyCounts returns the stream counts of the busy benchmarks: 20 and
// 10,000 (issue 21 item 3), or those of ZRPC_BUSY_STREAMS ("20,2000,4000").
func busyCounts(b *testing.B) []int {
	env := os.Getenv("ZRPC_BUSY_STREAMS")
	if env == "" {
		return []int{20, 10000}
	}
	var counts []int
	for _, f := range strings.Split(env, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			b.Fatalf("ZRPC_BUSY_STREAMS=%q: %q is not a stream count", env, f)
		}
		counts = append(counts, n)
	}
	return counts
}

// BenchmarkBusyStreams measures the messages per second that a client reads
// from n busy streams (a message per 50ms each) on ONE connection to a
// plain grpc-go server and to a zerodown server, in the same run: what the
// machine carries, against the n×20 msgs/s asked. Run it with
// BenchmarkSigtermWithBusy to know whether a count is within the machine's
// reach.
func BenchmarkBusyStreams(b *testing.B) {
	for _, n := range busyCounts(b) {
		for _, server := range []string{"grpc", "zerodown"} {
			b.Run("server="+server+"/streams="+strconv.Itoa(n), func(b *testing.B) {
				var rate float64
				for b.Loop() {
					b.StopTimer()
					scenario := map[string]string{"grpc": "busyplain", "zerodown": "busy"}[server]
					c := openBusy(b, scenario, n)
					rate += c.rate
					b.StartTimer()
				}
				b.ReportMetric(rate/float64(b.N), "msgs/s")
				b.ReportMetric(rate/float64(b.N)/float64(n*int(time.Second/busyInterval))*100, "%asked")
			})
		}
	}
}

// BenchmarkSigtermWithBusy measures SIGTERM to exit of a server process with
// n streams open on ONE client connection, each sending a message every
// 50ms that the client reads. It fails if the exit code is not 0 or the
// shutdown report is not "ok". Compare 10,000 with 20 (issue 21 item 3).
func BenchmarkSigtermWithBusy(b *testing.B) {
	for _, n := range busyCounts(b) {
		b.Run("streams="+strconv.Itoa(n), func(b *testing.B) {
			var total time.Duration
			var rate float64
			for b.Loop() {
				took, r := sigtermWithBusy(b, n)
				total += took
				rate += r
			}
			b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/exit")
			b.ReportMetric(rate/float64(b.N), "msgs/s")
		})
	}
}

// busyClient is n busy streams open on one connection, read by one
// goroutine each.
type busyClient struct {
	p       *proctest.Process
	readers sync.WaitGroup
	rate    float64 // messages read per second over busyWindow, once open
}

// openBusy runs scenario, opens n busy streams on one connection, one after
// the other (each once its first message came), then counts the messages
// read over busyWindow.
func openBusy(b *testing.B, scenario string, n int) *busyClient {
	addr := freeAddr(b)
	b.Setenv("ZRPC_TEST_ADDR", addr)
	c := &busyClient{p: proctest.Start(b, scenarioEnv+"="+scenario, "ready")}
	ctx, cancel := context.WithTimeout(context.Background(), busyOpenBound)
	// At the end: the streams are cancelled, then their readers awaited.
	b.Cleanup(c.readers.Wait)
	b.Cleanup(cancel)
	client := testgrpc.NewTestServiceClient(dial(b, addr))
	var read atomic.Int64
	opened := time.Now()
	for i := range n {
		s, err := client.StreamingOutputCall(ctx, &testgrpc.StreamingOutputCallRequest{}, grpc.WaitForReady(true))
		if err == nil {
			_, err = s.Recv()
		}
		if err != nil {
			b.Fatalf("%s: stream %d of %d not open within %v (%v): the machine cannot carry %d msgs/s",
				scenario, i, n, busyOpenBound, err, i*int(time.Second/busyInterval))
		}
		c.readers.Go(func() {
			for {
				if _, err := s.Recv(); err != nil {
					return
				}
				read.Add(1)
			}
		})
	}
	b.Logf("%s: %d busy streams open in %v", scenario, n, time.Since(opened).Round(time.Millisecond))
	before := read.Load()
	time.Sleep(busyWindow) // a measuring window, not a synchronisation
	c.rate = float64(read.Load()-before) / busyWindow.Seconds()
	return c
}

func sigtermWithBusy(b *testing.B, n int) (took time.Duration, rate float64) {
	b.StopTimer()
	defer b.StartTimer()
	c := openBusy(b, "busy", n)
	sent := time.Now()
	c.p.Signal(b, syscall.SIGTERM)
	code := c.p.Wait(b)
	took = c.p.Exited().Sub(sent)
	c.readers.Wait()
	if code != 0 {
		b.Fatalf("exit code %d with %d busy streams:\n%s", code, n, tail(c.p.Output()))
	}
	if out := c.p.Output(); !strings.Contains(out, "Shutdown report: ok") {
		b.Fatalf("%d busy streams: the report is not ok:\n%s", n, tail(out))
	}
	return took, c.rate
}

// tail returns the last lines of out.
func tail(out string) string {
	lines := strings.Split(out, "\n")
	return strings.Join(lines[max(0, len(lines)-12):], "\n")
}
