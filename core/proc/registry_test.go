package proc

import (
	"context"
	"errors"
	"os"
	"slices"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder collects events in order; it is safe for concurrent use.
type recorder struct {
	mu     sync.Mutex
	events []string
}

func (r *recorder) add(e string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

func (r *recorder) get() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

// exitRecorder stands in for os.Exit.
type exitRecorder struct {
	codes chan int
}

func newExitRecorder() *exitRecorder { return &exitRecorder{codes: make(chan int, 4)} }

func (e *exitRecorder) exit(code int) { e.codes <- code }

func newTestRegistry(t *testing.T, c ShutdownConf, opts ...Option) (*Registry, chan os.Signal, *exitRecorder) {
	t.Helper()
	sigs := make(chan os.Signal, 2)
	ex := newExitRecorder()
	r, err := NewRegistry(c, append([]Option{WithSignals(sigs), WithExit(ex.exit)}, opts...)...)
	require.NoError(t, err)
	return r, sigs, ex
}

func TestRegistry_SequenceOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r, sigs, ex := newTestRegistry(t, ShutdownConf{WrapUpTime: time.Second, WaitTime: 10 * time.Second})
		var rec recorder
		r.AddShutdownListener(func() { rec.add("db close") })
		require.NoError(t, r.AddShutdownHook("cache flush", func(context.Context) error {
			rec.add("cache flush")
			return nil
		}))
		require.NoError(t, r.AddDrainHook("server", func(context.Context) error {
			rec.add("drain")
			return nil
		}))
		r.AddWrapUpListener(func() {
			time.Sleep(3 * time.Second)
			rec.add("wrap-up")
		})

		sigs <- syscall.SIGTERM
		<-r.Done()
		require.NoError(t, r.Wait())
		assert.Equal(t, []string{"wrap-up", "drain", "cache flush", "db close"}, rec.get())
		assert.Equal(t, StateStopped, r.State())
		assert.Empty(t, ex.codes)
	})
}

func TestRegistry_ForceQuitNamesStuckHook(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r, sigs, ex := newTestRegistry(t, ShutdownConf{WrapUpTime: time.Second, WaitTime: 2 * time.Second})
		release := make(chan struct{})
		require.NoError(t, r.AddShutdownHook("stuck", func(context.Context) error {
			<-release
			return nil
		}))
		sigs <- syscall.SIGTERM
		assert.Equal(t, ExitCodeForceQuit, <-ex.codes)
		err := r.Wait()
		var he *HookError
		require.True(t, errors.As(err, &he), "Wait() = %v, want a *HookError", err)
		assert.Equal(t, "stuck", he.Name)
		assert.Equal(t, OutcomeTimeout, he.Outcome)
		close(release)
	})
}
