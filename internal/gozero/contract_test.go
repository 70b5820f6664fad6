//go:build linux || darwin || freebsd

package gozero

// The contract with go-zero: each test checks one behaviour of the go-zero
// version in go.mod that zerodown relies on, and says what to fix if it
// changed.

import (
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/conf"
	"github.com/zeromicro/go-zero/core/logx"
	gzproc "github.com/zeromicro/go-zero/core/proc"
	gzrest "github.com/zeromicro/go-zero/rest"
	gzrpc "github.com/zeromicro/go-zero/zrpc"
	"google.golang.org/grpc"
)

const upgrade = "go-zero changed: internal/gozero must be updated for the go-zero version in go.mod"

func TestContract_SetupShowsInRearmed(t *testing.T) {
	Disarm()
	_, _, changed := Rearmed()
	require.False(t, changed, upgrade+": Disarm no longer sets go-zero's wrapUpTime and waitTime")
	gzproc.Setup(gzproc.ShutdownConf{WrapUpTime: 2 * time.Second, WaitTime: 7 * time.Second})
	wrapUp, wait, changed := Rearmed()
	Disarm()
	require.True(t, changed && wrapUp == 2*time.Second && wait == 7*time.Second,
		upgrade+": go-zero's proc.Setup no longer writes proc.wrapUpTime and proc.waitTime (got %v, %v)", wrapUp, wait)
}

func TestContract_TakeSignals(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir()) // go-zero dumps goroutines there on SIGUSR1
	require.True(t, TakeSignals(), upgrade+": go-zero's signal goroutine %s was not found waiting", signalGoroutine)
	// TestContract_CloseDone closes go-zero's Done for good: when it ran
	// first (-count=2, -shuffle), Done cannot tell whether go-zero got SIGTERM.
	doneBefore := isClosed(gzproc.Done())
	ours := make(chan os.Signal, 1)
	signal.Notify(ours, syscall.SIGTERM)
	defer signal.Stop(ours)

	dumped := make(chan string, 1)
	logx.SetWriter(logWriter(func(v any) {
		if s, ok := v.(string); ok {
			dumped <- s
		}
	}))
	defer logx.Reset()

	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGTERM))
	<-ours
	// go-zero handles its signals one at a time: had it got SIGTERM, it would
	// sleep in its gracefulStop and never handle SIGUSR1.
	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGUSR1))
	select {
	case msg := <-dumped:
		t.Log(msg)
	case <-time.After(10 * time.Second):
		t.Fatal(upgrade + ": after TakeSignals, go-zero still got SIGTERM (it no longer handles SIGUSR1 after it)")
	}
	if !doneBefore && isClosed(gzproc.Done()) {
		t.Fatal(upgrade + ": after TakeSignals, go-zero still closed its Done at SIGTERM")
	}
}

func TestContract_CloseDone(t *testing.T) {
	CloseDone()
	CloseDone()
	select {
	case <-gzproc.Done():
	default:
		t.Fatal(upgrade + ": closing proc.done no longer closes go-zero's proc.Done()")
	}
}

func TestContract_ServersRunning(t *testing.T) {
	require.False(t, ServersRunning())
	port := freePort(t)
	server := gzrest.MustNewServer(restConf(t, port))
	served := make(chan struct{})
	go func() {
		defer close(served)
		server.Start()
	}()
	awaitListening(t, "127.0.0.1:"+strconv.Itoa(port))
	running := ServersRunning()
	gzproc.Shutdown() // go-zero's listener stops its server
	<-served
	require.True(t, running, upgrade+": a serving go-zero rest server no longer runs in %s", serverFrames[0])
}

func TestContract_ServersRunningZrpc(t *testing.T) {
	addr := "127.0.0.1:" + strconv.Itoa(freePort(t))
	var c gzrpc.RpcServerConf
	require.NoError(t, conf.FillDefault(&c))
	c.Name, c.ListenOn, c.CpuThreshold = "contract", addr, 0
	c.DevServer.Enabled = false
	server := gzrpc.MustNewServer(c, func(*grpc.Server) {})
	served := make(chan struct{})
	go func() {
		defer close(served)
		server.Start()
	}()
	awaitListening(t, addr)
	running := ServersRunning()
	gzproc.Shutdown() // go-zero's listener stops its server
	<-served
	require.True(t, running, upgrade+": a serving go-zero zrpc server no longer runs in %s", serverFrames[1])
}

func TestContract_TakeHTTPServer(t *testing.T) {
	port := freePort(t)
	server := gzrest.MustNewServer(restConf(t, port))
	server.AddRoute(gzrest.Route{Method: http.MethodGet, Path: "/a", Handler: func(http.ResponseWriter, *http.Request) {}})
	srv, err := TakeHTTPServer(func(take func(*http.Server)) { server.StartWithOpts(take) })
	require.NoError(t, err, upgrade)
	require.NotNil(t, srv.Handler, upgrade+": the handed-over server has no handler")
	ln, err := net.Listen("tcp", srv.Addr)
	require.NoError(t, err, upgrade+": go-zero listened before handing over its server")
	ln.Close()
}

// restConf is go-zero's default RestConf on port, without the background
// goroutines of its dev server and load shedding.
func restConf(t *testing.T, port int) gzrest.RestConf {
	var c gzrest.RestConf
	require.NoError(t, conf.FillDefault(&c))
	c.Name, c.Host, c.Port = "contract", "127.0.0.1", port
	c.DevServer.Enabled = false
	c.CpuThreshold = 0
	return c
}

// awaitListening returns once addr accepts connections.
func awaitListening(t *testing.T, addr string) {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		if conn, err := net.Dial("tcp", addr); err == nil {
			conn.Close()
			return
		}
		time.Sleep(10 * time.Millisecond) // go-zero is not listening yet
	}
	t.Fatalf("%s does not listen", addr)
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// logWriter is a logx.Writer that hands every Info message to fn.
type logWriter func(v any)

func (w logWriter) Alert(any)                      {}
func (w logWriter) Close() error                   { return nil }
func (w logWriter) Debug(any, ...logx.LogField)    {}
func (w logWriter) Error(any, ...logx.LogField)    {}
func (w logWriter) Info(v any, _ ...logx.LogField) { w(v) }
func (w logWriter) Severe(any)                     {}
func (w logWriter) Slow(any, ...logx.LogField)     {}
func (w logWriter) Stack(any)                      {}
func (w logWriter) Stat(any, ...logx.LogField)     {}

// isClosed reports whether ch is closed.
func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
