package proc

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRegistry_RemovedHooksDoNotRunAndFreeTheirNames(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newTestRegistry(t, ShutdownConf{WrapUpTime: 5 * time.Second, WaitTime: time.Minute})
		ran := map[string]bool{}
		hook := func(name string) HookFunc {
			return func(context.Context) error { ran[name] = true; return nil }
		}
		require.NoError(t, r.AddDrainHook("server", hook("server")))
		require.NoError(t, r.AddWrapUpHook("server", hook("wrap-up")))
		assert.True(t, r.RemoveHook(PhaseDrain, "server"))
		assert.True(t, r.RemoveHook(PhaseWrapUp, "server"))
		assert.False(t, r.RemoveHook(PhaseDrain, "server"), "removed twice")
		assert.False(t, r.RemoveHook(Phase(7), "server"))
		require.NoError(t, r.AddShutdownHook("server", hook("db")), "the name is free again in other phases")

		start := time.Now()
		r.Terminate(nil)
		require.NoError(t, r.Wait())
		assert.Equal(t, map[string]bool{"db": true}, ran)
		assert.Zero(t, time.Since(start), "a removed server must not keep the propagation delay")
		assert.False(t, r.RemoveHook(PhaseShutdown, "server"), "the phase has run")
	})
}
