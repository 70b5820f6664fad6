package proc

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

func TestRegistry_AddHookRejectsBadInput(t *testing.T) {
	r, err := NewRegistry(ShutdownConf{})
	require.NoError(t, err)
	nop := func(context.Context) error { return nil }
	require.NoError(t, r.AddShutdownHook("db", nop))

	tests := []struct {
		name      string
		givePhase Phase
		giveName  string
		giveFn    HookFunc
		giveOpts  []HookOption
		wantErr   error
	}{
		{name: "nil hook", givePhase: PhaseShutdown, giveName: "x", wantErr: ErrNilHook},
		{name: "empty name", givePhase: PhaseShutdown, giveFn: nop, wantErr: ErrNoName},
		{name: "duplicate name", givePhase: PhaseShutdown, giveName: "db", giveFn: nop, wantErr: ErrDuplicateHook},
		{
			name: "negative timeout", givePhase: PhaseShutdown, giveName: "y", giveFn: nop,
			giveOpts: []HookOption{WithTimeout(-time.Second)}, wantErr: ErrBadHook,
		},
		{name: "unknown phase", givePhase: Phase(7), giveName: "z", giveFn: nop, wantErr: ErrBadHook},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := r.AddHook(tt.givePhase, tt.giveName, tt.giveFn, tt.giveOpts...)
			assert.ErrorIs(t, err, tt.wantErr)
		})
	}
	assert.NoError(t, r.AddWrapUpHook("db", nop), "names are unique per phase")
}

func TestRegistry_AddAfterPhaseBegan(t *testing.T) {
	logtest.Discard(t)
	synctest.Test(t, func(t *testing.T) {
		r := newTestRegistry(t, ShutdownConf{})
		var rec recorder
		lateAdded := make(chan struct{})
		require.NoError(t, r.AddShutdownHook("adds late", func(context.Context) error {
			assert.ErrorIs(t, r.AddShutdownHook("late hook", rec.hookFunc("late hook", 0)), ErrTooLate)
			assert.ErrorIs(t, r.AddWrapUpHook("late wrap-up", rec.hookFunc("late wrap-up", 0)), ErrTooLate)
			waitForCalled := r.AddShutdownListener(func() { rec.add("late listener") })
			waitForCalled()
			close(lateAdded)
			return nil
		}))
		r.Terminate(nil)
		require.NoError(t, r.Wait())
		<-lateAdded
		assert.Equal(t, []string{"late listener"}, rec.get(), "a late listener runs at once, a late hook is refused")
	})
}

func TestRegistry_NilListenerIsIgnored(t *testing.T) {
	logtest.Discard(t)
	r, err := NewRegistry(ShutdownConf{})
	require.NoError(t, err)
	r.AddShutdownListener(nil)() // returns at once, never blocks
	r.AddWrapUpListener(nil)()
	r.Shutdown()
	r.WrapUp()
}

func TestRegistry_WrapUpFromAWrapUpHookDoesNotDeadlock(t *testing.T) {
	logtest.Discard(t)
	synctest.Test(t, func(t *testing.T) {
		r := newTestRegistry(t, ShutdownConf{})
		called := r.AddWrapUpListener(func() {})
		r.AddWrapUpListener(func() { r.WrapUp() }) // go-zero's deadlocks here
		r.WrapUp()
		called()
	})
}
