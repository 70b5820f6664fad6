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

// TestRegistry_HandOver: after a hand-over the drain begins at once, where a
// signal keeps the whole propagation delay; the sequence runs once, so a
// hand-over after the shutdown began changes nothing.
func TestRegistry_HandOver(t *testing.T) {
	logtest.Discard(t)
	tests := []struct {
		name           string
		terminateFirst bool
		wantDrain      time.Duration
	}{
		{name: "hand-over: no delay", wantDrain: 0},
		{name: "shutdown began first: the whole delay", terminateFirst: true, wantDrain: 5 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newTestRegistry(t, ShutdownConf{WrapUpTime: 5 * time.Second, WaitTime: time.Minute})
				start := time.Now()
				var drainedAt time.Duration
				require.NoError(t, r.AddDrainHook("server", func(context.Context) error {
					drainedAt = time.Since(start)
					return nil
				}))
				assert.False(t, r.HandedOver())
				if tt.terminateFirst {
					r.Terminate(nil)
				}
				assert.Equal(t, !tt.terminateFirst, r.HandOver("upgrade: new process ready"))
				assert.False(t, r.HandOver("again"), "a second hand-over must do nothing")
				r.Terminate(nil)
				require.NoError(t, r.Wait())
				assert.Equal(t, tt.wantDrain, drainedAt)
				assert.Equal(t, !tt.terminateFirst, r.HandedOver())
			})
		})
	}
}
