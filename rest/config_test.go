package rest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/conf"
)

func TestRestConf_Validate(t *testing.T) {
	tests := []struct {
		name    string
		give    func(*RestConf)
		wantErr string
	}{
		{name: "defaults", give: func(*RestConf) {}},
		{name: "negative drain timeout", give: func(c *RestConf) { c.Drain.Timeout = -time.Second },
			wantErr: "Drain.Timeout -1s must not be negative"},
		{name: "relative probe path", give: func(c *RestConf) { c.Probes.ReadinessPath = "readyz" },
			wantErr: "must begin with /"},
		{name: "same probe paths", give: func(c *RestConf) { c.Probes.LivenessPath = "/readyz" },
			wantErr: "are both \"/readyz\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c RestConf
			tt.give(&c)
			err := c.Validate()
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, ErrBadConf)
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestNewServer_Errors(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	_, err := NewServer(testConf(t, func(c *RestConf) { c.Drain.Timeout = -1 }), WithRegistry(h.reg))
	assert.ErrorIs(t, err, ErrBadConf)
	_, err = NewServer(testConf(t), WithRegistry(nil))
	assert.ErrorIs(t, err, ErrBadConf)
	_, err = NewServer(testConf(t, func(c *RestConf) { c.Shutdown.WrapUpTime = time.Hour }), WithRegistry(h.reg))
	assert.ErrorIs(t, err, proc.ErrBadConf, "WrapUpTime past WaitTime")
	_, err = NewServer(testConf(t), WithRegistry(h.reg))
	assert.ErrorIs(t, err, proc.ErrConfConflict, "go-zero's default WaitTime 5.5s against the 10s in force")

	// Built after the shutdown (a signal during a slow start): no error, and
	// the Server never listens; Start returns once the sequence is done.
	h.reg.Terminate(nil)
	require.NoError(t, h.reg.Wait())
	s, err := NewServer(testConf(t, func(c *RestConf) {
		c.Drain.Timeout = time.Second
		c.Shutdown.WrapUpTime, c.Shutdown.WaitTime = 10*time.Millisecond, 10*time.Second
	}), WithRegistry(h.reg))
	require.NoError(t, err)
	s.Start()
	assert.Nil(t, s.Addr(), "listened after the shutdown")
}

func TestNewServer_RefusesADrainCutByTheForceQuit(t *testing.T) {
	h := newHarness(t, time.Second, 5500*time.Millisecond)
	_, err := NewServer(testConf(t, func(c *RestConf) {
		c.Shutdown.WrapUpTime, c.Shutdown.WaitTime = time.Second, 5500*time.Millisecond
		c.Drain.Timeout = 5 * time.Second
	}), WithRegistry(h.reg))
	assert.ErrorIs(t, err, ErrBadConf)
	assert.ErrorContains(t, err, "Drain.Timeout 5s does not fit: WrapUpTime (1s) plus Drain.Timeout (5s) "+
		"must end by WaitTime 5.5s minus ShutdownReserve 1s")
}

func TestServer_ProbesAheadOfMiddlewares(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	s := h.newServer(t, func(c *RestConf) { c.Probes.ReadinessPath = "/health/ready" })
	s.Use(func(next http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Middleware", "yes")
			next(w, r)
		}
	})
	s.AddRoute(Route{Method: http.MethodGet, Path: "/api", Handler: okHandler})
	s.AddRoute(Route{Method: http.MethodGet, Path: "/secret", Handler: okHandler}, WithJwt("0123456789abcdef"))
	start(t, s)
	c := newClient(t)

	got := get(t, c, s, "/health/ready")
	assert.Equal(t, http.StatusOK, got.status)
	assert.Empty(t, got.header.Get("X-Middleware"), "probes must not go through middlewares")
	assert.Equal(t, http.StatusNotFound, get(t, c, s, "/readyz").status, "the default path is not served")
	got = get(t, c, s, "/api")
	assert.Equal(t, "yes", got.header.Get("X-Middleware"))
	assert.Equal(t, http.StatusUnauthorized, get(t, c, s, "/secret").status, "go-zero's JWT applies")
	assert.Len(t, s.Routes(), 2)
	s.Stop()
}

func TestServer_ProbesDisabled(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	s := h.newServer(t, func(c *RestConf) { c.Probes.Disabled = true })
	s.AddRoute(Route{Method: http.MethodGet, Path: "/readyz", Handler: okHandler})
	start(t, s)
	got := get(t, newClient(t), s, "/readyz")
	assert.Equal(t, "ok", got.body, "the route owns the path")
	s.Stop()
}

func TestServer_RouteErrorStopsTheProcess(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	s := h.newServer(t)
	s.AddRoute(Route{Method: http.MethodGet, Path: "/api", Handler: okHandler})
	s.AddRoute(Route{Method: http.MethodGet, Path: "/api", Handler: okHandler})
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		s.Start()
	}()
	awaitClosed(t, returned, "Start did not return after a route error")
	err := h.reg.Wait()
	require.Error(t, err)
	assert.ErrorContains(t, err, "build server")
	assert.Equal(t, proc.ExitCodeFatal, <-h.exits)
}

// A goctl-generated config, with its import swapped: go-zero's yaml loads,
// and the fields of this package take their defaults.
func TestRestConf_LoadsGoZeroYaml(t *testing.T) {
	type Config struct {
		RestConf
		Auth struct {
			AccessSecret string
			AccessExpire int64
		}
	}
	yaml := []byte("Name: greet-api\nHost: 0.0.0.0\nPort: 8888\nAuth:\n  AccessSecret: s3cret-s3cret\n  AccessExpire: 3600\n")
	var c Config
	require.NoError(t, conf.LoadFromYamlBytes(yaml, &c))
	assert.Equal(t, "greet-api", c.Name)
	assert.Equal(t, 8888, c.Port)
	assert.Equal(t, int64(3000), c.Timeout, "go-zero's defaults")
	assert.Equal(t, "/readyz", c.Probes.ReadinessPath)
	assert.Equal(t, "/livez", c.Probes.LivenessPath)
	assert.Zero(t, c.Drain.Timeout, "unset: NewServer fits its default to the shutdown conf")
	assert.NoError(t, c.Validate())

	yaml = append(yaml, "Probes:\n  ReadinessPath: /ready\nDrain:\n  Timeout: 10s\n"...)
	require.NoError(t, conf.LoadFromYamlBytes(yaml, &c))
	assert.Equal(t, "/ready", c.Probes.ReadinessPath)
	assert.Equal(t, 10*time.Second, c.Drain.Timeout)
}
