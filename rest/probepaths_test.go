package rest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
)

// A service's own route at the liveness path wins over the probe.
func TestServer_RouteAtLivenessPathWins(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	s := h.newServer(t)
	s.AddRoute(Route{Method: http.MethodGet, Path: "/livez", Handler: okHandler})
	start(t, s)
	c := newClient(t)
	assert.Equal(t, "ok", get(t, c, s, "/livez").body, "the service's route answers")
	assert.Equal(t, http.StatusOK, get(t, c, s, "/readyz").status, "the readiness probe stays")
	s.Stop()
}

// A service's own route at the readiness path, or under a prefix at the
// path, keeps the server from starting, with an error that names the path
// and the setting to change.
func TestServer_RouteAtReadinessPathRefused(t *testing.T) {
	tests := []struct {
		name   string
		routes func(*Server)
		edit   func(*RestConf)
		want   string
	}{
		{
			name: "default path",
			routes: func(s *Server) {
				s.AddRoute(Route{Method: http.MethodGet, Path: "/readyz", Handler: okHandler})
			},
			want: `route GET /readyz is at the readiness probe's path: set Probes.ReadinessPath`,
		},
		{
			name: "configured path, route under a prefix",
			routes: func(s *Server) {
				s.AddRoute(Route{Method: http.MethodPost, Path: "/ready", Handler: okHandler}, WithPrefix("/health"))
			},
			edit: func(c *RestConf) { c.Probes.ReadinessPath = "/health/ready" },
			want: `route POST /health/ready is at the readiness probe's path`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, 10*time.Millisecond, 10*time.Second)
			var edits []func(*RestConf)
			if tt.edit != nil {
				edits = append(edits, tt.edit)
			}
			s := h.newServer(t, edits...)
			tt.routes(s)
			returned := make(chan struct{})
			go func() {
				defer close(returned)
				s.Start()
			}()
			awaitClosed(t, returned, "Start did not return")
			err := h.reg.Wait()
			require.Error(t, err)
			assert.ErrorContains(t, err, tt.want)
			assert.Equal(t, proc.ExitCodeFatal, <-h.exits)
		})
	}
}

// With the probes disabled, no path is checked.
func TestServer_RouteAtProbePathProbesDisabled(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	s := h.newServer(t, func(c *RestConf) { c.Probes.Disabled = true })
	s.AddRoute(Route{Method: http.MethodGet, Path: "/readyz", Handler: okHandler})
	start(t, s)
	assert.Equal(t, "ok", get(t, newClient(t), s, "/readyz").body)
	s.Stop()
}
