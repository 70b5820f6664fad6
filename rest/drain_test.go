package rest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/core/proc"
)

// gated returns a handler that reports it has entered, waits for release,
// records "request done" and answers 200.
func gated(ev *events, entered chan<- struct{}, release <-chan struct{}) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		close(entered)
		<-release
		ev.add("request done")
		_, _ = w.Write([]byte("done"))
	}
}

// getAsync sends a GET and delivers its reply, or its error, on the channel.
func getAsync(c *http.Client, url string) <-chan error {
	res := make(chan error, 1)
	go func() {
		resp, err := c.Get(url)
		if err != nil {
			res <- err
			return
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err == nil && (resp.StatusCode != http.StatusOK || string(body) != "done") {
			err = fmt.Errorf("got %d %q, want 200 \"done\"", resp.StatusCode, body)
		}
		res <- err
	}()
	return res
}

func TestServer_ShutdownHooksRunAfterTheRequestInFlight(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	ev := &events{}
	entered, release := make(chan struct{}), make(chan struct{})
	s := h.newServer(t)
	s.AddRoute(Route{Method: http.MethodGet, Path: "/slow", Handler: gated(ev, entered, release)})
	require.NoError(t, h.reg.AddShutdownHook("db close", func(context.Context) error {
		ev.add("db close")
		return nil
	}))
	returned := start(t, s)
	res := getAsync(newClient(t), "http://"+s.Addr().String()+"/slow")
	awaitClosed(t, entered, "request not started")

	h.reg.Terminate(nil)
	h.await(t, proc.StateDraining)
	close(release)

	require.NoError(t, <-res)
	awaitClosed(t, returned, "Start did not return")
	assert.Equal(t, []string{"request done", "db close"}, ev.get())
	assert.NoError(t, h.reg.Wait())
}

func TestServer_DrainTimeoutClosesConnectionsAndAwaitsHandlers(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	ev := &events{}
	entered, release := make(chan struct{}), make(chan struct{})
	s := h.newServer(t, func(c *RestConf) { c.Drain.Timeout = 50 * time.Millisecond })
	s.AddRoute(Route{Method: http.MethodGet, Path: "/stuck", Handler: gated(ev, entered, release)})
	require.NoError(t, h.reg.AddShutdownHook("db close", func(context.Context) error {
		ev.add("db close")
		return nil
	}))
	returned := start(t, s)
	res := getAsync(newClient(t), "http://"+s.Addr().String()+"/stuck")
	awaitClosed(t, entered, "request not started")

	h.reg.Terminate(nil)
	select {
	case err := <-res:
		assert.Error(t, err, "the connection must be closed at the drain timeout")
	case <-time.After(watchdog):
		t.Fatal("connection not closed at the drain timeout")
	}
	select {
	case <-h.state(proc.StateShuttingDown):
		t.Fatal("shutdown hooks began while a handler ran")
	default:
	}
	close(release)

	awaitClosed(t, returned, "Start did not return")
	assert.Equal(t, []string{"request done", "db close"}, ev.get())
	assert.ErrorIs(t, h.reg.Wait(), ErrDrainTimeout)
}

func TestServer_EventStreamEndsWhenTheDrainBegins(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	ended := make(chan struct{})
	s := h.newServer(t)
	s.AddRoute(Route{Method: http.MethodGet, Path: "/events", Handler: func(w http.ResponseWriter, r *http.Request) {
		defer close(ended)
		_, _ = fmt.Fprint(w, "data: hello\n\n")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
		_, _ = fmt.Fprint(w, "data: bye\n\n")
	}}, WithSSE())
	returned := start(t, s)

	req, err := http.NewRequest(http.MethodGet, "http://"+s.Addr().String()+"/events", nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := newClient(t).Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, "text/event-stream", resp.Header.Get("Content-Type"))
	body := bufio.NewReader(resp.Body)
	line, err := body.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "data: hello\n", line)

	h.reg.Terminate(nil)
	rest, err := io.ReadAll(body)
	require.NoError(t, err, "the stream must end cleanly")
	assert.Equal(t, "\ndata: bye\n\n", string(rest))
	awaitClosed(t, ended, "handler did not return")
	awaitClosed(t, returned, "Start did not return")
	assert.NoError(t, h.reg.Wait(), "the stream must end before the drain deadline")
}

func TestDraining(t *testing.T) {
	h := newHarness(t, 10*time.Millisecond, 10*time.Second)
	s := h.newServer(t)
	s.AddRoute(Route{Method: http.MethodGet, Path: "/chunks", Handler: func(w http.ResponseWriter, r *http.Request) {
		_, _ = fmt.Fprintln(w, "chunk")
		w.(http.Flusher).Flush()
		<-Draining(r.Context())
		_, _ = fmt.Fprintln(w, "draining, bye")
	}})
	returned := start(t, s)
	resp, err := newClient(t).Get("http://" + s.Addr().String() + "/chunks")
	require.NoError(t, err)
	defer resp.Body.Close()
	body := bufio.NewReader(resp.Body)
	line, err := body.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "chunk\n", line)

	h.reg.Terminate(nil)
	rest, err := io.ReadAll(body)
	require.NoError(t, err)
	assert.Equal(t, "draining, bye\n", string(rest))
	awaitClosed(t, returned, "Start did not return")
	assert.NoError(t, h.reg.Wait())
	assert.Nil(t, Draining(context.Background()), "a context not of a request")
}
