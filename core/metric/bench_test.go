package metric

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/logx"
)

// handler stands in for a request handler; a func variable keeps it from
// being inlined away.
var handler = func() {}

// BenchmarkInFlight shows what counting adds to a request: compare with none;
// run it with -cpu 1,2,4 to compare the shards with one shared atomic.
func BenchmarkInFlight(b *testing.B) {
	b.Run("none", func(b *testing.B) {
		for b.Loop() {
			handler()
		}
	})
	b.Run("counted", func(b *testing.B) {
		var f InFlight
		for b.Loop() {
			shard := f.Inc()
			handler()
			f.Dec(shard)
		}
	})
	b.Run("one-atomic-parallel", func(b *testing.B) {
		// What InFlight was before its shards: one counter every core adds to.
		var n atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				n.Add(1)
				handler()
				n.Add(-1)
			}
		})
	})
	b.Run("counted-parallel", func(b *testing.B) {
		var f InFlight
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				shard := f.Inc()
				handler()
				f.Dec(shard)
			}
		})
	})
}

// BenchmarkMetrics_HookEnded is the observer's cost per hook, over 10k hook
// names; the first round creates the series.
func BenchmarkMetrics_HookEnded(b *testing.B) {
	m := MustNew(WithRegisterer(prometheus.NewRegistry()))
	names := hookNames(10000)
	i := 0
	for b.Loop() {
		m.HookStarted(proc.PhaseShutdown, names[i], time.Time{})
		m.HookEnded(proc.PhaseShutdown, names[i], proc.OutcomeOK, time.Millisecond, nil)
		i = (i + 1) % len(names)
	}
}

// BenchmarkShutdown10kHooks runs a whole shutdown of 10k hooks, with and
// without the metrics, each on fresh series.
func BenchmarkShutdown10kHooks(b *testing.B) {
	logx.Disable()
	names := hookNames(10000)
	run := func(b *testing.B, opts func() []proc.Option) {
		for b.Loop() {
			r, err := proc.NewRegistry(proc.ShutdownConf{WaitTime: time.Minute}, opts()...)
			if err != nil {
				b.Fatal(err)
			}
			for _, name := range names {
				if err := r.AddShutdownHook(name, func(context.Context) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
			r.Terminate(nil)
			if err := r.Wait(); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("none", func(b *testing.B) {
		run(b, func() []proc.Option { return nil })
	})
	b.Run("metrics", func(b *testing.B) {
		run(b, func() []proc.Option {
			return []proc.Option{proc.WithObserver(MustNew(WithRegisterer(prometheus.NewRegistry())))}
		})
	})
}

func hookNames(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = "hook-" + strconv.Itoa(i)
	}
	return names
}
