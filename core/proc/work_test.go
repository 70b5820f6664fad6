package proc

import (
	"context"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

func TestWork_ShutdownHooksWaitForIt(t *testing.T) {
	logtest.Discard(t)
	synctest.Test(t, func(t *testing.T) {
		tr := newTestRegistry(t, ShutdownConf{WrapUpTime: 10 * time.Millisecond, WaitTime: time.Minute})
		var rec recorder
		require.NoError(t, tr.AddShutdownHook("db close", func(context.Context) error {
			rec.add("db close")
			return nil
		}))
		w := tr.NewWork("audit")
		require.Same(t, w, tr.NewWork("audit"), "a name has one Work")
		release := make(chan struct{})
		w.Go(func() {
			<-release
			rec.add("audit written")
		})
		tr.Terminate(nil)
		late := make(chan struct{})
		go func() { // started after t0: awaited as well
			<-tr.Done()
			w.Go(func() {
				<-late
				rec.add("late written")
			})
		}()
		synctest.Wait()
		assert.Equal(t, []WorkCount{{"audit", 2}}, tr.Works())
		close(release)
		time.Sleep(time.Second) // fake clock: the sequence must still wait
		assert.Equal(t, []string{"audit written"}, rec.get())
		close(late)
		require.NoError(t, tr.Wait())
		assert.Equal(t, []string{"audit written", "late written", "db close"}, rec.get())
		assert.Empty(t, tr.Works())
	})
}

func TestWork_ForceQuitNamesIt(t *testing.T) {
	logs := logtest.NewCollector(t)
	synctest.Test(t, func(t *testing.T) {
		tr := newTestRegistry(t, ShutdownConf{WrapUpTime: 10 * time.Millisecond, WaitTime: time.Second})
		closed := false
		require.NoError(t, tr.AddShutdownHook("db close", func(context.Context) error {
			closed = true
			return nil
		}))
		stuck := make(chan struct{})
		defer close(stuck)
		tr.NewWork("stuck (api/stuck.go:7)").Go(func() { <-stuck })
		tr.Terminate(nil)
		assert.Equal(t, ExitCodeForceQuit, <-tr.exits)
		_ = tr.Wait() // the sequence ends after the injected exit: its last logs are written
		assert.False(t, closed, "the shutdown hooks must not start under running work")
		out := logs.String()
		assert.Contains(t, out, `work \"stuck (api/stuck.go:7)\" still running (1)`)
		assert.True(t, strings.Contains(out, "TestWork_ForceQuitNamesIt"), "the stack of the work: %s", out)
	})
}

// Work that a shutdown hook starts (an asynchronous flush) is awaited too:
// the sequence does not end, and the process does not exit, while it runs.
func TestWork_StartedByAShutdownHookIsAwaited(t *testing.T) {
	logtest.Discard(t)
	synctest.Test(t, func(t *testing.T) {
		tr := newTestRegistry(t, ShutdownConf{WrapUpTime: 10 * time.Millisecond, WaitTime: time.Minute})
		var rec recorder
		release := make(chan struct{})
		w := tr.NewWork("flush")
		require.NoError(t, tr.AddShutdownHook("flush async", func(context.Context) error {
			w.Go(func() {
				<-release
				rec.add("flushed")
			})
			return nil
		}))
		tr.Terminate(nil)
		finished := make(chan error, 1)
		go func() { finished <- tr.Wait() }()
		synctest.Wait()
		select {
		case err := <-finished:
			close(release)
			t.Fatalf("the sequence ended (%v) while the flush a shutdown hook started still ran", err)
		default:
		}
		close(release)
		require.NoError(t, <-finished)
		assert.Equal(t, []string{"flushed"}, rec.get())
	})
}

// Work that a shutdown hook started and that still runs at WaitTime ends the
// process with the force quit, which names it.
func TestWork_StartedByAShutdownHookForceQuitNamesIt(t *testing.T) {
	logs := logtest.NewCollector(t)
	synctest.Test(t, func(t *testing.T) {
		tr := newTestRegistry(t, ShutdownConf{WrapUpTime: 10 * time.Millisecond, WaitTime: time.Second})
		stuck := make(chan struct{})
		defer close(stuck)
		w := tr.NewWork("flush (db/flush.go:9)")
		require.NoError(t, tr.AddShutdownHook("flush async", func(context.Context) error {
			w.Go(func() { <-stuck })
			return nil
		}))
		tr.Terminate(nil)
		assert.Equal(t, ExitCodeForceQuit, <-tr.exits)
		_ = tr.Wait()
		assert.Contains(t, logs.String(), `work \"flush (db/flush.go:9)\" still running (1)`)
	})
}
