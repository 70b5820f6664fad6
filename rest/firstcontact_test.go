package rest

// What a switched go-zero service does in its first minutes, each in a
// subprocess on proc.DefaultRegistry with go-zero's yaml defaults: Stop frees
// the port, a taken port says so, a SIGTERM before NewServer ends cleanly.

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/conf"
)

// portEnv gives a scenario the port of its first server.
const portEnv = "ZERODOWN_REST_TEST_PORT"

func envPort() int {
	port, err := strconv.Atoi(os.Getenv(portEnv))
	if err != nil {
		panic(err)
	}
	return port
}

// scenarioStopFrees runs two servers with the default conf and stops the
// first one alone.
func scenarioStopFrees() {
	first := scenarioServer(time.Second, 5500*time.Millisecond, func(c *RestConf) { c.Port = envPort() })
	other := scenarioServer(time.Second, 5500*time.Millisecond, func(c *RestConf) { c.Port = 0 })
	other.AddRoute(Route{Method: http.MethodGet, Path: "/api", Handler: okHandler})
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		first.Start()
	}()
	go other.Start()
	<-first.Listening()
	<-other.Listening()
	fmt.Println("other " + other.Addr().String())
	first.Stop()
	<-returned
	fmt.Println("first start returned")
	fmt.Println("ready")
	<-proc.Done()
	other.Stop()
	_ = proc.Wait()
}

// TestServer_StopFreesThePortWithTheDefaultConf: Stop of one server of the
// process frees its port, with go-zero's yaml defaults and nothing of
// zerodown's; the other server keeps serving; SIGTERM then ends the process.
func TestServer_StopFreesThePortWithTheDefaultConf(t *testing.T) {
	port := freePort(t)
	t.Setenv(portEnv, strconv.Itoa(port))
	p := startScenario(t, "stop-frees")
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	require.NoError(t, err, "listen on the port of the stopped server:\n%s", p.Output())
	require.NoError(t, ln.Close())

	resp, err := newClient(t).Get("http://" + valueOf(t, p, "other ") + "/api")
	require.NoError(t, err, "the other server:\n%s", p.Output())
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	p.Signal(t, syscall.SIGTERM)
	assert.Equal(t, 0, p.Wait(t), p.Output())
}

// scenarioTakenPort starts two servers of the process on one port.
func scenarioTakenPort() {
	first := scenarioServer(time.Second, 5500*time.Millisecond, func(c *RestConf) { c.Port = envPort() })
	second := scenarioServer(time.Second, 5500*time.Millisecond, func(c *RestConf) { c.Port = envPort() })
	go first.Start()
	<-first.Listening()
	fmt.Println("ready")
	second.Start()
	fmt.Println("start returned")
}

// TestServer_TakenPortSaysAddressInUse: a second server on the port of the
// first fails with the system's words, and the process exits 1.
func TestServer_TakenPortSaysAddressInUse(t *testing.T) {
	t.Setenv(portEnv, strconv.Itoa(freePort(t)))
	p := startScenario(t, "taken-port")
	assert.Equal(t, proc.ExitCodeFatal, p.Wait(t), p.Output())
	assert.Contains(t, p.Output(), "address already in use")
}

// scenarioSlowNewServer gets a SIGTERM while main still prepares, before
// rest.NewServer.
func scenarioSlowNewServer() {
	fmt.Println("ready")
	// A slow startup: the signal comes first, and its sequence (nothing to
	// run yet) is done before main goes on. (go-zero's logx.SetUp, which
	// NewServer runs, races with any log line written at the same time.)
	<-proc.DefaultRegistry.Finished()
	s := scenarioServer(time.Second, 5500*time.Millisecond, func(c *RestConf) {
		c.Port = envPort()
		c.Log.Level = "info" // so that a listening server would say so
	})
	defer s.Stop()
	s.Start()
	fmt.Println("start returned")
}

// TestServer_SigtermBeforeNewServer: a SIGTERM before the server is built
// ends the process cleanly, as zrpc does: exit 0, no fatal log nor stack,
// the server never listens.
func TestServer_SigtermBeforeNewServer(t *testing.T) {
	port := freePort(t)
	t.Setenv(portEnv, strconv.Itoa(port))
	p := startScenario(t, "slow-newserver")
	p.Signal(t, syscall.SIGTERM)
	assert.Equal(t, 0, p.Wait(t), p.Output())
	out := p.Output()
	assert.NotContains(t, out, "goroutine ", "no stack")
	assert.NotContains(t, out, "listening on", "the server never listens")
	assert.Equal(t, []string{"ready", "start returned", "main returns"}, p.Markers())
}

