package proc

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

func TestRegistry_HookOutcomes(t *testing.T) {
	logtest.Discard(t)
	errBoom := errors.New("boom")
	tests := []struct {
		name        string
		giveHook    func(release <-chan struct{}) HookFunc
		giveTimeout time.Duration
		wantOutcome Outcome
		wantErr     error
	}{
		{
			name:        "error is reported",
			giveHook:    func(<-chan struct{}) HookFunc { return func(context.Context) error { return errBoom } },
			wantOutcome: OutcomeError,
			wantErr:     errBoom,
		},
		{
			name:        "panic is recovered",
			giveHook:    func(<-chan struct{}) HookFunc { return func(context.Context) error { panic("kaboom") } },
			wantOutcome: OutcomePanic,
		},
		{
			name: "hook that ignores ctx times out, and the next waits until it returns",
			giveHook: func(<-chan struct{}) HookFunc {
				return func(context.Context) error { time.Sleep(3 * time.Second); return nil } // the fake clock
			},
			giveTimeout: time.Second,
			wantOutcome: OutcomeTimeout,
			wantErr:     context.DeadlineExceeded,
		},
		{
			name: "hook that returns ctx.Err() at its timeout",
			giveHook: func(<-chan struct{}) HookFunc {
				return func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
			},
			giveTimeout: time.Second,
			wantOutcome: OutcomeTimeout,
			wantErr:     context.DeadlineExceeded,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newTestRegistry(t, ShutdownConf{WrapUpTime: time.Second, WaitTime: 2 * time.Hour})
				var rec recorder
				require.NoError(t, r.AddShutdownHook("next", rec.hookFunc("next ran", 0)))
				release := make(chan struct{})
				defer close(release)
				require.NoError(t, r.AddShutdownHook("bad", tt.giveHook(release), WithTimeout(tt.giveTimeout)))

				r.Terminate(nil)
				err := r.Wait()
				var he *HookError
				require.ErrorAs(t, err, &he)
				assert.Equal(t, "bad", he.Name)
				assert.Equal(t, PhaseShutdown, he.Phase)
				assert.Equal(t, tt.wantOutcome, he.Outcome, "outcome of %v", err)
				if tt.wantErr != nil {
					assert.ErrorIs(t, err, tt.wantErr)
				}
				assert.Equal(t, []string{"next ran"}, rec.get(), "the next hook must still run")
			})
		})
	}
}

func TestRegistry_WaitForCalledWaitsForItsOwnListener(t *testing.T) {
	logtest.Discard(t)
	synctest.Test(t, func(t *testing.T) {
		r := newTestRegistry(t, ShutdownConf{})
		release := make(chan struct{})
		waitSlow := r.AddWrapUpListener(func() { <-release })
		waitFast := r.AddWrapUpListener(func() {})

		go r.WrapUp()
		waitFast() // go-zero's waits for the whole phase and would block here
		synctest.Wait()
		done := make(chan struct{})
		go func() { waitSlow(); close(done) }()
		synctest.Wait()
		select {
		case <-done:
			t.Fatal("waitForCalled returned before its listener did")
		default:
		}
		close(release)
		<-done
	})
}

func TestRegistry_ForceQuitNamesStuckHooks(t *testing.T) {
	logs := logtest.NewCollector(t)
	synctest.Test(t, func(t *testing.T) {
		r := newTestRegistry(t, ShutdownConf{WrapUpTime: time.Second, WaitTime: 3 * time.Second})
		release := make(chan struct{})
		require.NoError(t, r.AddShutdownHook("close db", func(context.Context) error { <-release; return nil }))
		r.AddShutdownListener(stuckListener(release))

		start := time.Now()
		r.sigs <- syscall.SIGTERM
		assert.Equal(t, ExitCodeForceQuit, <-r.exits)
		assert.Equal(t, 3*time.Second, time.Since(start), "force quit at WaitTime")

		err := r.Wait()
		var he *HookError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, OutcomeTimeout, he.Outcome)
		close(release)
	})
	out := logs.String()
	assert.Contains(t, out, `still running`)
	assert.Contains(t, out, "stuckListener", "force quit must name the stuck listener")
	assert.Contains(t, out, `goroutine `, "force quit must print the stuck goroutine's stack")
}

// stuckListener returns a listener that blocks until release is closed.
func stuckListener(release <-chan struct{}) func() {
	return func() { <-release }
}

func TestRegistry_SecondSignalExitsAtOnce(t *testing.T) {
	logtest.Discard(t)
	synctest.Test(t, func(t *testing.T) {
		r := newTestRegistry(t, ShutdownConf{WrapUpTime: time.Second, WaitTime: time.Hour})
		release := make(chan struct{})
		require.NoError(t, r.AddWrapUpHook("slow", func(context.Context) error { <-release; return nil }))

		r.sigs <- syscall.SIGTERM
		<-r.Done()
		r.sigs <- syscall.SIGINT
		assert.Equal(t, 128+int(syscall.SIGINT), <-r.exits)
		close(release)
		require.NoError(t, r.Wait())
	})
}

func TestRegistry_TerminateWithReasonExitsFatal(t *testing.T) {
	logtest.Discard(t)
	synctest.Test(t, func(t *testing.T) {
		r := newTestRegistry(t, ShutdownConf{})
		var rec recorder
		r.AddShutdownListener(func() { rec.add("db close") })
		errLost := errors.New("lost the database")

		r.Terminate(errLost)
		r.Terminate(errors.New("second call does nothing"))
		assert.ErrorIs(t, r.Wait(), errLost)
		assert.Equal(t, ExitCodeFatal, <-r.exits)
		assert.Equal(t, []string{"db close"}, rec.get())
		assert.Empty(t, r.exits)
	})
}

func TestRegistry_TerminateWithoutReasonDoesNotExit(t *testing.T) {
	logtest.Discard(t)
	synctest.Test(t, func(t *testing.T) {
		r := newTestRegistry(t, ShutdownConf{})
		r.Terminate(nil)
		require.NoError(t, r.Wait())
		synctest.Wait()
		assert.Empty(t, r.exits)
	})
}
