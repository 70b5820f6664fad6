package produce

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// api is a fake example/mq API that records the ids pushed to it and
// signals each on got.
type api struct {
	*httptest.Server
	status int
	got    chan struct{}

	mu  sync.Mutex // guards following
	ids []string
}

func newAPI(t *testing.T, status int) *api {
	a := &api{status: status, got: make(chan struct{}, 1024)}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.ids = append(a.ids, r.URL.Query().Get("id"))
		a.mu.Unlock()
		w.WriteHeader(a.status)
		a.got <- struct{}{}
	}))
	t.Cleanup(a.Close)
	return a
}

func (a *api) target() string { return strings.TrimPrefix(a.URL, "http://") }

func (a *api) await(n int) {
	for range n {
		<-a.got
	}
}

func (a *api) seen() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.ids...)
}

// Pushes go round robin to the APIs in service, none to one removed, and
// every id is acknowledged once, numbered from 1.
func TestProducer_RoundRobinAddRemove(t *testing.T) {
	a, b := newAPI(t, http.StatusOK), newAPI(t, http.StatusOK)
	p := Start(500, a.target())
	a.await(3)
	p.Add(b.target())
	b.await(3)
	p.Remove(a.target())
	for range 4 {
		target, ok := p.pick()
		assert.True(t, ok)
		assert.Equal(t, b.target(), target, "a push picked a removed API")
	}
	b.await(5)
	r := p.Stop()

	assert.Empty(t, r.Failed)
	assert.Contains(t, r.Acked, "id-000001")
	all := append(a.seen(), b.seen()...)
	assert.Len(t, r.Acked, len(all), "every push acknowledged once")
	for _, id := range all {
		assert.Contains(t, r.Acked, id)
	}
}

// A push answered with an error, or with no API in service, is failed.
func TestProducer_Failures(t *testing.T) {
	bad := newAPI(t, http.StatusInternalServerError)
	p := Start(500, bad.target())
	bad.await(2)
	p.Remove(bad.target())
	r := p.Stop()
	require.NotEmpty(t, r.Failed)
	assert.Empty(t, r.Acked)
	for _, why := range r.Failed {
		assert.True(t, strings.Contains(why, "HTTP 500") || strings.Contains(why, "no API in service"), why)
	}
}
