package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/zerodown/zerodown/tools/drill/internal/fleet"
	"github.com/zerodown/zerodown/tools/drill/internal/load"
	"github.com/zerodown/zerodown/tools/drill/internal/table"
	"github.com/zerodown/zerodown/tools/drill/internal/tally"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	testpb "google.golang.org/grpc/interop/grpc_testing"
)

// throughput runs the same handler (UnaryCall with no work and no write) on
// one instance of each build, in alternating rounds, and adds calls per
// second to t.
func (d *drill) throughput(t *table.Table) error {
	clients := make([]testpb.TestServiceClient, len(d.builds))
	var insts []*fleet.Instance
	defer func() { stopAll(insts) }()
	for i, b := range d.builds {
		dir := filepath.Join(d.dir, b.name+"-throughput")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		spec := fleet.Spec{Bin: b.bin, Dir: dir, WrapUpTime: d.conf.WrapUpTime, WaitTime: d.conf.WaitTime}
		inst, err := fleet.Start(spec, "t0")
		if err != nil {
			return err
		}
		insts = append(insts, inst)
		conn, err := grpc.NewClient(inst.RpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			return err
		}
		defer conn.Close()
		clients[i] = testpb.NewTestServiceClient(conn)
		if err := warm(clients[i]); err != nil {
			return err
		}
	}

	// Rounds go A B, B A, A B ...: each build runs first as often as second.
	counts := make([]tally.Counts, len(d.builds))
	elapsed := make([]time.Duration, len(d.builds))
	for round := range d.conf.Rounds {
		order := []int{0, 1}
		if round%2 == 1 {
			order = []int{1, 0}
		}
		for _, i := range order {
			var r load.Result
			start := time.Now()
			l := load.New().Run(d.conf.Workers, d.conf.MaxCalls*10, load.Empty(clients[i], &r))
			time.Sleep(d.conf.Throughput)
			l.Stop()
			elapsed[i] += time.Since(start)
			c := r.Calls.Counts()
			if counts[i] == nil {
				counts[i] = make(tally.Counts)
			}
			for k, v := range c {
				counts[i][k] += v
			}
			d.progress("throughput %-8s round %d: %.0f calls/s", d.builds[i].name, round+1,
				float64(ok(c))/time.Since(start).Seconds())
		}
	}
	title := fmt.Sprintf("throughput %d×%v", d.conf.Rounds, d.conf.Throughput)
	rate := func(i int) table.Cell {
		return table.Num(float64(ok(counts[i]))/elapsed[i].Seconds(), "%.0f/s")
	}
	t.Add(title, "UnaryCall, no work, ok/s", rate(0), rate(1))
	t.Add(title, "failed", failed(counts[0]), failed(counts[1]))
	d.keys[title] = "throughput"
	return nil
}
