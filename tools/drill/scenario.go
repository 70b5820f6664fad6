package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zerodown/zerodown/tools/drill/internal/consumed"
	"github.com/zerodown/zerodown/tools/drill/internal/fleet"
	"github.com/zerodown/zerodown/tools/drill/internal/load"
	"github.com/zerodown/zerodown/tools/drill/internal/timeline"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	testpb "google.golang.org/grpc/interop/grpc_testing"
)

// streamInterval is the time between two messages of an endless stream.
const streamInterval = 50 * time.Millisecond

// A scenario is one kind of traffic during a rolling restart.
type scenario struct {
	key, title string
	etcd       bool // the load goes through go-zero's etcd-discovery client
	lb         bool // the load goes through the load balancer
	lbRPC      bool // the load balancer fronts the gRPC ports, not the REST ones
	// load starts the load; the loops are stopped after the last restart.
	load func(e *env) []*load.Loop
	// beforeTerm runs after the replacement is up, before old gets SIGTERM.
	beforeTerm func(e *env, old *fleet.Instance) error
	rows       rowsFunc
	// run, if set, runs the scenario on a build instead of a rolling restart.
	run func(d *drill, sc scenario, b build) (*result, error)
	// mq runs example/mq (-mq-pkg) instead of example/service (-pkg).
	mq bool
	// legend names what the picture counts; zero: a load's calls.
	legend timeline.Legend
}

// pictureLegend returns the legend of the scenario's picture.
func (sc scenario) pictureLegend() timeline.Legend {
	if sc.legend.Note == "" {
		return timeline.CallsLegend
	}
	return sc.legend
}

// pictureUnit returns what one bar of the picture counts, as its alt text
// says it: "calls per 100 ms".
func (sc scenario) pictureUnit() string {
	unit, _, _ := strings.Cut(sc.pictureLegend().Note, ";")
	return unit
}

// scenarios returns every scenario, in the order the drill runs them.
func scenarios() []scenario {
	return []scenario{
		{key: "unary", title: "gRPC unary (etcd)", etcd: true, load: unaryLoad, rows: callRows},
		{key: "stream", title: "gRPC endless streams (etcd)", etcd: true, load: streamLoad, rows: movingRows},
		{key: "rest", title: "REST via lagging LB", lb: true, load: restLoad, rows: callRows},
		{key: "grpclb", title: "gRPC via L4 proxy", lb: true, lbRPC: true, load: grpcLBLoad, rows: callRows},
		{key: "inflight", title: "writes in flight at SIGTERM", beforeTerm: inflightWrites, rows: callRows},
		{key: "keepalive", title: "REST keep-alive clients", run: (*drill).keepAliveRuns, rows: kaRows},
		{key: "overrun", title: "wrap-up overrun (4s) with buffered writes", run: (*drill).overrunRuns, rows: kaRows},
		{key: "upgrade", title: "in-place upgrade", run: (*drill).upgradeRun, rows: upgradeRows},
		{key: "kafka", title: "Kafka consumers, rolling restart", run: (*drill).kafkaRuns, rows: kafkaRows,
			mq: true, legend: consumed.Legend},
		{key: "idle", title: "idle", rows: noRows},
	}
}

func scenarioKeys() []string {
	var keys []string
	for _, sc := range scenarios() {
		keys = append(keys, sc.key)
	}
	return keys
}

// selectScenarios returns the scenarios named in the comma-separated list.
func selectScenarios(list string) ([]scenario, error) {
	names := strings.Split(list, ",")
	var out []scenario
	for _, sc := range scenarios() {
		if slices.Contains(names, sc.key) {
			out = append(out, sc)
		}
	}
	for _, n := range names {
		if !slices.Contains(scenarioKeys(), n) {
			return nil, fmt.Errorf("drill: unknown scenario %q; known: %s", n, strings.Join(scenarioKeys(), ","))
		}
	}
	return out, nil
}

// unaryLoad runs 20ms and 2s write calls through etcd discovery.
func unaryLoad(e *env) []*load.Loop {
	var loops []*load.Loop
	for _, l := range []struct {
		name  string
		sleep time.Duration
	}{{"20ms", 20 * time.Millisecond}, {"2s", 2 * time.Second}} {
		fn := load.Unary(e.client, "u"+l.name, l.sleep, e.res.load(l.name+" calls"))
		loops = append(loops, load.New().Run(e.conf.Workers, e.conf.MaxCalls, fn))
	}
	return loops
}

// streamLoad keeps endless numbered streams open through etcd discovery:
// each moves off a server that says it is leaving, and resumes after the
// last message it got.
func streamLoad(e *env) []*load.Loop {
	l := load.New()
	return []*load.Loop{l.Run(e.conf.Streams, e.conf.MaxCalls,
		load.MovingStream(e.client, streamInterval, l.Stopping(), &e.res.moving))}
}

// restLoad posts 20ms writes through the load balancer, a new connection
// each.
func restLoad(e *env) []*load.Loop {
	client := load.NewHTTPClient()
	fn := load.REST(client, e.lbBase, "r", 20*time.Millisecond, e.res.load("20ms REST"))
	return []*load.Loop{load.New().Run(e.conf.Workers, e.conf.MaxCalls, fn)}
}

// grpcLBLoad runs 20ms write calls through the L4 proxy in front of the
// gRPC ports, as behind a Kubernetes Service without a registry: each client
// (grpc.NewClient) keeps its connection to one instance until the instance
// sends GOAWAY or closes it, then connects again through the proxy.
func grpcLBLoad(e *env) []*load.Loop {
	r := e.res.load("20ms gRPC")
	clients := e.lbClients
	fn := func(seq int) {
		load.Unary(clients[seq%len(clients)], "g", 20*time.Millisecond, r)(seq)
	}
	return []*load.Loop{load.New().Run(e.conf.Workers, e.conf.MaxCalls, fn)}
}

// inflightWrites starts conf.InFlight writes straight to old and returns
// once old reports them all in flight.
func inflightWrites(e *env, old *fleet.Instance) error {
	conn, err := grpc.NewClient(old.RpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	e.closer = append(e.closer, func() { _ = conn.Close() })
	client := testpb.NewTestServiceClient(conn)
	r := e.res.load(fmt.Sprintf("%v writes", e.conf.InFlightSleep))
	for k := range e.conf.InFlight {
		e.wg.Go(func() {
			id := fmt.Sprintf("w-%s-%d", old.Name, k)
			r.Record(load.GRPCOutcome(load.UnaryWrite(client, id, e.conf.InFlightSleep)), id)
		})
	}
	return awaitInflight(old, e.conf.InFlight)
}

// awaitInflight polls old's GET /stats until n requests are in flight.
func awaitInflight(old *fleet.Instance, n int) error {
	client := load.NewHTTPClient()
	deadline := time.Now().Add(10 * time.Second)
	ticker := time.NewTicker(5 * time.Millisecond)
	defer ticker.Stop()
	for {
		var stats struct{ Inflight int }
		resp, err := client.Get("http://" + old.RestAddr + "/stats")
		if err == nil {
			err = json.NewDecoder(resp.Body).Decode(&stats)
			resp.Body.Close()
		}
		if err == nil && stats.Inflight >= n {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: %d of %d writes in flight after 10s (%v)", old.Name, stats.Inflight, n, err)
		}
		<-ticker.C
	}
}
