package zrpc

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zerodown/zerodown/core/proc/proctest"
	"google.golang.org/grpc"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
)

const (
	// busyInterval is the time between two messages of a busy stream.
	busyInterval = 50 * time.Millisecond
	// busyOpenBound bounds the opening of busy streams, and their end.
	busyOpenBound = 2 * time.Minute
	// busyWindow is how long the client counts the messages it reads before
	// the signal.
	busyWindow = 3 * time.Second
)

// busyService serves endless streams that send a message every
// busyInterval, each on its own ticker from its start, until the stream's
// context ends. They ignore [Draining], so the server ends each of them by
// its stream drain deadline, unless endAtDrain: then each returns nil (OK)
// once the drain begins.
type busyService struct {
	testgrpc.UnimplementedTestServiceServer
	endAtDrain bool
}

// busyEndAtDrainEnv, set to 1, makes the busy streams of the "busy"
// scenario end themselves (OK) at the drain's start.
const busyEndAtDrainEnv = "ZRPC_BUSY_END_AT_DRAIN"

func (svc busyService) StreamingOutputCall(_ *testgrpc.StreamingOutputCallRequest,
	stream grpc.ServerStreamingServer[testgrpc.StreamingOutputCallResponse]) error {
	var draining <-chan struct{}
	if svc.endAtDrain {
		draining = Draining(stream.Context())
	}
	tick := time.NewTicker(busyInterval)
	defer tick.Stop()
	msg := &testgrpc.StreamingOutputCallResponse{}
	for {
		if err := stream.Send(msg); err != nil {
			return err
		}
		select {
		case <-tick.C:
		case <-draining:
			return nil
		case <-stream.Context().Done():
			return stream.Context().Err()
		}
	}
}

// scenarioBusy serves busy streams on proc.DefaultRegistry, with go-zero's
// WaitTime (5.5s) and the default drain, until a real SIGTERM.
func scenarioBusy() int {
	return serveStreams("busy", busyService{endAtDrain: os.Getenv(busyEndAtDrainEnv) == "1"})
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

// busyClient is n busy streams open on one connection to a server process.
type busyClient struct {
	p *proctest.Process
	busyStreams
	rate float64 // messages read per second over busyWindow, once open
	// serverCPU and clientCPU are the CPU time per message read over
	// busyWindow, of the server process and of this one.
	serverCPU, clientCPU time.Duration
}

// busyStreams are a client's busy streams.
type busyStreams interface {
	// read returns the messages read so far.
	read() int64
	// ended waits for every stream to end and says how they did: the
	// streams that the server ended with a status, and all their ends.
	ended(t testing.TB) (withStatus int, all string)
}

// openBusy runs scenario, opens n busy streams on one connection with
// client ("lean" or "grpc", see busyClients), then counts the messages read
// over busyWindow.
func openBusy(t testing.TB, scenario, client string, n int) *busyClient {
	addr := freeAddr(t)
	t.Setenv("ZRPC_TEST_ADDR", addr)
	c := &busyClient{p: proctest.Start(t, scenarioEnv+"="+scenario, "ready")}
	awaitListening(t, addr)
	opened := time.Now()
	c.busyStreams = busyClients[client](t, addr, n)
	t.Logf("%s, %s client: %d busy streams open in %v", scenario, client, n, time.Since(opened).Round(time.Millisecond))
	pid := strconv.Itoa(c.p.Pid())
	before, serverCPU, clientCPU := c.read(), cpuTime(pid), cpuTime("self")
	time.Sleep(busyWindow) // a measuring window, not a synchronisation
	read := c.read() - before
	c.rate = float64(read) / busyWindow.Seconds()
	if read > 0 {
		c.serverCPU = (cpuTime(pid) - serverCPU) / time.Duration(read)
		c.clientCPU = (cpuTime("self") - clientCPU) / time.Duration(read)
	}
	t.Logf("%s, %s client: %.0f msgs/s; CPU per message: server %v, client %v",
		scenario, client, c.rate, c.serverCPU, c.clientCPU)
	return c
}

// sigtermWithBusy opens n busy streams to a zerodown server process with
// client, sends it SIGTERM and returns the time to its exit. It fails t if
// the exit code is not 0, the report is not ok, or a stream ended without
// the server's status (cut with its connection, reset or refused).
// It also returns how the streams ended (see [busyStreams]).
func sigtermWithBusy(t testing.TB, client string, n int) (took time.Duration, rate float64, ended string) {
	c := openBusy(t, "busy", client, n)
	sent := time.Now()
	c.p.Signal(t, syscall.SIGTERM)
	code := c.p.Wait(t)
	took = c.p.Exited().Sub(sent)
	withStatus, all := c.ended(t)
	if code != 0 {
		t.Fatalf("exit code %d with %d busy streams:\n%s", code, n, tail(c.p.Output()))
	}
	if out := c.p.Output(); !strings.Contains(out, "Shutdown report: ok") {
		t.Fatalf("%d busy streams: the report is not ok:\n%s", n, tail(out))
	}
	if withStatus != n {
		t.Fatalf("%d busy streams: %d ended with the server's status; all: %s", n, withStatus, all)
	}
	t.Logf("%d busy streams, %.0f msgs/s: SIGTERM to exit %v, exit 0, report ok; streams: %s",
		n, c.rate, took.Round(time.Millisecond), all)
	return took, c.rate, all
}

// A zerodown server with busy streams on one connection exits 0 on SIGTERM
// with its report ok, and every stream gets the server's status: none is
// cut with the connection. The benchmarks run 10,000 such streams.
func TestSigtermWithBusyStreams(t *testing.T) {
	sigtermWithBusy(t, "lean", 200)
}

// A client that keeps its connection after GOAWAY, its streams ended, does
// not make the drain fail: grpc-go's server waits up to a second for such a
// client to close before it closes the connection itself, which, with the
// streams ended by StreamTimeout (2s), ran into Drain.Timeout (3s).
func TestSigtermWithBusyStreams_ClientKeepsConnection(t *testing.T) {
	sigtermWithBusy(t, "lean-keep", 20)
}

// Busy streams that end themselves at the drain's start all end OK, and the
// server exits 0 with its report ok.
func TestSigtermWithBusyStreams_EndAtDrain(t *testing.T) {
	t.Setenv(busyEndAtDrainEnv, "1")
	_, _, ended := sigtermWithBusy(t, "lean", 200)
	if !strings.HasPrefix(ended, "200 status 0,") {
		t.Fatalf("streams that end themselves should all end OK: %s", ended)
	}
}

// tail returns the last lines of out.
func tail(out string) string {
	lines := strings.Split(out, "\n")
	return strings.Join(lines[max(0, len(lines)-12):], "\n")
}
