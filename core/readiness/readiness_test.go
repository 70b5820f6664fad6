package readiness

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreCurrent())
}

func TestSet_ReadyOnlyWhenAllListeningAndNotAfterT0(t *testing.T) {
	sigs := make(chan os.Signal, 1)
	r, err := proc.NewRegistry(proc.ShutdownConf{}, proc.WithSignals(sigs), proc.WithExit(func(int) {}))
	require.NoError(t, err)
	s := For(r)
	require.Same(t, s, For(r), "For must return one Set per registry")

	status := func() int {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/ready", nil))
		return rec.Code
	}
	assert.Equal(t, http.StatusServiceUnavailable, status(), "no server yet")
	grpc, rest := s.Add("grpc :8080"), s.Add("rest :8888")
	grpc.MarkReady()
	ready, reason := s.Ready()
	assert.False(t, ready)
	assert.Equal(t, "not listening: rest :8888", reason)
	rest.MarkReady()
	assert.Equal(t, http.StatusOK, status())
	stopped := s.Add("rest :9999")
	assert.Equal(t, http.StatusServiceUnavailable, status(), "a server not listening yet")
	stopped.Remove()
	assert.Equal(t, http.StatusOK, status(), "a removed server holds nothing back")

	sigs <- syscall.SIGTERM
	<-r.Done()
	assert.Equal(t, http.StatusServiceUnavailable, status(), "ready after t0")
	require.NoError(t, r.Wait())
}

// TestSet_WaitReady returns once the last probe is ready, and with an error
// when the shutdown begins first.
func TestSet_WaitReady(t *testing.T) {
	r, err := proc.NewRegistry(proc.ShutdownConf{}, proc.WithSignals(make(chan os.Signal)), proc.WithExit(func(int) {}))
	require.NoError(t, err)
	s := For(r)
	a, b := s.Add("a"), s.Add("b")
	done := make(chan error, 1)
	go func() { done <- s.WaitReady(context.Background()) }()
	a.MarkReady()
	select {
	case err := <-done:
		t.Fatalf("WaitReady returned %v with b not ready", err)
	default:
	}
	b.MarkReady()
	require.NoError(t, <-done)

	b.MarkNotReady()
	go func() { done <- s.WaitReady(context.Background()) }()
	r.Terminate(nil)
	require.Error(t, <-done, "WaitReady must end when the shutdown begins")
	require.NoError(t, r.Wait())
}
