package gozero

import (
	"strconv"
	"sync"
	"testing"
)

// BenchmarkServersRunning measures the check the propagation delay makes at
// every shutdown, with n goroutines parked in one stack (open streams).
func BenchmarkServersRunning(b *testing.B) {
	for _, n := range []int{20, 10000} {
		b.Run("goroutines="+strconv.Itoa(n), func(b *testing.B) {
			release := make(chan struct{})
			var parked sync.WaitGroup
			parked.Add(n)
			for range n {
				go func() {
					parked.Done()
					<-release
				}()
			}
			parked.Wait()
			defer close(release)
			b.ResetTimer()
			for b.Loop() {
				if ServersRunning() {
					b.Fatal("no go-zero server runs here")
				}
			}
		})
	}
}
