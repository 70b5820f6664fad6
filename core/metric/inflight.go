package metric

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/logx"
)

type (
	// A Kind is what an in-flight count counts.
	Kind int

	// An InFlight counts the requests or streams a server is handling now.
	// Its zero value is ready to use; it is safe for concurrent use and costs
	// one atomic add on each side of a call, with no allocation.
	//
	// The count is kept in shards, each on a cache line of its own, and a
	// call is counted in a shard picked at random: calls on different cores
	// rarely add to the same cache line, so that counting does not bounce one
	// line between the cores. A call leaves the shard it entered (Dec takes
	// the Shard that Inc returned), so that no shard is ever below zero and
	// [InFlight.Load] reads zero only when every call that was in flight when
	// it began has ended.
	InFlight struct {
		shards [inFlightShards]inFlightShard
	}

	// A Shard is where [InFlight.Inc] counted a call: pass it to
	// [InFlight.Dec] when the call ends.
	Shard uint8

	inFlightShard struct {
		n atomic.Int64
		_ [cacheLine - 8]byte
	}

	// inFlightCollector exports the counts that servers track, read at
	// scrape time.
	inFlightCollector struct {
		descs [numKinds]*prometheus.Desc

		mu      sync.Mutex // guards following
		next    int
		tracked map[int]tracked
	}

	tracked struct {
		server string
		kind   Kind
		fn     func() int64
	}

	// A Count is what one server has in flight of one kind.
	Count struct {
		// Server is the name the count was tracked under.
		Server string
		// Kind is what is counted: requests or streams.
		Kind Kind
		// N is the count.
		N int64
	}
)

const (
	// Requests counts unary calls and HTTP requests.
	Requests Kind = iota
	// Streams counts open gRPC streams and long-lived HTTP responses.
	Streams
	// Work counts work outside requests that the shutdown waits for: the
	// proc.Works of proc.DefaultRegistry (core/threading's goroutines by
	// start site, queue consumers' handlers); its Server is the Work's name.
	// It is read from proc, not tracked here (see work.go).
	Work
	numKinds = int(Work) + 1
)

// String returns the kind's name, as in the metric names.
func (k Kind) String() string {
	switch k {
	case Requests:
		return "requests"
	case Streams:
		return "streams"
	case Work:
		return "work"
	default:
		return fmt.Sprintf("Kind(%d)", int(k))
	}
}

const (
	// inFlightShards is the number of shards of an InFlight: with calls on
	// GOMAXPROCS cores, two of them add to one shard at a time with a
	// chance of about 1/inFlightShards.
	inFlightShards = 16
	// cacheLine is the size of a cache line on the CPUs Go runs on most.
	cacheLine = 64
)

// Inc counts one more request or stream and returns the shard it was
// counted in; pass it to Dec when the call ends.
func (f *InFlight) Inc() Shard {
	s := Shard(rand.Uint32() % inFlightShards)
	f.shards[s].n.Add(1)
	return s
}

// Dec counts one request or stream less, in s, the shard that Inc returned
// for it.
func (f *InFlight) Dec(s Shard) { f.shards[s%inFlightShards].n.Add(-1) }

// Load returns the count now, the sum of the shards; pass f.Load to
// [Metrics.TrackInFlight]. It never reads zero while a call that was in
// flight when Load began is still in flight; a call that begins while Load
// reads may or may not be counted.
func (f *InFlight) Load() int64 {
	var n int64
	for i := range f.shards {
		n += f.shards[i].n.Load()
	}
	return n
}

// TrackInFlight makes the in-flight gauge of kind report fn for server, on
// [Default]; see [Metrics.TrackInFlight]. It also has proc.DefaultRegistry
// count fn: no shutdown hook starts while it is above zero, and the force
// quit logs it (see proc.Registry.TrackInFlight).
func TrackInFlight(server string, kind Kind, fn func() int64) (untrack func()) {
	untrackMetric := Default().TrackInFlight(server, kind, fn)
	if fn == nil {
		return untrackMetric
	}
	untrackProc := proc.TrackInFlight(server+" "+kind.String(), fn)
	return func() {
		untrackMetric()
		untrackProc()
	}
}

// TrackInFlight makes zerodown_shutdown_in_flight_requests (or _streams)
// report fn() for the label server at each scrape, until untrack is called.
// fn must be cheap, safe for concurrent use, and must not block: it runs on
// the scrape. Counts tracked under the same server and kind are added up.
// A nil fn or an unknown kind is logged and tracks nothing. TrackInFlight is
// safe for concurrent use; untrack is idempotent.
func (m *Metrics) TrackInFlight(server string, kind Kind, fn func() int64) (untrack func()) {
	if fn == nil || kind < 0 || int(kind) >= numKinds {
		logx.Errorf("metric: track in-flight %s of %q: nil func or unknown kind ignored", kind, server)
		return func() {}
	}
	c := m.inFlight
	c.mu.Lock()
	defer c.mu.Unlock()
	id := c.next
	c.next++
	c.tracked[id] = tracked{server: server, kind: kind, fn: fn}
	return sync.OnceFunc(func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.tracked, id)
	})
}

func newInFlightCollector() *inFlightCollector {
	c := &inFlightCollector{tracked: make(map[int]tracked)}
	for k := range Kind(numKinds) {
		if k == Work {
			c.descs[k] = workDesc()
			continue
		}
		c.descs[k] = prometheus.NewDesc(
			prometheus.BuildFQName(namespace, subsystem, "in_flight_"+k.String()),
			"The "+k.String()+" a server is handling now; during a shutdown, what is left to drain.",
			[]string{"server"}, nil)
	}
	return c
}

// Describe implements prometheus.Collector.
func (c *inFlightCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.descs {
		ch <- d
	}
}

// Collect implements prometheus.Collector: it reports the tracked counts
// summed by server and kind.
func (c *inFlightCollector) Collect(ch chan<- prometheus.Metric) {
	for _, n := range c.counts() {
		ch <- prometheus.MustNewConstMetric(c.descs[n.Kind], prometheus.GaugeValue, float64(n.N), n.Server)
	}
}

// InFlightNow returns what each server has in flight now, summed by server
// and kind and sorted by server then kind, as the in-flight gauges would
// report it. The shutdown report reads it when the drain begins.
func (m *Metrics) InFlightNow() []Count {
	return m.inFlight.counts()
}

// counts sums the tracked counts by server and kind. The counts are read
// without holding the lock.
func (c *inFlightCollector) counts() []Count {
	type key struct {
		server string
		kind   Kind
	}
	c.mu.Lock()
	all := make([]tracked, 0, len(c.tracked))
	for _, t := range c.tracked {
		all = append(all, t)
	}
	c.mu.Unlock()

	sums := make(map[key]int64, len(all))
	for _, t := range all {
		sums[key{t.server, t.kind}] += t.fn()
	}
	out := make([]Count, 0, len(sums))
	for k, v := range sums {
		out = append(out, Count{Server: k.server, Kind: k.kind, N: v})
	}
	out = append(out, workCounts()...)
	slices.SortFunc(out, func(a, b Count) int {
		return cmp.Or(strings.Compare(a.Server, b.Server), cmp.Compare(a.Kind, b.Kind))
	})
	return out
}
