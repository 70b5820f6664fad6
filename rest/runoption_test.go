package rest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A user's own run option, written for go-zero's func(*Server), compiles,
// runs once the Server is built (it may add routes and middlewares, as with
// go-zero) and mixes with this package's options in any order.
func TestRunOption_UsersOwn(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	var applied []string
	withHeader := RunOption(func(s *Server) {
		applied = append(applied, "header")
		s.Use(func(next http.HandlerFunc) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Option", "yes")
				next(w, r)
			}
		})
	})
	withRoute := func(s *Server) {
		applied = append(applied, "route")
		s.AddRoute(Route{Method: http.MethodGet, Path: "/api", Handler: okHandler})
	}
	in := h.reg.Conf() // one shutdown conf per process
	s, err := NewServer(testConf(t, func(c *RestConf) {
		c.Drain.Timeout = time.Second
		c.Shutdown.WrapUpTime, c.Shutdown.WaitTime = in.WrapUpTime, in.WaitTime
	}),
		withHeader, WithRegistry(h.reg), WithNotFoundHandler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusTeapot)
		})), withRoute)
	require.NoError(t, err)
	assert.Equal(t, []string{"header", "route"}, applied)
	returned := start(t, s)
	c := newClient(t)
	got := get(t, c, s, "/api")
	assert.Equal(t, "ok", got.body)
	assert.Equal(t, "yes", got.header.Get("X-Option"))
	assert.Equal(t, http.StatusTeapot, get(t, c, s, "/nowhere").status, "go-zero's option applies")
	h.reg.Terminate(nil)
	awaitClosed(t, returned, "WithRegistry applies: the harness's registry stops the Server")
}
