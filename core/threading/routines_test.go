package threading

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/logx/logtest"
	gzthreading "github.com/zeromicro/go-zero/core/threading"
)

// here returns the site name of the line after the call, as workAt names it.
func here(t *testing.T) string {
	t.Helper()
	return callerSite(t, 1)
}

// callerSite returns the site name of the line lines after its caller's
// caller's call.
func callerSite(t *testing.T, lines int) string {
	t.Helper()
	pc, file, line, ok := runtime.Caller(2)
	require.True(t, ok)
	return fmt.Sprintf("%s (%s:%d)", runtime.FuncForPC(pc).Name(), shortPath(file), line+lines)
}

// hereIn2 returns the site name of the line two lines after the call.
func hereIn2(t *testing.T) string {
	t.Helper()
	return callerSite(t, 2)
}

// running returns how many of the Work named site run now.
func running(site string) int64 {
	for _, c := range proc.DefaultRegistry.Works() {
		if c.Name == site {
			return c.N
		}
	}
	return 0
}

func TestGoSafe_CountedUnderItsCallSite(t *testing.T) {
	release, started := make(chan struct{}), make(chan struct{})
	var ended sync.WaitGroup
	ended.Add(2)
	site := here(t)
	GoSafe(func() { defer ended.Done(); started <- struct{}{}; <-release })
	ctxSite := here(t)
	GoSafeCtx(context.Background(), func() { defer ended.Done(); started <- struct{}{}; <-release })
	<-started
	<-started
	assert.EqualValues(t, 1, running(site), "works: %v", proc.DefaultRegistry.Works())
	assert.EqualValues(t, 1, running(ctxSite), "works: %v", proc.DefaultRegistry.Works())
	assert.Contains(t, site, "threading.TestGoSafe_CountedUnderItsCallSite (threading/routines_test.go:")
	close(release)
	ended.Wait()
}

func TestGoSafe_RecoversAndUncounts(t *testing.T) {
	logtest.Discard(t)
	g := NewRoutineGroup()
	site := here(t)
	g.RunSafe(func() { panic("boom") })
	g.Wait()
	assert.EqualValues(t, 0, running(site))

	done := make(chan struct{})
	GoSafe(func() { defer close(done); panic("boom") })
	<-done
	RunSafe(func() { panic("boom") })
	RunSafeCtx(context.Background(), func() { panic("boom") })
}

func TestRoutineGroup_Counted(t *testing.T) {
	g := NewRoutineGroup()
	release := make(chan struct{})
	var started sync.WaitGroup
	started.Add(3)
	site := hereIn2(t)
	for range 3 {
		g.Run(func() { started.Done(); <-release })
	}
	started.Wait()
	assert.EqualValues(t, 3, running(site))
	close(release)
	g.Wait()
	assert.EqualValues(t, 0, running(site), "Wait returns once nothing of the group counts")
}

func TestTaskRunner_CountedWhileRunning(t *testing.T) {
	logtest.Discard(t)
	r := NewTaskRunner(2)
	release := make(chan struct{})
	var started sync.WaitGroup
	started.Add(2)
	site := here(t)
	r.Schedule(func() { started.Done(); <-release })
	immediateSite := here(t)
	require.NoError(t, r.ScheduleImmediately(func() { started.Done(); <-release }))
	started.Wait()
	err := r.ScheduleImmediately(func() {})
	assert.True(t, errors.Is(err, gzthreading.ErrTaskRunnerBusy), "go-zero's error: %v", err)
	assert.EqualValues(t, 1, running(site))
	assert.EqualValues(t, 1, running(immediateSite))
	close(release)
	r.Wait()
	assert.EqualValues(t, 0, running(site)+running(immediateSite))
	r.Schedule(func() { panic("boom") })
	r.Wait()
}

func TestWorkerGroup_CountedUnderStart(t *testing.T) {
	release := make(chan struct{})
	var started sync.WaitGroup
	started.Add(3)
	g := NewWorkerGroup(func() { started.Done(); <-release }, 3)
	done := make(chan struct{})
	var site string
	go func() {
		defer close(done)
		site = here(t)
		g.Start()
	}()
	started.Wait()
	// site is written before the workers start, which is before started.Wait returns.
	assert.EqualValues(t, 3, running(site))
	close(release)
	<-done
	assert.EqualValues(t, 0, running(site))
}

func TestStableRunner_InOrder(t *testing.T) {
	r := NewStableRunner(func(i int) int { return i * 2 })
	pushed := make(chan error, 1)
	go func() { // Push blocks while the ring is full: Get runs beside it
		var err error
		for i := range 100 {
			err = errors.Join(err, r.Push(i))
		}
		pushed <- err
	}()
	for i := range 100 {
		v, err := r.Get()
		require.NoError(t, err)
		assert.Equal(t, i*2, v)
	}
	require.NoError(t, <-pushed)
	r.Wait()
	assert.ErrorIs(t, r.Push(1), gzthreading.ErrRunnerClosed)
	_, err := r.Get()
	assert.ErrorIs(t, err, ErrRunnerClosed)
}
