package rest

import (
	"net"
	"net/http"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
)

// freePort returns a port that nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	require.NoError(t, ln.Close())
	return port
}

// As go-zero's own tests do: servers on one address, one after the other, in
// one process.
func TestServer_StopFreesThePortForTheNextServer(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	port := freePort(t)
	onPort := func(c *RestConf) { c.Port = port }
	for i := range 3 {
		s := h.newServer(t, onPort)
		s.AddRoute(Route{Method: http.MethodGet, Path: "/api", Handler: okHandler})
		returned := start(t, s)
		assert.Equal(t, "ok", get(t, newClient(t), s, "/api").body, "server %d", i)
		assert.Equal(t, http.StatusOK, get(t, newClient(t), s, "/readyz").status, "server %d", i)

		s.Stop()
		awaitClosed(t, returned, "Start did not return after Stop")
		ln, err := net.Listen("tcp", s.Addr().String())
		require.NoError(t, err, "server %d: port not free after Stop", i)
		require.NoError(t, ln.Close())
	}
	assert.Equal(t, proc.StateServing, h.reg.State(), "Stop of one server shut the process down")
}

func TestServer_StopDrainsTheRequestsInFlight(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	s := h.newServer(t)
	entered, release := make(chan struct{}), make(chan struct{})
	s.AddRoute(Route{Method: http.MethodGet, Path: "/slow", Handler: func(w http.ResponseWriter, _ *http.Request) {
		close(entered)
		<-release
		_, _ = w.Write([]byte("done"))
	}})
	start(t, s)
	got := make(chan reply, 1)
	go func() { got <- get(t, newClient(t), s, "/slow") }()
	awaitClosed(t, entered, "request not started")

	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		s.Stop()
	}()
	awaitClosed(t, s.served, "Stop did not close the listener") // Serve has returned
	select {
	case <-stopped:
		t.Fatal("Stop returned with a request in flight")
	default:
	}
	close(release)
	awaitClosed(t, stopped, "Stop did not return")
	assert.Equal(t, "done", (<-got).body)
}

func TestServer_SecondServerOnAPortInUseFailsClearly(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	port := freePort(t)
	first := h.newServer(t, func(c *RestConf) { c.Port = port })
	start(t, first)
	second, err := NewServer(testConf(t, func(c *RestConf) {
		c.Port = port
		c.Shutdown.WrapUpTime, c.Shutdown.WaitTime = 10*time.Millisecond, 10*time.Second
		c.Drain.Timeout = time.Second
	}), WithRegistry(h.reg))
	require.NoError(t, err, "a second server on one address must be built (go-zero's tests do)")
	assert.NotEqual(t, first.name, second.name, "hook names must be unique per server")

	second.Start()
	err = h.reg.Wait()
	assert.ErrorIs(t, err, syscall.EADDRINUSE)
	assert.ErrorContains(t, err, "listen on 127.0.0.1:"+strconv.Itoa(port))
}

func TestServer_StopBeforeStartMakesStartReturnWithoutListening(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	s := h.newServer(t)
	s.Stop()
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		s.Start()
	}()
	awaitClosed(t, returned, "Start did not return")
	assert.Nil(t, s.Addr())
	assert.Equal(t, proc.StateServing, h.reg.State())
}
