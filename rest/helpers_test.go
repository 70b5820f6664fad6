package rest

import (
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/conf"
)

// watchdog bounds every wait of these tests; none should come near it.
const watchdog = 20 * time.Second

type (
	// harness is an isolated lifecycle: a Registry whose exits are recorded
	// and whose states can be awaited.
	harness struct {
		reg   *proc.Registry
		exits chan int

		mu      sync.Mutex // guards following
		reached map[proc.State]chan struct{}
	}

	// events records what happened, in order, from any goroutine.
	events struct {
		mu   sync.Mutex
		list []string
	}
)

func newHarness(t testing.TB, wrapUp, wait time.Duration) *harness {
	t.Helper()
	h := &harness{exits: make(chan int, 4), reached: map[proc.State]chan struct{}{}}
	reg, err := proc.NewRegistry(proc.ShutdownConf{WrapUpTime: wrapUp, WaitTime: wait},
		proc.WithExit(func(code int) { h.exits <- code }), proc.WithObserver(h))
	require.NoError(t, err)
	h.reg = reg
	t.Cleanup(func() {
		reg.Terminate(nil)
		select {
		case <-reg.Finished():
		case <-time.After(watchdog):
			t.Error("registry did not finish")
		}
	})
	return h
}

func (h *harness) state(s proc.State) chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	ch, ok := h.reached[s]
	if !ok {
		ch = make(chan struct{})
		h.reached[s] = ch
	}
	return ch
}

// await blocks until the registry has entered s.
func (h *harness) await(t *testing.T, s proc.State) {
	t.Helper()
	select {
	case <-h.state(s):
	case <-time.After(watchdog):
		t.Fatalf("registry state %s not reached; now %s", s, h.reg.State())
	}
}

// StateChanged implements proc.Observer.
func (h *harness) StateChanged(s proc.State, _ time.Time) { close(h.state(s)) }

// HookStarted implements proc.Observer.
func (h *harness) HookStarted(proc.Phase, string, time.Time) {}

// HookEnded implements proc.Observer.
func (h *harness) HookEnded(proc.Phase, string, proc.Outcome, time.Duration, error) {}

// ForceQuit implements proc.Observer.
func (h *harness) ForceQuit([]string) {}

// newServer builds a Server on 127.0.0.1:0 with go-zero's yaml defaults.
func (h *harness) newServer(t testing.TB, edit ...func(*RestConf)) *Server {
	t.Helper()
	conf := h.reg.Conf() // the yaml defaults would reset the registry's times
	edit = append([]func(*RestConf){func(c *RestConf) {
		c.Shutdown.WrapUpTime, c.Shutdown.WaitTime = conf.WrapUpTime, conf.WaitTime
		// As long as the force quit allows: no test's drain comes near it.
		c.Drain.Timeout = min(watchdog, conf.DrainEnd()-conf.WrapUpTime)
	}}, edit...)
	s, err := NewServer(testConf(t, edit...), WithRegistry(h.reg))
	require.NoError(t, err)
	return s
}

func testConf(t testing.TB, edit ...func(*RestConf)) RestConf {
	t.Helper()
	var c RestConf
	require.NoError(t, conf.FillDefault(&c))
	c.Name = "rest-test"
	c.Host = "127.0.0.1"
	c.DevServer.Enabled = false // its fixed port would be shared by every test
	c.Log.Level = "error"
	c.Drain.Timeout = watchdog
	for _, fn := range edit {
		fn(&c)
	}
	return c
}

// start runs s.Start in a goroutine, waits until s listens and returns a
// channel closed when Start returns.
func start(t *testing.T, s *Server) <-chan struct{} {
	t.Helper()
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		s.Start()
	}()
	select {
	case <-s.listening:
	case <-returned:
		t.Fatal("Start returned before listening")
	case <-time.After(watchdog):
		t.Fatal("server not listening")
	}
	t.Cleanup(func() { awaitClosed(t, returned, "Start did not return") })
	return returned
}

func awaitClosed(t *testing.T, ch <-chan struct{}, msg string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(watchdog):
		t.Fatal(msg)
	}
}

// newClient returns a keep-alive client whose connections end with the test.
func newClient(t *testing.T) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: watchdog}
}

type reply struct {
	status int
	body   string
	header http.Header
	close  bool
}

func get(t *testing.T, c *http.Client, s *Server, path string) reply {
	t.Helper()
	resp, err := c.Get("http://" + s.Addr().String() + path)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return reply{resp.StatusCode, string(body), resp.Header, resp.Close}
}

func (e *events) add(ev string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.list = append(e.list, ev)
}

func (e *events) get() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.list...)
}
