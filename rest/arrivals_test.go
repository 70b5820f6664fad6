package rest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
)

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
