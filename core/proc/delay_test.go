package proc

import (
	"context"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

func TestRegistry_DelayEndsWhenEveryServerIsSafe(t *testing.T) {
	logtest.Discard(t)
	never := time.Duration(-1)
	tests := []struct {
		name      string
		giveSafe  []time.Duration // per server: when its safe channel closes; -1 never; -2 no channel
		wantDrain time.Duration
	}{
		{name: "both safe: the later one ends it", giveSafe: []time.Duration{time.Second, 3 * time.Second},
			wantDrain: 3 * time.Second},
		{name: "safe before the signal", giveSafe: []time.Duration{0, 0}, wantDrain: 0},
		{name: "one never safe: the whole delay", giveSafe: []time.Duration{time.Second, never},
			wantDrain: 5 * time.Second},
		{name: "one without a channel: the whole delay", giveSafe: []time.Duration{time.Second, -2},
			wantDrain: 5 * time.Second},
		{name: "never past WrapUpTime", giveSafe: []time.Duration{8 * time.Second},
			wantDrain: 5 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newTestRegistry(t, ShutdownConf{WrapUpTime: 5 * time.Second, WaitTime: time.Minute})
				start := time.Now()
				var drainedAt atomic.Int64 // the drain hooks run concurrently
				for i, at := range tt.giveSafe {
					var opts []HookOption
					if at != -2 {
						safe := make(chan struct{})
						opts = append(opts, WithSafeToDrain(safe))
						if at >= 0 {
							time.AfterFunc(at, func() { close(safe) })
						}
					}
					require.NoError(t, r.AddDrainHook(string(rune('a'+i)), func(context.Context) error {
						drainedAt.Store(int64(time.Since(start)))
						return nil
					}, opts...))
				}
				synctest.Wait() // the channels due at 0 are closed
				r.Terminate(nil)
				require.NoError(t, r.Wait())
				assert.Equal(t, tt.wantDrain, time.Duration(drainedAt.Load()))
			})
		})
	}
}

func TestWithSafeToDrain_OnlyForDrainHooks(t *testing.T) {
	r := MustNewRegistry(ShutdownConf{})
	err := r.AddWrapUpHook("x", func(context.Context) error { return nil }, WithSafeToDrain(make(chan struct{})))
	assert.ErrorIs(t, err, ErrBadHook)
}
