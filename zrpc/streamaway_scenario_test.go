package zrpc

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/internal/etcdtest"
	"github.com/zeromicro/go-zero/core/discov"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"
	gzrpc "github.com/zeromicro/go-zero/zrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
)

const (
	awayInstances = 3
	awayStreams   = 16
	awayTick      = 20 * time.Millisecond
)

// TestStreamAway_RollingRestart restarts 3 servers registered in etcd, one by
// one, under 16 endless numbered streams opened through go-zero's etcd client
// (p2c) with StreamAwayInterceptor and KeepStream: every stream on a leaving
// server moves when that server says it is going away, before its stream
// deadline; no message is lost or repeated; the application sees no
// Unavailable.
func TestStreamAway_RollingRestart(t *testing.T) {
	p := startScenario(t, "awaystreams")
	line := p.AwaitPrefix(t, "awaystreams:")
	assert.Equal(t, 0, p.Wait(t), p.Output())
	t.Log(line)
	assert.Contains(t, line, " unavailable=0 ", p.Output())
	assert.Contains(t, line, " lost=0 repeated=0 ", p.Output())
	assert.Contains(t, line, " unmoved-restarts=0 ", p.Output())
}

// numberedService streams numbered messages, one per awayTick, from the
// number in the request's payload, until the stream's context ends.
type numberedService struct {
	testgrpc.UnimplementedTestServiceServer
	open atomic.Int32 // streams open now
}

func (s *numberedService) StreamingOutputCall(req *testgrpc.StreamingOutputCallRequest,
	stream grpc.ServerStreamingServer[testgrpc.StreamingOutputCallResponse]) error {
	s.open.Add(1)
	defer s.open.Add(-1)
	seq, err := strconv.Atoi(string(req.GetPayload().GetBody()))
	if err != nil {
		return err
	}
	tick := time.NewTicker(awayTick)
	defer tick.Stop()
	for ; ; seq++ {
		body := []byte(strconv.Itoa(seq))
		if err := stream.Send(&testgrpc.StreamingOutputCallResponse{Payload: &testgrpc.Payload{Body: body}}); err != nil {
			return err
		}
		select {
		case <-tick.C:
		case <-stream.Context().Done():
			return stream.Context().Err()
		}
	}
}

type awayInstance struct {
	reg *proc.Registry
	srv *RpcServer
	svc *numberedService
	ran chan error
}

func startAwayInstance(hosts []string) (*awayInstance, error) {
	reg, err := proc.NewRegistry(proc.ShutdownConf{WrapUpTime: time.Second, WaitTime: 5 * time.Second},
		proc.WithExit(func(code int) { fmt.Println("registry exit", code) }))
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	_ = l.Close()
	c := RpcServerConf{
		ServiceConf: service.ServiceConf{Name: "awaystreams", Log: logx.LogConf{Level: "error"}},
		ListenOn:    addr,
		Etcd:        discov.EtcdConf{Hosts: hosts, Key: "awaystreams"},
		Health:      true,
	}
	in := &awayInstance{reg: reg, svc: &numberedService{}, ran: make(chan error, 1)}
	in.srv, err = NewServer(c, func(gs *grpc.Server) { testgrpc.RegisterTestServiceServer(gs, in.svc) },
		WithRegistry(reg))
	if err != nil {
		return nil, err
	}
	go func() { in.ran <- in.srv.Run() }()
	if err := in.awaitServing(addr); err != nil {
		return nil, err
	}
	return in, nil
}

// awaitServing returns once the instance's grpc.health.v1 says SERVING, so
// that a restart never terminates a server that is still starting (its Run
// would then fail, as documented, with proc.ErrTooLate).
func (in *awayInstance) awaitServing(addr string) error {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	watch, err := healthgrpc.NewHealthClient(conn).Watch(ctx, &healthgrpc.HealthCheckRequest{}, grpc.WaitForReady(true))
	if err != nil {
		return fmt.Errorf("health of %s: %w", addr, err)
	}
	for {
		resp, err := watch.Recv()
		if err != nil {
			return fmt.Errorf("health of %s: %w", addr, err)
		}
		if resp.GetStatus() == healthgrpc.HealthCheckResponse_SERVING {
			return nil
		}
	}
}

