package rest

import (
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
)

func okHandler(w http.ResponseWriter, _ *http.Request) {
	_, _ = w.Write([]byte("ok"))
}

func TestServer_ReadinessTurnsAtShutdownWhileRoutesServe(t *testing.T) {
	h := newHarness(t, time.Second, 10*time.Second)
	s := h.newServer(t)
	s.AddRoute(Route{Method: http.MethodGet, Path: "/api", Handler: okHandler})
	returned := start(t, s)
	c := newClient(t)

	got := get(t, c, s, "/readyz")
	assert.Equal(t, http.StatusOK, got.status, "readiness before shutdown: %+v", got)
	got = get(t, c, s, "/api")
	assert.Equal(t, http.StatusOK, got.status)
	assert.False(t, got.close, "Connection: close before shutdown")

	h.reg.Terminate(nil)
	got = get(t, c, s, "/readyz")
	assert.Equal(t, http.StatusServiceUnavailable, got.status, "readiness at t0: %+v", got)
	assert.Equal(t, "shutting down", got.body)

	h.await(t, proc.StateDelaying)
	got = get(t, c, s, "/api")
	assert.Equal(t, http.StatusOK, got.status, "route during the delay: %+v", got)
	assert.Equal(t, "ok", got.body)
	assert.True(t, got.close, "no Connection: close during the delay: %v", got.header)
	got = get(t, c, s, "/livez")
	assert.Equal(t, http.StatusOK, got.status, "liveness during the shutdown: %+v", got)
	addr := s.Addr().String()

	awaitClosed(t, returned, "Start did not return")
	assert.Equal(t, proc.StateStopped, h.reg.State(), "Start returned before the sequence was done")
	require.NoError(t, h.reg.Wait())
	ln, err := net.Listen("tcp", addr)
	require.NoError(t, err, "port not free after Start returned")
	require.NoError(t, ln.Close())
}
