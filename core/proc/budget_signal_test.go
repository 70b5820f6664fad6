package proc

import (
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc/proctest"
)

// markerValue returns the number after prefix in the first marker of p
// that begins with it, or -1.
func markerValue(p *proctest.Process, prefix string) int {
	for _, m := range p.Markers() {
		if v, ok := strings.CutPrefix(m, prefix); ok {
			n, err := strconv.Atoi(v)
			if err == nil {
				return n
			}
		}
	}
	return -1
}

func TestSignal_StuckWrapUpHookWithoutTimeoutLeavesTheReserve(t *testing.T) {
	p := startScenario(t, "stuck-wrap-up-unbounded")
	p.Signal(t, syscall.SIGTERM)
	sent := time.Now()
	require.Equal(t, ExitCodeForceQuit, p.Wait(t), p.Output())
	t.Logf("SIGTERM to exit 124: %v", p.Exited().Sub(sent).Round(time.Millisecond))
	assert.Contains(t, p.Markers(), "drain start", "the drain runs in its budget")
	at := markerValue(p, "db close start ")
	require.GreaterOrEqual(t, at, 0, "the DB close runs in the reserve:\n%s", p.Output())
	t.Logf("db close started %dms after the signal (WaitTime 3s)", at)
	assert.Less(t, at, 3000, "before WaitTime")
	assert.Contains(t, p.Output(), `stuck consumer\" still running after`, "the force quit names the stuck hook")
	assert.Contains(t, p.Output(), `abandoned`, "the hook is said to be abandoned")
}

func TestSignal_ShutdownHookPastItsTimeoutIsAbandoned(t *testing.T) {
	p := startScenario(t, "shutdown-hook-timeout")
	p.Signal(t, syscall.SIGTERM)
	code := p.Wait(t)
	at := markerValue(p, "db close start ")
	require.GreaterOrEqual(t, at, 0, "the DB close runs after the flush's 500ms:\n%s", p.Output())
	t.Logf("db close started %dms after the flush; exit %d", at, code)
	assert.GreaterOrEqual(t, at, 500)
	assert.Less(t, at, 2000, "long before WaitTime")
	assert.Equal(t, ExitCodeForceQuit, code, "the flush still runs at WaitTime")
	assert.Contains(t, p.Output(), `flush\" still running after`)
}
