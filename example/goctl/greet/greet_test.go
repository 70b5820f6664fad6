package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc/proctest"
	"go.uber.org/goleak"
)

// runEnv makes the test binary run main with the config file it names.
const runEnv = "GREET_CONFIG"

func TestMain(m *testing.M) {
	if path := os.Getenv(runEnv); path != "" {
		os.Args = []string{os.Args[0], "-f", path}
		main()
		fmt.Println("main returned")
		os.Exit(0)
	}
	goleak.VerifyTestMain(m, goleak.IgnoreCurrent())
}

// TestGoctlService runs the goctl-generated service, whose only change is
// the import of zerodown's rest, and stops it with a real SIGTERM while an
// event stream is open: the stream ends, main returns, the exit code is 0.
func TestGoctlService(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	_, port, _ := net.SplitHostPort(addr)
	path := filepath.Join(t.TempDir(), "greet-api.yaml")
	require.NoError(t, os.WriteFile(path, []byte(`Name: greet-api
Host: 127.0.0.1
Port: `+port+`
Log: {Encoding: plain}
DevServer: {Enabled: false}
Shutdown: {WrapUpTime: 100ms, WaitTime: 5s}
Auth: {AccessSecret: a-secret-of-at-least-32-characters, AccessExpire: 3600}
`), 0o644))

	p := proctest.Start(t, runEnv+"="+path, "")
	p.AwaitFunc(t, "listening", func(l string) bool { return strings.Contains(l, "listening on "+addr) })
	base := "http://" + addr

	resp, err := http.Get(base + "/v1/from/you")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, `{"message":"hello you"}`, string(body))

	resp, err = http.Get(base + "/v1/secret")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "go-zero's JWT route option still applies")

	ctx, cancel := context.WithTimeout(context.Background(), proctest.Watchdog)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/events", nil)
	require.NoError(t, err)
	events, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer events.Body.Close()
	assert.Equal(t, "text/event-stream", events.Header.Get("Content-Type"))
	stream := bufio.NewReader(events.Body)
	first, err := stream.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "data: {\"message\":\"tick\"}\n", first)

	p.Signal(t, syscall.SIGTERM)
	rest, err := io.ReadAll(stream)
	assert.NoError(t, err, "the event stream ends cleanly when the server drains")
	assert.Equal(t, "\n", string(rest))
	assert.Equal(t, 0, p.Wait(t), p.Output())
	assert.Contains(t, p.Markers(), "main returned")
}
