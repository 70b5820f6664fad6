package gozero

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	_ "unsafe" // go:linkname

	"github.com/stretchr/testify/assert"
	_ "github.com/zeromicro/go-zero/rest" // links go-zero's internal/health, as every server does
)

// gzHealthHandler is go-zero's internal/health.CreateHttpHandler, the
// DevServer's /healthz.
//
//go:linkname gzHealthHandler github.com/zeromicro/go-zero/internal/health.CreateHttpHandler
func gzHealthHandler(healthResponse string) http.HandlerFunc

func TestContract_FollowHealth(t *testing.T) {
	var ready atomic.Bool
	name := "zerodown contract probe"
	key := new(int)
	FollowHealth(key, name, ready.Load)
	FollowHealth(key, name, func() bool { return true }) // once per key: ignored

	healthz := func() (int, string) {
		rec := httptest.NewRecorder()
		gzHealthHandler("OK")(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		return rec.Code, rec.Body.String()
	}
	code, body := healthz()
	assert.Equal(t, http.StatusServiceUnavailable, code, upgrade+": /healthz with a probe not ready")
	assert.Contains(t, body, name+" is not ready", upgrade+": go-zero's health.AddProbe no longer adds to /healthz")

	ready.Store(true)
	code, body = healthz()
	// Other go-zero probes of this test process may be there: ours must say ready.
	assert.NotContains(t, body, name+" is not ready", upgrade+": /healthz no longer asks the probe (%d)", code)
	if !strings.Contains(body, " is not ready") {
		assert.Equal(t, http.StatusOK, code, upgrade+": /healthz with every probe ready")
	}
}
