package proc

import (
	"context"
	"strconv"
	"testing"

	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

func nopHook(context.Context) error { return nil }

func BenchmarkRegistry_AddShutdownHook(b *testing.B) {
	logtest.Discard(&testing.T{})
	names := make([]string, b.N)
	for i := range names {
		names[i] = "hook-" + strconv.Itoa(i)
	}
	r := MustNewRegistry(ShutdownConf{})
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if err := r.AddShutdownHook(names[i], nopHook); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRegistry_AddShutdownListener(b *testing.B) {
	r := MustNewRegistry(ShutdownConf{})
	fn := func() {}
	b.ReportAllocs()
	for b.Loop() {
		r.AddShutdownListener(fn)
	}
}

// BenchmarkRegistry_Sequence10k measures a whole shutdown sequence (signal to
// Wait returning) with 10,000 no-op hooks in one phase: the lifecycle's own
// overhead, logging included (to io.Discard) or with logs disabled.
func BenchmarkRegistry_Sequence10k(b *testing.B) {
	const hooks = 10000
	for _, phase := range []Phase{PhaseShutdown, PhaseWrapUp} {
		for _, logs := range []bool{true, false} {
			name := phase.String() + "/logs=" + strconv.FormatBool(logs)
			b.Run(name, func(b *testing.B) {
				benchSequence(b, phase, hooks, logs)
			})
		}
	}
}

func benchSequence(b *testing.B, phase Phase, hooks int, logs bool) {
	t := &testing.T{}
	logtest.Discard(t)
	if !logs {
		logx.SetLevel(logx.SevereLevel)
		defer logx.SetLevel(logx.InfoLevel)
	}
	names := make([]string, hooks)
	for i := range names {
		names[i] = "hook-" + strconv.Itoa(i)
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		r := MustNewRegistry(ShutdownConf{}, WithExit(func(int) {}))
		for _, name := range names {
			if err := r.AddHook(phase, name, nopHook); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		r.Terminate(nil)
		if err := r.Wait(); err != nil {
			b.Fatal(err)
		}
	}
}
