package main

import (
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGoctl_API generates the API service of example/goctl/greet with goctl
// itself, switches it with this plugin through goctl's plugin command,
// builds it and runs it through a real SIGTERM.
func TestGoctl_API(t *testing.T) {
	goctl := goctl(t)
	tmp := t.TempDir()
	plugin := buildPlugin(t, tmp)
	dir := filepath.Join(tmp, "greet")
	require.NoError(t, os.Mkdir(dir, 0o755))
	newModule(t, dir, "greet")
	api, err := os.ReadFile("../../example/goctl/greet/greet.api")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "greet.api"), api, 0o644))

	run(t, dir, goctl, "api", "go", "-api", "greet.api", "-dir", ".")
	assert.Error(t, checkErr(dir, plugin), "goctl's output imports go-zero's rest")
	run(t, dir, goctl, "api", "plugin", "-plugin", plugin, "-api", "greet.api", "-dir", ".")
	require.NoError(t, checkErr(dir, plugin), "the plugin switched every import")
	run(t, dir, "go", "build", "-race", "-o", "greet-api", ".")

	addr := freeAddr(t)
	_, port, _ := net.SplitHostPort(addr)
	conf := filepath.Join(dir, "test.yaml")
	require.NoError(t, os.WriteFile(conf, []byte(`Name: greet-api
Host: 127.0.0.1
Port: `+port+`
Log: {Encoding: plain}
DevServer: {Enabled: false}
Shutdown: {WrapUpTime: 100ms, WaitTime: 5s}
Auth: {AccessSecret: a-secret-of-at-least-32-characters, AccessExpire: 3600}
`), 0o644))
	// zerodown's rest says "listening on", go-zero's does not
	svc := startService(t, dir, "./greet-api", "listening on "+addr, "-f", conf)

	assert.Equal(t, http.StatusOK, status(t, "http://"+addr+"/v1/from/you"))
	assert.Equal(t, http.StatusUnauthorized, status(t, "http://"+addr+"/v1/secret"), "go-zero's JWT applies")
	assert.Equal(t, http.StatusOK, status(t, "http://"+addr+"/readyz"), "zerodown's readiness probe")
	svc.Signal(t, syscall.SIGTERM)
	assert.Equal(t, 0, svc.Wait(t), svc.Output())
	assert.Contains(t, svc.Output(), "drained")
}

// checkErr runs the plugin's -check on dir.
func checkErr(dir, plugin string) error {
	_, err := command(dir, plugin, "-check", "-dir", ".")
	return err
}

func status(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}
