package zrpc

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/metric"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/report"
	"github.com/zerodown/zerodown/internal/quiet"
	"google.golang.org/grpc"
	testgrpc "google.golang.org/grpc/interop/grpc_testing"
)

func TestCountUnary(t *testing.T) {
	var n metric.InFlight
	intercept := countUnary(&n, new(quiet.Arrivals), "zrpc test")
	info := &grpc.UnaryServerInfo{FullMethod: "/grpc.testing.TestService/UnaryCall"}

	var during int64
	resp, err := intercept(context.Background(), "req", info, func(_ context.Context, req any) (any, error) {
		during = n.Load()
		return req, nil
	})
	require.NoError(t, err)
	assert.Equal(t, "req", resp)
	assert.Equal(t, int64(1), during, "count in the handler")
	assert.Equal(t, int64(0), n.Load(), "count after the handler returned")

	assert.Panics(t, func() {
		_, _ = intercept(context.Background(), nil, info, func(context.Context, any) (any, error) { panic("boom") })
	})
	assert.Equal(t, int64(0), n.Load(), "count after the handler panicked")
}

// TestRpcServer_InFlightAtDrainStart holds a unary call in its handler and a
// stream open when the drain begins: the drain-start gauge and the report
// both say so, and the termination log of RpcServerConf.Report is written.
func TestRpcServer_InFlightAtDrainStart(t *testing.T) {
	reg := newRegistry(t, 50*time.Millisecond, proc.WithObserver(metric.Default()))
	c := testConf(freeAddr(t))
	c.Report.TerminationLogPath = filepath.Join(t.TempDir(), "termination-log")
	r := startServer(t, reg, c, newTestService())
	rec := report.For(reg, report.Conf{})
	client := testgrpc.NewTestServiceClient(dial(t, r.addr))
	ctx := ctxWatchdog(t)

	called := make(chan error, 1)
	go func() {
		_, err := client.UnaryCall(ctx, &testgrpc.SimpleRequest{ResponseSize: 1}, grpc.WaitForReady(true))
		called <- err
	}()
	recv(t, r.svc.entered, "call in flight")
	stream, err := client.StreamingOutputCall(ctx, &testgrpc.StreamingOutputCallRequest{
		Payload: &testgrpc.Payload{Body: []byte(streamUntilDraining)}})
	require.NoError(t, err)
	_, err = stream.Recv()
	require.NoError(t, err)
	recv(t, r.svc.streams, "stream open")

	reg.Terminate(nil)
	recv(t, reg.Draining(), "drain begins")
	close(r.svc.release)
	require.NoError(t, recv(t, called, "call returns"), "a call in flight at the drain")
	require.NoError(t, r.wait(t))
	require.NoError(t, reg.Wait())

	name := "zrpc " + r.addr
	want := `
# HELP zerodown_shutdown_drain_start_in_flight What each server had in flight when the drain phase began, by kind: requests, streams.
# TYPE zerodown_shutdown_drain_start_in_flight gauge
zerodown_shutdown_drain_start_in_flight{kind="requests",server="` + name + `"} 1
zerodown_shutdown_drain_start_in_flight{kind="streams",server="` + name + `"} 1
`
	assert.NoError(t, testutil.GatherAndCompare(prometheus.DefaultGatherer, strings.NewReader(want),
		"zerodown_shutdown_drain_start_in_flight"))

	rep, ok := rec.Last()
	require.True(t, ok, "no shutdown report")
	assert.Equal(t, []report.InFlight{
		{Server: name, Kind: "requests", N: 1},
		{Server: name, Kind: "streams", N: 1},
	}, rep.InFlight, "in flight at drain start")
	assert.Empty(t, rep.LeftInFlight, "everything drained")

	file, err := os.ReadFile(c.Report.TerminationLogPath)
	require.NoError(t, err, "termination log")
	assert.Equal(t, rep.String(), string(file))
	assert.Contains(t, string(file), "in flight at drain start: "+name+" requests 1, "+name+" streams 1")
}

// TestRpcServer_OneReportPerRegistry runs two servers on one Registry; only
// the second sets a termination log: it gets the one report, which names
// both servers.
func TestRpcServer_OneReportPerRegistry(t *testing.T) {
	reg := newRegistry(t, 50*time.Millisecond)
	first := startServer(t, reg, testConf(freeAddr(t)), newTestService())
	c := testConf(freeAddr(t))
	c.Report.TerminationLogPath = filepath.Join(t.TempDir(), "termination-log")
	second := startServer(t, reg, c, newTestService())
	for _, r := range []*running{first, second} {
		_, err := testgrpc.NewTestServiceClient(dial(t, r.addr)).UnaryCall(ctxWatchdog(t),
			&testgrpc.SimpleRequest{}, grpc.WaitForReady(true))
		require.NoError(t, err)
	}

	reg.Terminate(nil)
	require.NoError(t, first.wait(t))
	require.NoError(t, second.wait(t))

	rep, ok := report.For(reg, report.Conf{}).Last()
	require.True(t, ok, "no shutdown report")
	file, err := os.ReadFile(c.Report.TerminationLogPath)
	require.NoError(t, err, "termination log of the second server's conf")
	assert.Equal(t, rep.String(), string(file))
	drained := map[string]string{}
	for _, h := range rep.Hooks {
		if h.Phase == "drain" {
			drained[h.Name] = h.Outcome
		}
	}
	for _, r := range []*running{first, second} {
		assert.Equal(t, "ok", drained["zrpc "+r.addr], "drain of %s in the report; hooks: %+v", r.addr, rep.Hooks)
		assert.Contains(t, rep.InFlight, report.InFlight{Server: "zrpc " + r.addr, Kind: "requests", N: 0})
	}
}