// devPortEnv gives a scenario the port of go-zero's DevServer.
const devPortEnv = "ZERODOWN_REST_TEST_DEV_PORT"

// scenarioDevServer serves with go-zero's DevServer on, and a propagation
// delay long enough to probe /healthz in it.
func scenarioDevServer() {
	dev, err := strconv.Atoi(os.Getenv(devPortEnv))
	if err != nil {
		panic(err)
	}
	s := scenarioServer(3*time.Second, 10*time.Second, func(c *RestConf) {
		c.Port = envPort()
		c.DevServer.Enabled = true
		c.DevServer.Host = "127.0.0.1"
		c.DevServer.Port = dev
	})
	defer s.Stop()
	announce(s)
	s.Start()
	fmt.Println("start returned")
}

// TestServer_DevServerHealthFollowsReadiness: go-zero's DevServer /healthz
// answers 200 while the server serves and 503 from the shutdown's start,
// as /readyz does.
func TestServer_DevServerHealthFollowsReadiness(t *testing.T) {
	dev := freePort(t)
	t.Setenv(portEnv, strconv.Itoa(freePort(t)))
	t.Setenv(devPortEnv, strconv.Itoa(dev))
	p := startScenario(t, "devserver")
	healthz := fmt.Sprintf("http://127.0.0.1:%d/healthz", dev)
	c := newClient(t)
	assert.Equal(t, http.StatusOK, awaitStatus(t, c, healthz, http.StatusOK), "/healthz while serving:\n%s", p.Output())
	assert.Equal(t, http.StatusOK, awaitStatus(t, c, "http://"+valueOf(t, p, "addr ")+"/readyz", http.StatusOK))

	p.Signal(t, syscall.SIGTERM)
	sent := time.Now()
	assert.Equal(t, http.StatusServiceUnavailable, awaitStatus(t, c, healthz, http.StatusServiceUnavailable),
		"/healthz after SIGTERM:\n%s", p.Output())
	t.Logf("/healthz 503 %v after SIGTERM (WrapUpTime 3s)", time.Since(sent).Round(time.Millisecond))
	assert.NotContains(t, p.Markers(), "start returned", "503 came only as the process ended, not at t0")
	assert.Equal(t, 0, p.Wait(t), p.Output())
}

// awaitStatus polls url until it answers want, and returns the last status:
// want, or what it answered when the watchdog ran out.
func awaitStatus(t *testing.T, c *http.Client, url string, want int) int {
	t.Helper()
	deadline := time.Now().Add(watchdog)
	for {
		status := 0
		if resp, err := c.Get(url); err == nil {
			status = resp.StatusCode
			_ = resp.Body.Close()
		}
		if status == want || time.Now().After(deadline) {
			return status
		}
		time.Sleep(5 * time.Millisecond) // a poll: what changes is another process
	}
}

// scenarioUnknownKeys is a goctl main whose yaml has a typo under Shutdown.
func scenarioUnknownKeys() {
	file := flag.String("f", os.Getenv("ZERODOWN_REST_TEST_CONF"), "the config file")
	var c RestConf
	conf.MustLoad(*file, &c)
	s := MustNewServer(c)
	defer s.Stop()
	announce(s)
	s.Start()
}

// TestServer_ReportsUnknownKeys: a key go-zero would drop silently is
// reported once at start, with the closest known key.
func TestServer_ReportsUnknownKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "api.yaml")
	yaml := fmt.Sprintf(`Name: api
Host: 127.0.0.1
Port: %d
Log: {Encoding: plain}
DevServer: {Enabled: false}
Shutdown: {WrapUpTime: 100ms, WaitTimeout: 3s}
Drain: {timeout: 1s}
`, freePort(t))
	require.NoError(t, os.WriteFile(path, []byte(yaml), 0o600))
	t.Setenv("ZERODOWN_REST_TEST_CONF", path)
	p := startScenario(t, "unknown-keys")
	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, p.Wait(t), p.Output())
	out := p.Output()
	assert.Equal(t, 1, strings.Count(out, "unknown key Shutdown.WaitTimeout (go-zero ignores it); did you mean WaitTime?"), out)
	assert.NotContains(t, out, "Drain.timeout", "keys match case-insensitively")
}