// awayCounts is what the application's streams saw.
type awayCounts struct {
	mu          sync.Mutex
	lost        int
	repeated    int
	moved       int // moves the server announced
	unavailable int // moves forced by an Unavailable
	longestGap  time.Duration
	first       sync.WaitGroup
}

func scenarioAwayStreams() int {
	logx.SetLevel(logx.ErrorLevel)
	etcd, err := etcdtest.Start()
	if err != nil {
		fmt.Println("etcd:", err)
		return 1
	}
	defer etcd.Close()
	proxy, err := newProxy(etcd.Endpoints()[0])
	if err != nil {
		fmt.Println("proxy:", err)
		return 1
	}
	defer proxy.cut()
	hosts := []string{proxy.addr()}

	var live []*awayInstance
	for range awayInstances {
		in, err := startAwayInstance(hosts)
		if err != nil {
			fmt.Println("start:", err)
			return 1
		}
		live = append(live, in)
	}
	client, err := gzrpc.NewClient(gzrpc.RpcClientConf{
		Etcd:    discov.EtcdConf{Hosts: hosts, Key: "awaystreams"},
		Timeout: 2000,
	}, gzrpc.WithStreamClientInterceptor(StreamAwayInterceptor()))
	if err != nil {
		fmt.Println("client:", err)
		return 1
	}
	tc := testgrpc.NewTestServiceClient(client.Conn())

	var counts awayCounts
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var streams sync.WaitGroup
	streamErrs := make(chan error, awayStreams)
	counts.first.Add(awayStreams)
	for range awayStreams {
		streams.Add(1)
		go func() {
			defer streams.Done()
			next, last := 0, time.Time{}
			first := sync.OnceFunc(counts.first.Done)
			err := KeepStream(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[testgrpc.StreamingOutputCallResponse], error) {
				return tc.StreamingOutputCall(ctx, &testgrpc.StreamingOutputCallRequest{
					Payload: &testgrpc.Payload{Body: []byte(strconv.Itoa(next))}}, grpc.WaitForReady(true))
			}, func(m *testgrpc.StreamingOutputCallResponse) error {
				seq, err := strconv.Atoi(string(m.GetPayload().GetBody()))
				if err != nil {
					return err
				}
				now := time.Now()
				counts.mu.Lock()
				switch {
				case seq > next:
					counts.lost += seq - next
				case seq < next:
					counts.repeated++
				}
				if !last.IsZero() {
					counts.longestGap = max(counts.longestGap, now.Sub(last))
				}
				counts.mu.Unlock()
				next, last = seq+1, now
				first()
				return nil
			}, WithOnMove(func(m StreamMove) {
				counts.mu.Lock()
				defer counts.mu.Unlock()
				if m.Cause == nil {
					counts.moved++
				} else {
					counts.unavailable++
				}
			}))
			if !errors.Is(err, context.Canceled) {
				streamErrs <- err
			}
		}()
	}
	counts.first.Wait()

	unmoved := 0
	start := time.Now()
	for i := range awayInstances {
		next, err := startAwayInstance(hosts)
		if err != nil {
			fmt.Println("start:", err)
			return 1
		}
		old := live[i]
		live[i] = next
		had := old.svc.open.Load()
		counts.mu.Lock()
		movedBefore := counts.moved
		counts.mu.Unlock()
		old.reg.Terminate(nil)
		if err := <-old.ran; err != nil {
			fmt.Println("run:", err)
			return 1
		}
		counts.mu.Lock()
		if had > 0 && counts.moved == movedBefore {
			unmoved++
		}
		counts.mu.Unlock()
	}
	took := time.Since(start)
	cancel()
	streams.Wait()
	close(streamErrs)
	for err := range streamErrs {
		fmt.Println("stream:", err)
		return 1
	}
	fmt.Printf("awaystreams: streams=%d restarts=%d moved=%d unavailable=%d lost=%d repeated=%d unmoved-restarts=%d longest-gap=%v took=%v\n",
		awayStreams, awayInstances, counts.moved, counts.unavailable, counts.lost, counts.repeated, unmoved,
		counts.longestGap.Round(time.Millisecond), took.Round(time.Millisecond))
	for _, in := range live {
		in.reg.Terminate(nil)
		<-in.ran
	}
	return 0
}
