package zrpc_test

import (
	"context"
	"fmt"
	"strconv"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/zrpc"
	"github.com/zeromicro/go-zero/core/discov"
	gzrpc "github.com/zeromicro/go-zero/zrpc"
	"google.golang.org/grpc"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
)

type testServer struct {
	testgrpc.UnimplementedTestServiceServer
}

// A goctl-generated main: only its imports changed. Start returns once the
// shutdown sequence is done, after the shutdown listener ran.
func Example() {
	var c zrpc.RpcServerConf // conf.MustLoad(*configFile, &c) in main
	c.Name = "user.rpc"
	c.ListenOn = "127.0.0.1:8080"
	c.Health = true

	proc.AddShutdownListener(func() {
		fmt.Println("close the database: no RPC is in flight any more")
	})
	s := zrpc.MustNewServer(c, func(gs *grpc.Server) {
		testgrpc.RegisterTestServiceServer(gs, testServer{})
	})
	defer s.Stop()

	fmt.Printf("Starting rpc server at %s...\n", c.ListenOn)
	s.Start()
}

// A stream handler that ends cleanly when the server drains.
func ExampleDraining() {
	handler := func(stream grpc.ServerStreamingServer[testgrpc.StreamingOutputCallResponse]) error {
		for {
			select {
			case <-zrpc.Draining(stream.Context()):
				return nil // the client re-opens the stream elsewhere
			case <-stream.Context().Done():
				return stream.Context().Err()
			}
		}
	}
	_ = handler
}

// A client re-opens its long-lived stream when the server says it goes away.
func ExampleGoingAway() {
	conn, err := grpc.NewClient("dns:///user-rpc-0.user-rpc:8080")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	select {
	case <-zrpc.GoingAway(ctx, conn):
		fmt.Println("re-open the stream on another connection")
	case <-ctx.Done():
	}
}

// A go-zero client over etcd keeps a numbered subscription open while its
// servers restart one by one: each stream moves when its own server says it
// is leaving, and resumes after the last message handled.
func ExampleKeepStream() {
	client := gzrpc.MustNewClient(gzrpc.RpcClientConf{
		Etcd: discov.EtcdConf{Hosts: []string{"127.0.0.1:2379"}, Key: "feed.rpc"},
	}, gzrpc.WithStreamClientInterceptor(zrpc.StreamAwayInterceptor()))
	feed := testgrpc.NewTestServiceClient(client.Conn())

	next := 0
	err := zrpc.KeepStream(context.Background(),
		func(ctx context.Context) (grpc.ServerStreamingClient[testgrpc.StreamingOutputCallResponse], error) {
			return feed.StreamingOutputCall(ctx, &testgrpc.StreamingOutputCallRequest{
				Payload: &testgrpc.Payload{Body: []byte(strconv.Itoa(next))}})
		},
		func(m *testgrpc.StreamingOutputCallResponse) error {
			next++ // the server numbers its messages from the request's number
			return nil
		},
		zrpc.WithOnMove(func(m zrpc.StreamMove) { fmt.Println("moved off", m.From, m.Cause) }))
	fmt.Println(err)
}
