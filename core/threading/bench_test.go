package threading

import (
	"sync"
	"testing"

	gzthreading "github.com/zeromicro/go-zero/core/threading"
)

// BenchmarkGoSafe compares a tracked GoSafe (the start site looked up, the
// Work counted and labelled) with go-zero's, in the same run: each op starts
// a goroutine that ends at once; the run waits for them all.
func BenchmarkGoSafe(b *testing.B) {
	for _, bc := range []struct {
		name   string
		goSafe func(func())
	}{
		{"go-zero", gzthreading.GoSafe},
		{"zerodown", GoSafe},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var wg sync.WaitGroup
			done := wg.Done
			b.ReportAllocs()
			for b.Loop() {
				wg.Add(1)
				bc.goSafe(done)
			}
			wg.Wait()
		})
	}
}

// BenchmarkTracking is what a tracked start adds to go-zero's, without the
// goroutine: the start site's Work looked up, counted, labelled, uncounted.
func BenchmarkTracking(b *testing.B) {
	noop := func() {}
	b.ReportAllocs()
	for b.Loop() {
		w := workAt(0)
		w.Add()
		w.Run(noop)
		w.Done()
	}
}
