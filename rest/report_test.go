package rest

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/report"
)

// The report of a Server's registry names the requests it had in flight when
// the drain began, and goes to the termination log that RestConf.Report names.
func TestServer_ReportNamesTheRequestsInFlight(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	path := filepath.Join(t.TempDir(), "termination-log")
	ev := &events{}
	entered, release := make(chan struct{}), make(chan struct{})
	s := h.newServer(t, func(c *RestConf) { c.Report.TerminationLogPath = path })
	s.AddRoute(Route{Method: http.MethodGet, Path: "/slow", Handler: gated(ev, entered, release)})
	returned := start(t, s)
	res := getAsync(newClient(t), "http://"+s.Addr().String()+"/slow")
	awaitClosed(t, entered, "request not started")

	h.reg.Terminate(nil)
	awaitClosed(t, h.reg.Draining(), "drain not begun") // closed after the observers saw it
	close(release)
	require.NoError(t, <-res)
	awaitClosed(t, returned, "Start did not return")

	rep, ok := report.For(h.reg, report.Conf{}).Last()
	require.True(t, ok, "no report after the shutdown")
	assert.Contains(t, rep.InFlight, report.InFlight{Server: s.name, Kind: "requests", N: 1},
		"in flight at drain start: %+v", rep.InFlight)
	file, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(file), "in flight at drain start: "+s.name+" requests 1")
}
