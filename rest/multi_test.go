package rest

import (
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/service"
)

func TestServer_TwoServersShareOneReadiness(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	a, b := h.newServer(t), h.newServer(t)
	c := newClient(t)
	startedA := start(t, a)

	got := get(t, c, a, "/readyz")
	assert.Equal(t, http.StatusServiceUnavailable, got.status, "ready before every server listens")
	assert.Contains(t, got.body, "not listening: "+b.name)

	startedB := start(t, b)
	for _, s := range []*Server{a, b} {
		got = get(t, c, s, "/readyz")
		assert.Equal(t, http.StatusOK, got.status, "%s: %+v", s.name, got)
	}

	h.reg.Terminate(nil)
	awaitClosed(t, startedA, "a's Start did not return")
	awaitClosed(t, startedB, "b's Start did not return")
	require.NoError(t, h.reg.Wait())
	for _, s := range []*Server{a, b} {
		ln, err := net.Listen("tcp", s.Addr().String())
		require.NoError(t, err, "%s: port not free", s.name)
		require.NoError(t, ln.Close())
	}
}

func TestServer_WorksInAServiceGroup(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	a, b := h.newServer(t), h.newServer(t)
	group := service.NewServiceGroup()
	group.Add(a)
	group.Add(b)
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		group.Start()
	}()
	awaitClosed(t, a.listening, "a not listening")
	awaitClosed(t, b.listening, "b not listening")

	h.reg.Terminate(nil) // as a signal does
	h.await(t, proc.StateShuttingDown)
	group.Stop() // as go-zero's shutdown listener does, from the shutdown phase
	awaitClosed(t, returned, "the group's Start did not return")
	assert.Equal(t, proc.StateStopped, h.reg.State(), "the group returned before the sequence was done")
	assert.NoError(t, h.reg.Wait())
}

func TestServer_WorksInAServiceGroupStoppedOnItsOwn(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	a, b := h.newServer(t), h.newServer(t)
	group := service.NewServiceGroup()
	group.Add(a)
	group.Add(b)
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		group.Start()
	}()
	awaitClosed(t, a.listening, "a not listening")
	awaitClosed(t, b.listening, "b not listening")

	group.Stop() // as a test does
	awaitClosed(t, returned, "the group's Start did not return")
	assert.Equal(t, proc.StateServing, h.reg.State(), "stopping a group shut the process down")
}

func TestServer_ListenErrorStopsTheProcess(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer taken.Close()
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	other := h.newServer(t)
	startedOther := start(t, other)
	s := h.newServer(t, func(c *RestConf) { c.Port = taken.Addr().(*net.TCPAddr).Port })

	returned := make(chan struct{})
	go func() {
		defer close(returned)
		s.Start()
	}()
	awaitClosed(t, returned, "Start did not return after a listen error")
	awaitClosed(t, startedOther, "the other server's Start did not return")
	err = h.reg.Wait()
	assert.ErrorIs(t, err, syscall.EADDRINUSE)
	assert.ErrorContains(t, err, "listen on "+taken.Addr().String())
	select {
	case code := <-h.exits:
		assert.Equal(t, proc.ExitCodeFatal, code)
	case <-time.After(watchdog):
		t.Fatal("no exit after a listen error")
	}
	assert.Nil(t, s.Addr())
}

func TestServer_StartAfterTheShutdownBeganDoesNotListen(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	s := h.newServer(t)
	h.reg.Terminate(nil)
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		s.Start()
	}()
	awaitClosed(t, returned, "Start did not return")
	assert.Nil(t, s.Addr())
	assert.NoError(t, h.reg.Wait())
}

func TestServer_StartTwiceOnlyWaits(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	s := h.newServer(t)
	first := start(t, s)
	second := make(chan struct{})
	go func() {
		defer close(second)
		s.Start()
	}()
	s.Stop()
	awaitClosed(t, first, "first Start did not return")
	awaitClosed(t, second, "second Start did not return")
	assert.Equal(t, proc.StateServing, h.reg.State())
}
