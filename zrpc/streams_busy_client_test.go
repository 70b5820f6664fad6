package zrpc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zerodown/zerodown/internal/streamload"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/connectivity"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/status"
)

// busyClients are the clients of busy streams: "lean" reads every stream
// from one goroutine ([streamload]); "lean-keep" too, but keeps its
// connection after GOAWAY until the server closes it; "grpc" is grpc-go's
// client, a goroutine per stream, which costs this 2-core machine as much
// CPU per message as the server (see docs/benchmarks.md).
var busyClients = map[string]func(t testing.TB, addr string, n int) busyStreams{
	"lean": openLean,
	"lean-keep": func(t testing.TB, addr string, n int) busyStreams {
		l := openLean(t, addr, n)
		l.(*leanStreams).conn.KeepAfterGoAway()
		return l
	},
	"grpc": openGRPC,
}

// busyBatch is how many streams the lean client opens before it awaits
// their first messages.
const busyBatch = 500

// leanStreams are busy streams read by [streamload], one goroutine for all.
type leanStreams struct {
	conn *streamload.Conn
	n    int
}

// openLean opens n busy streams on one streamload connection, busyBatch at
// a time, each batch once the first message of each of its streams came.
func openLean(b testing.TB, addr string, n int) busyStreams {
	ctx, cancel := context.WithTimeout(context.Background(), busyOpenBound)
	defer cancel()
	conn, err := streamload.Dial(ctx, addr)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = conn.Close() })
	for i := 0; i < n; i += busyBatch {
		for range min(busyBatch, n-i) {
			if _, err := conn.Open("/grpc.testing.TestService/StreamingOutputCall", nil); err != nil {
				b.Fatal(err)
			}
		}
		if err := conn.AwaitFirsts(ctx, min(i+busyBatch, n)); err != nil {
			b.Fatalf("busy streams not open within %v (%v): the machine cannot carry %d msgs/s",
				busyOpenBound, err, conn.Firsts()*int64(time.Second/busyInterval))
		}
	}
	return &leanStreams{conn: conn, n: n}
}

// awaitListening returns once a grpc-go connection to addr is ready.
func awaitListening(b testing.TB, addr string) {
	ctx, cancel := context.WithTimeout(context.Background(), busyOpenBound)
	defer cancel()
	cc := dial(b, addr)
	defer cc.Close()
	cc.Connect()
	for state := cc.GetState(); state != connectivity.Ready; state = cc.GetState() {
		if !cc.WaitForStateChange(ctx, state) {
			b.Fatalf("%s not listening within %v", addr, busyOpenBound)
		}
	}
}

func (l *leanStreams) read() int64 { return l.conn.Messages() }

func (l *leanStreams) ended(b testing.TB) (int, string) {
	ctx, cancel := context.WithTimeout(context.Background(), busyOpenBound)
	defer cancel()
	ended, err := l.conn.AwaitEnded(ctx, l.n)
	if err != nil {
		b.Fatal(err)
	}
	return ended.Total() - ended.Reset - ended.Refused - ended.Cut, ended.String()
}

// grpcStreams are busy streams read by grpc-go's client, a goroutine each.
type grpcStreams struct {
	readers sync.WaitGroup
	count   atomic.Int64
	mu      sync.Mutex     // guards following
	errs    map[string]int // how the streams ended, by code and message
}

// openGRPC opens n busy streams on one grpc-go connection, one after the
// other, each once the first message of the one before came.
func openGRPC(b testing.TB, addr string, n int) busyStreams {
	ctx, cancel := context.WithTimeout(context.Background(), busyOpenBound)
	// At the end: the streams are cancelled, then their readers awaited.
	g := &grpcStreams{errs: make(map[string]int)}
	b.Cleanup(g.readers.Wait)
	b.Cleanup(cancel)
	client := testgrpc.NewTestServiceClient(dial(b, addr))
	for i := range n {
		s, err := client.StreamingOutputCall(ctx, &testgrpc.StreamingOutputCallRequest{}, grpc.WaitForReady(true))
		if err == nil {
			_, err = s.Recv()
		}
		if err != nil {
			b.Fatalf("stream %d of %d not open within %v (%v): the machine cannot carry %d msgs/s",
				i, n, busyOpenBound, err, i*int(time.Second/busyInterval))
		}
		g.readers.Go(func() {
			for {
				if _, err := s.Recv(); err != nil {
					g.end(err)
					return
				}
				g.count.Add(1)
			}
		})
	}
	return g
}

func (g *grpcStreams) read() int64 { return g.count.Load() }

// end counts a stream's end by its status: the server's own (its
// ShuttingDownMessage, or OK), or another.
func (g *grpcStreams) end(err error) {
	key := "server"
	if st := status.Convert(err); !errors.Is(err, io.EOF) && !(st.Code() == codes.Unavailable && st.Message() == ShuttingDownMessage) {
		key = fmt.Sprintf("%s %q", st.Code(), st.Message())
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.errs[key]++
}

func (g *grpcStreams) ended(testing.TB) (int, string) {
	g.readers.Wait()
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.errs["server"], fmt.Sprint(g.errs)
}
