package proc

import (
	"context"
	"os"
	"slices"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/logx/logtest"
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

// hookFunc returns a hook that records name after running for d.
func (r *recorder) hookFunc(name string, d time.Duration) HookFunc {
	return func(context.Context) error {
		time.Sleep(d) // fake clock inside synctest bubbles
		r.add(name)
		return nil
	}
}

type testRegistry struct {
	*Registry
	sigs  chan os.Signal
	exits chan int
}

// newTestRegistry returns a Registry with injected signals and exit.
func newTestRegistry(t *testing.T, c ShutdownConf, opts ...Option) testRegistry {
	t.Helper()
	tr := testRegistry{sigs: make(chan os.Signal, 2), exits: make(chan int, 4)}
	opts = append([]Option{WithSignals(tr.sigs), WithExit(func(code int) { tr.exits <- code })}, opts...)
	r, err := NewRegistry(c, opts...)
	require.NoError(t, err)
	tr.Registry = r
	t.Cleanup(func() { // ends the signal watcher of a registry a test did not stop
		r.Terminate(nil)
		<-r.Finished()
	})
	return tr
}

func TestRegistry_SequenceOrder(t *testing.T) {
	logtest.Discard(t)
	synctest.Test(t, func(t *testing.T) {
		r := newTestRegistry(t, ShutdownConf{WrapUpTime: time.Second, WaitTime: 10 * time.Second})
		var rec recorder
		r.AddShutdownListener(func() { rec.add("db close") })
		require.NoError(t, r.AddShutdownHook("cache flush", rec.hookFunc("cache flush", 0)))
		require.NoError(t, r.AddDrainHook("server", rec.hookFunc("drain", 0)))
		r.AddWrapUpListener(func() { time.Sleep(3 * time.Second); rec.add("wrap-up") })

		start := time.Now()
		r.sigs <- syscall.SIGTERM
		require.NoError(t, r.Wait())
		assert.Equal(t, []string{"wrap-up", "drain", "cache flush", "db close"}, rec.get())
		assert.Equal(t, 3*time.Second, time.Since(start), "fake time: the wrap-up's 3s, the delay ended inside it")
		assert.Equal(t, StateStopped, r.State())
		assert.Empty(t, r.exits)
	})
}

func TestRegistry_DelayOnlyWithServers(t *testing.T) {
	logtest.Discard(t)
	tests := []struct {
		name      string
		giveDrain bool
		wantTime  time.Duration
	}{
		{name: "idle registry exits at once", giveDrain: false, wantTime: 0},
		{name: "server keeps serving WrapUpTime", giveDrain: true, wantTime: 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newTestRegistry(t, ShutdownConf{WrapUpTime: 2 * time.Second, WaitTime: 5 * time.Second})
				var drainedAt time.Duration
				start := time.Now()
				if tt.giveDrain {
					require.NoError(t, r.AddDrainHook("server", func(context.Context) error {
						drainedAt = time.Since(start)
						return nil
					}))
				}
				r.sigs <- syscall.SIGTERM
				require.NoError(t, r.Wait())
				assert.Equal(t, tt.wantTime, time.Since(start))
				assert.Equal(t, tt.wantTime, drainedAt)
			})
		})
	}
}

func TestRegistry_ShutdownHooksRunInReverseAndByOrder(t *testing.T) {
	logtest.Discard(t)
	synctest.Test(t, func(t *testing.T) {
		r := newTestRegistry(t, ShutdownConf{})
		var rec recorder
		require.NoError(t, r.AddShutdownHook("svc", rec.hookFunc("svc", 0)))
		require.NoError(t, r.AddShutdownHook("mq", rec.hookFunc("mq", 0)))
		require.NoError(t, r.AddShutdownHook("db", rec.hookFunc("db", 0)))
		require.NoError(t, r.AddShutdownHook("tracing", rec.hookFunc("tracing", 0), WithOrder(1)))
		require.NoError(t, r.AddShutdownHook("logs", rec.hookFunc("logs", 0), WithOrder(2)))
		require.NoError(t, r.AddShutdownHook("first", rec.hookFunc("first", 0), WithOrder(-1)))

		r.Terminate(nil)
		require.NoError(t, r.Wait())
		assert.Equal(t, []string{"first", "db", "mq", "svc", "tracing", "logs"}, rec.get())
	})
}

func TestRegistry_WrapUpHooksRunConcurrentlyAndAreAwaited(t *testing.T) {
	logtest.Discard(t)
	synctest.Test(t, func(t *testing.T) {
		r := newTestRegistry(t, ShutdownConf{WrapUpTime: time.Second, WaitTime: 10 * time.Second})
		var rec recorder
		require.NoError(t, r.AddWrapUpHook("deregister", rec.hookFunc("deregister", 2*time.Second)))
		require.NoError(t, r.AddWrapUpHook("consumers", rec.hookFunc("consumers", 3*time.Second)))
		require.NoError(t, r.AddShutdownHook("db", rec.hookFunc("db", 0)))

		start := time.Now()
		r.Terminate(nil)
		require.NoError(t, r.Wait())
		assert.Equal(t, []string{"deregister", "consumers", "db"}, rec.get())
		assert.Equal(t, 3*time.Second, time.Since(start), "wrap-up hooks ran together")
	})
}

func TestRegistry_ChannelsFollowTheTimeline(t *testing.T) {
	logtest.Discard(t)
	synctest.Test(t, func(t *testing.T) {
		r := newTestRegistry(t, ShutdownConf{WrapUpTime: time.Second, WaitTime: 5 * time.Second})
		release := make(chan struct{})
		require.NoError(t, r.AddWrapUpHook("hold", func(context.Context) error { <-release; return nil }))
		require.NoError(t, r.AddDrainHook("server", func(context.Context) error { return nil }))

		synctest.Wait()
		assert.NoError(t, r.Context().Err())
		assert.Equal(t, StateServing, r.State())

		r.sigs <- syscall.SIGTERM
		<-r.Done()
		assert.ErrorIs(t, r.Context().Err(), context.Canceled)
		synctest.Wait()
		assert.Equal(t, StateWrappingUp, r.State())
		select {
		case <-r.Draining():
			t.Fatal("Draining() closed while wrap-up hooks run")
		default:
		}

		close(release)
		<-r.Draining()
		<-r.Finished()
		assert.Equal(t, StateStopped, r.State())
	})
}
