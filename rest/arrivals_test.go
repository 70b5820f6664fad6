package rest

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
)

func TestAwaitQuiet(t *testing.T) {
	const quiet = 500 * time.Millisecond
	tests := []struct {
		name      string
		giveQuiet time.Duration
		giveEnd   time.Duration // from the start
		giveEvery time.Duration // a connection arrives this often until giveUntil
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

				awaitQuiet(t.Context(), lastArrival, tt.giveQuiet, start.Add(tt.giveEnd))
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

func TestAwaitQuiet_EndsWithContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
		defer cancel()
		now := time.Now()
		awaitQuiet(ctx, func() time.Time { return now }, time.Hour, now.Add(time.Hour))
		assert.Equal(t, 300*time.Millisecond, time.Since(now))
	})
}

// A load balancer that still sends new connections after the drain has begun
// (Kubernetes endpoints lag behind SIGTERM) is served, not refused.
func TestServer_AcceptsWhileConnectionsArriveIntoTheDrain(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, time.Minute)
	s := h.newServer(t, func(c *RestConf) { c.Drain.QuietPeriod = 2 * time.Second })
	s.AddRoute(Route{Method: http.MethodGet, Path: "/api", Handler: func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok"))
	}})
	returned := start(t, s)
	url := "http://" + s.Addr().String() + "/api"

	h.reg.Terminate(nil)
	h.await(t, proc.StateDraining)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: watchdog}
	for i := range 10 { // a new connection each, as through a load balancer
		resp, err := client.Get(url)
		require.NoError(t, err, "request %d into the drain", i)
		_ = resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode, "request %d", i)
		assert.True(t, resp.Close, "request %d: Connection: close during the shutdown", i)
	}
	awaitClosed(t, returned, "Start did not return once the connections stopped arriving")
}
