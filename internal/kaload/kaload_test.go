package kaload

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestLoad_ReusesConnectionsAndStopsWhenRefused(t *testing.T) {
	conns := make(chan struct{}, 100)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, _ := io.ReadAll(r.Body)
		_, _ = w.Write(id)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns <- struct{}{}
		}
	}
	srv.Start()
	l := Start(Config{URL: srv.URL + "/?id={id}", Clients: 4})
	select {
	case <-l.Warm():
	case <-time.After(10 * time.Second):
		t.Fatal("not warm")
	}
	srv.Close() // closes the connections: every client is refused at its next dial
	select {
	case <-l.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("clients did not stop once refused")
	}
	res := l.Stop()
	assert.Positive(t, res.OK)
	assert.Len(t, conns, 4, "one connection per client")
	refused := 0
	for _, f := range res.Failures {
		if f.Refused {
			refused++
		}
	}
	assert.Equal(t, 4, refused)
}
