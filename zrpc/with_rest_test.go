package zrpc

import (
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/rest"
	"github.com/zeromicro/go-zero/core/conf"
	"google.golang.org/grpc"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
)

// A gRPC and a REST server in one process share one readiness and one
// shutdown: both drain, both return, both free their ports.
func TestRpcServer_WithARestServer(t *testing.T) {
	reg := newRegistry(t, 10*time.Millisecond)
	var c rest.RestConf
	require.NoError(t, conf.FillDefault(&c))
	c.Name, c.Host, c.Log.Level, c.DevServer.Enabled = "web", "127.0.0.1", "error", false
	c.Shutdown.WrapUpTime, c.Shutdown.WaitTime = reg.Conf().WrapUpTime, reg.Conf().WaitTime
	web, err := rest.NewServer(c, rest.WithRegistry(reg))
	require.NoError(t, err)
	webReturned := make(chan struct{})
	go func() {
		defer close(webReturned)
		web.Start()
	}()
	recv(t, web.Listening(), "the REST server listens")
	readyz := "http://" + web.Addr().String() + "/readyz"

	rc := testConf(freeAddr(t))
	srv, err := NewServer(rc, nil, WithRegistry(reg))
	require.NoError(t, err)
	status, body := getStatus(t, readyz)
	assert.Equal(t, http.StatusServiceUnavailable, status, "ready before the gRPC server listens")
	assert.Contains(t, body, "zrpc "+rc.ListenOn)

	rpc := &running{srv: srv, reg: reg, addr: rc.ListenOn, ran: make(chan error, 1)}
	go func() { rpc.ran <- srv.Run() }()
	t.Cleanup(func() {
		reg.Terminate(nil)
		rpc.wait(t)
		gzprocShutdown(t, rpc)
	})
	resp, err := healthgrpc.NewHealthClient(dial(t, rpc.addr)).Check(ctxWatchdog(t),
		&healthgrpc.HealthCheckRequest{}, grpc.WaitForReady(true))
	require.NoError(t, err)
	assert.Equal(t, healthgrpc.HealthCheckResponse_SERVING, resp.GetStatus())
	status, body = getStatus(t, readyz)
	assert.Equal(t, http.StatusOK, status, "ready once both listen: %s", body)

	reg.Terminate(nil)
	recv(t, webReturned, "the REST server's Start returns")
	require.NoError(t, rpc.wait(t))
	require.NoError(t, reg.Wait())
	for _, addr := range []string{web.Addr().String(), rpc.addr} {
		ln, err := net.Listen("tcp", addr)
		require.NoError(t, err, "%s: port not free", addr)
		require.NoError(t, ln.Close())
	}
}

func getStatus(t *testing.T, url string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), watchdog)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	require.NoError(t, err)
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}
