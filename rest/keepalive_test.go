package rest

import (
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc/proctest"
	"github.com/zerodown/zerodown/internal/kaload"
)

// keepAliveClients is the bar: at least 300 concurrent keep-alive
// clients.
const keepAliveClients = 300

// TestSignal_KeepAliveClientsLoseNothing runs keep-alive clients POSTing ids
// at a real server in a child process and sends it SIGTERM mid-load: no
// request may fail on an established connection before the drain, and no
// request the server executed may go without its response.
func TestSignal_KeepAliveClientsLoseNothing(t *testing.T) {
	p := startScenario(t, "keep-alive")
	load := kaload.Start(kaload.Config{URL: "http://" + valueOf(t, p, "addr ") + "/work", Clients: keepAliveClients})
	select {
	case <-load.Warm():
	case <-time.After(proctest.Watchdog):
		t.Fatal("clients not connected")
	}
	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, p.Wait(t), p.Output())
	res := load.Stop()

	counts := res.Count(executedIn(p), unixLine(t, p, "drain "))
	t.Logf("%d keep-alive clients: %s; %s", keepAliveClients, counts, counts.Example)
	assert.Zero(t, counts.EstablishedBeforeDrain, counts.Example)
	assert.Zero(t, counts.ExecutedButLost, counts.Example)
	assert.LessOrEqual(t, counts.Other, maxResetOnClose, counts.Example)
	assert.Positive(t, counts.OK)
}

// maxResetOnClose bounds the requests on new connections that fail other
// than refused. Before the drain closed its socket in steps (see
// Server.stopAccepting), 13 to 195 of them got EOF or a reset per shutdown:
// connections reset in the kernel's accept queue, and first requests that
// net/http read after its Shutdown began and dropped unanswered. One
// connection may still join the queue between the last look at it and the
// close, and one handshake may be half-done then.
const maxResetOnClose = 2

// executedIn returns whether p printed "executed <id>".
func executedIn(p *proctest.Process) func(string) bool {
	executed := map[string]bool{}
	for _, l := range p.Markers() {
		if id, ok := strings.CutPrefix(l, "executed "); ok {
			executed[id] = true
		}
	}
	return func(id string) bool { return executed[id] }
}

// unixLine returns the time, in Unix nanoseconds, that p printed after prefix.
func unixLine(t *testing.T, p *proctest.Process, prefix string) time.Time {
	t.Helper()
	ns, err := strconv.ParseInt(valueOf(t, p, prefix), 10, 64)
	require.NoError(t, err)
	return time.Unix(0, ns)
}
