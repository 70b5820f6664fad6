package main

import (
	"context"
	"fmt"
	zdzrpc "github.com/zerodown/zerodown/zrpc"
	"strings"
	"time"

	"github.com/zerodown/zerodown/tools/drill/internal/fleet"
	"github.com/zerodown/zerodown/tools/drill/internal/lb"
	"github.com/zerodown/zerodown/tools/drill/internal/load"
	"github.com/zeromicro/go-zero/core/discov"
	"github.com/zeromicro/go-zero/zrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	testpb "google.golang.org/grpc/interop/grpc_testing"
)

// warmTimeout bounds the wait for the first call through a new client.
const warmTimeout = 15 * time.Second

// connect makes the clients the scenario needs: go-zero's etcd-discovery
// client, and the load balancer in front of the instances' REST ports.
func (e *env) connect(sc scenario, spec fleet.Spec, insts []*fleet.Instance) error {
	if sc.etcd {
		c := zrpc.RpcClientConf{
			Etcd:         discov.EtcdConf{Hosts: spec.EtcdHosts, Key: spec.EtcdKey},
			NonBlock:     true,
			Timeout:      int64(load.CallTimeout / time.Millisecond),
			BalancerName: "p2c_ewma",
			Middlewares: zrpc.ClientMiddlewaresConf{
				Trace: true, Duration: true, Prometheus: true, Breaker: true, Timeout: true,
			},
		}
		// zerodown's streams move off a server that says it is leaving; the
		// stock build's client is go-zero's as it is: a stream re-opens only
		// once its server ended it.
		var opts []zrpc.ClientOption
		if !e.stock {
			opts = append(opts, zrpc.WithStreamClientInterceptor(zdzrpc.StreamAwayInterceptor()))
		}
		cli, err := zrpc.NewClient(c, opts...)
		if err != nil {
			return fmt.Errorf("zrpc client: %w", err)
		}
		e.closer = append(e.closer, func() { _ = cli.Conn().Close() })
		e.client = testpb.NewTestServiceClient(cli.Conn())
		if err := warmAll(e.client, len(insts)); err != nil {
			return err
		}
	}
	if sc.lb {
		e.lb = lb.New(e.conf.Lag)
		addr, err := e.lb.Listen("127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("load balancer: %w", err)
		}
		e.closer = append(e.closer, func() { _ = e.lb.Close() })
		e.lbBase = "http://" + addr.String()
		for _, inst := range insts {
			e.lb.Add(sc.lbAddr(inst))
		}
	}
	if sc.lbRPC {
		return e.dialLB(lbClients)
	}
	return nil
}

// lbClients is the number of gRPC clients through the load balancer, each
// with its own connection.
const lbClients = 8

// dialLB makes n gRPC clients through the load balancer and waits until
// each has made a call.
func (e *env) dialLB(n int) error {
	target := "passthrough:///" + strings.TrimPrefix(e.lbBase, "http://")
	for range n {
		conn, err := grpc.NewClient(target, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			return fmt.Errorf("grpc client through the load balancer: %w", err)
		}
		e.closer = append(e.closer, func() { _ = conn.Close() })
		client := testpb.NewTestServiceClient(conn)
		if err := warm(client); err != nil {
			return err
		}
		e.lbClients = append(e.lbClients, client)
	}
	return nil
}

// lbAddr is the address of inst that the scenario's load balancer fronts.
func (sc scenario) lbAddr(inst *fleet.Instance) string {
	if sc.lbRPC {
		return inst.RpcAddr
	}
	return inst.RestAddr
}

// warm calls EmptyCall until one succeeds: the client has learned an
// instance from etcd.
func warm(client testpb.TestServiceClient) error {
	deadline := time.Now().Add(warmTimeout)
	ticker := time.NewTicker(20 * time.Millisecond)
	defer ticker.Stop()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_, err := client.EmptyCall(ctx, &testpb.Empty{})
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no call through etcd discovery after %v: %w", warmTimeout, err)
		}
		<-ticker.C
	}
}

// warmAll calls UnaryCall, with no work, until n distinct instances have
// answered: the client has learned them all from etcd.
func warmAll(client testpb.TestServiceClient, n int) error {
	seen := make(map[string]bool)
	deadline := time.Now().Add(warmTimeout)
	for len(seen) < n {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		reply, err := client.UnaryCall(ctx, &testpb.SimpleRequest{})
		cancel()
		if err == nil {
			seen[reply.GetServerId()] = true
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d of %d instances answered through etcd discovery after %v: %w",
				len(seen), n, warmTimeout, err)
		}
		if err != nil {
			time.Sleep(20 * time.Millisecond)
		}
	}
	return nil
}
