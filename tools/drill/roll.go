package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/zerodown/zerodown/internal/kaload"
	"github.com/zerodown/zerodown/tools/drill/internal/consumed"
	"github.com/zerodown/zerodown/tools/drill/internal/fleet"
	"github.com/zerodown/zerodown/tools/drill/internal/lb"
	"github.com/zerodown/zerodown/tools/drill/internal/load"
	"github.com/zerodown/zerodown/tools/drill/internal/tally"
	"github.com/zerodown/zerodown/tools/drill/internal/timeline"
	testpb "google.golang.org/grpc/interop/grpc_testing"
)

// exitGrace is how long past WaitTime the drill waits for an instance to
// exit before it SIGKILLs it.
const exitGrace = 5 * time.Second

type (
	// An env is what a scenario's load and hooks work with.
	env struct {
		conf   config
		res    *result
		client testpb.TestServiceClient // etcd discovery; nil unless scenario.etcd
		lb     *lb.LB                   // nil unless scenario.lb
		lbBase string
		// lbClients are gRPC clients through lb; nil unless scenario.lbRPC.
		lbClients []testpb.TestServiceClient
		wg        sync.WaitGroup // calls that beforeTerm started
		stock     bool           // the stock build: go-zero's client as it is
		closer    []func()
	}

	// A result is what one scenario run on one build saw.
	result struct {
		loads   map[string]*load.Result
		order   []string
		streams tally.Counter
		moving  load.StreamStats // the etcd streams scenario
		exits   []fleet.Exit
		found   map[string]bool
		lbFails int64
		// ka holds each run of the keep-alive scenario, of kaClients clients.
		ka        []kaload.Counts
		kaClients int
		// ready holds, per restart of the in-place upgrade scenario, the
		// time from the signal until the new process served.
		ready []time.Duration
		// kafka holds each run of the kafka scenario, of consumers
		// instances, and kafkaFailed each run's failed pushes.
		kafka       []consumed.Counts
		kafkaFailed []int
		consumers   int
		// timeline counts every load's calls over time, for the picture.
		timeline *timeline.Timeline
	}
)

// load returns the named load's result, creating it.
func (r *result) load(name string) *load.Result {
	if r.loads == nil {
		r.loads = make(map[string]*load.Result)
	}
	if r.timeline == nil {
		r.timeline = timeline.New()
	}
	if _, ok := r.loads[name]; !ok {
		r.loads[name] = &load.Result{Timeline: r.timeline}
		r.order = append(r.order, name)
	}
	return r.loads[name]
}

// summary is a one-line digest for the progress log.
func (r *result) summary() string {
	var parts []string
	for _, name := range r.order {
		c := r.loads[name].Calls.Counts()
		parts = append(parts, fmt.Sprintf("%s: %s; lost %d", name, c, len(r.loads[name].Writes.Lost(r.found))))
	}
	if n := r.moving.Moved(); n > 0 || len(r.moving.Cut()) > 0 {
		lost, repeated := r.moving.Lost()
		parts = append(parts, fmt.Sprintf("streams: %d moved, cut %v, %d lost, %d repeated, longest gap %v",
			n, r.moving.Cut(), lost, repeated, r.moving.LongestGap().Round(time.Millisecond)))
	}
	if s := r.streams.Counts(); s.Total() > 0 {
		parts = append(parts, "streams: "+s.String())
	}
	for i, c := range r.ka {
		parts = append(parts, fmt.Sprintf("run %d: %s", i+1, c))
	}
	for i, c := range r.kafka {
		parts = append(parts, fmt.Sprintf("run %d: %s", i+1, kafkaSummary(c, r.kafkaFailed[i])))
	}
	for _, e := range r.exits {
		parts = append(parts, fmt.Sprintf("%s exit %d in %.2fs", e.Name, e.Code, e.After.Seconds()))
	}
	return strings.Join(parts, "; ")
}

// runScenario starts N instances, starts the load, restarts every instance
// in turn, stops the load and the instances, and reads the stores.
func (d *drill) runScenario(sc scenario, b build) (*result, error) {
	dir := filepath.Join(d.dir, b.name+"-"+sc.key)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	spec := fleet.Spec{Bin: b.bin, Dir: dir, WrapUpTime: d.conf.WrapUpTime, WaitTime: d.conf.WaitTime}
	if sc.etcd {
		spec.EtcdHosts = d.etcd.Endpoints()
		spec.EtcdKey = "drill." + b.name + "." + sc.key
	}
	e := &env{conf: d.conf, res: new(result), stock: b.name == "stock"}
	defer func() {
		for _, c := range e.closer {
			c()
		}
	}()

	insts, err := startAll(spec, d.conf.Instances)
	defer func() { stopAll(insts) }()
	if err != nil {
		return nil, err
	}
	if err := e.connect(sc, spec, insts); err != nil {
		return nil, err
	}
	var loops []*load.Loop
	if sc.load != nil {
		loops = sc.load(e)
	}

	for k, old := range insts {
		repl, err := fleet.Start(spec, fmt.Sprintf("i%d", len(insts)+k))
		if err != nil {
			stopLoops(loops)
			return nil, err
		}
		if e.lb != nil {
			e.lb.Add(sc.lbAddr(repl))
		}
		if sc.beforeTerm != nil {
			if err := sc.beforeTerm(e, old); err != nil {
				stopLoops(loops)
				return nil, err
			}
		}
		if e.lb != nil {
			e.lb.Remove(sc.lbAddr(old))
		}
		e.res.timeline.Mark("TERM")
		if err := old.Term(); err != nil {
			stopLoops(loops)
			return nil, err
		}
		e.res.exits = append(e.res.exits, old.Wait(d.conf.WaitTime+exitGrace))
		insts[k] = repl
		if e.lb != nil {
			// Let the lag run out before the next instance goes.
			wait(old.TermAt().Add(d.conf.Lag))
		}
	}
	stopLoops(loops)
	e.wg.Wait()
	if e.lb != nil {
		e.res.lbFails = e.lb.DialFails()
	}
	for _, ex := range stopAll(insts) {
		if ex.Code != 0 {
			d.progress("note: %s %s (not restarted) exited %d after %.2fs", b.name, ex.Name, ex.Code, ex.After.Seconds())
		}
	}
	insts = nil
	e.res.found, err = readStores(dir)
	return e.res, err
}
