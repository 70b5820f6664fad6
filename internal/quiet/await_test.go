package quiet

import (
	"context"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestAwait(t *testing.T) {
	const quiet = 500 * time.Millisecond
	tests := []struct {
		name      string
		giveQuiet time.Duration
		giveEnd   time.Duration // from the start
		giveEvery time.Duration // an arrival this often until giveUntil
		giveUntil time.Duration
		wantAfter time.Duration
	}{
		{name: "quiet already", giveQuiet: quiet, giveEnd: time.Hour, wantAfter: 0},
		{name: "arrivals keep it open", giveQuiet: quiet, giveEnd: time.Hour,
			giveEvery: 200 * time.Millisecond, giveUntil: time.Second, wantAfter: time.Second + quiet},
		{name: "bounded by the end", giveQuiet: quiet, giveEnd: 800 * time.Millisecond,
			giveEvery: 100 * time.Millisecond, giveUntil: time.Hour, wantAfter: 800 * time.Millisecond},
		{name: "negative quiet", giveQuiet: -1, giveEnd: time.Hour,
			giveEvery: 100 * time.Millisecond, giveUntil: time.Second, wantAfter: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				start := time.Now()
				var last atomic.Int64
				last.Store(start.Add(-time.Second).UnixNano())
				stop := make(chan struct{})
				defer close(stop)
				if tt.giveEvery > 0 {
					last.Store(start.UnixNano())
					go arrive(&last, tt.giveEvery, start.Add(tt.giveUntil), stop)
				}
				lastArrival := func() time.Time { return time.Unix(0, last.Load()) }

				Await(t.Context(), lastArrival, tt.giveQuiet, start.Add(tt.giveEnd))
				assert.Equal(t, tt.wantAfter, time.Since(start))
			})
		})
	}
}

// arrive records an arrival every d until end or stop.
func arrive(last *atomic.Int64, d time.Duration, end time.Time, stop <-chan struct{}) {
	ticker := time.NewTicker(d)
	defer ticker.Stop()
	for {
		select {
		case now := <-ticker.C:
			if now.After(end) {
				return
			}
			last.Store(now.UnixNano())
		case <-stop:
			return
		}
	}
}

func TestAwait_EndsWithContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
		defer cancel()
		now := time.Now()
		Await(ctx, func() time.Time { return now }, time.Hour, now.Add(time.Hour))
		assert.Equal(t, 300*time.Millisecond, time.Since(now))
	})
}
