package lb

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// clock is a fake clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func picks(t *testing.T, b *LB, n int) map[string]int {
	t.Helper()
	got := make(map[string]int)
	for range n {
		addr, err := b.Pick()
		require.NoError(t, err)
		got[addr]++
	}
	return got
}

func TestLB_PickKeepsRemovedBackendForLag(t *testing.T) {
	clk := &clock{now: time.Unix(1000, 0)}
	b := New(2*time.Second, WithClock(clk.Now))
	b.Add("a")
	b.Add("b")
	assert.Equal(t, map[string]int{"a": 2, "b": 2}, picks(t, b, 4), "round robin")

	b.Remove("a")
	clk.Add(2*time.Second - time.Nanosecond)
	assert.Equal(t, map[string]int{"a": 2, "b": 2}, picks(t, b, 4), "within the lag")

	clk.Add(time.Nanosecond)
	assert.Equal(t, map[string]int{"b": 4}, picks(t, b, 4), "at the lag")

	b.Remove("b")
	clk.Add(2 * time.Second)
	_, err := b.Pick()
	assert.ErrorIs(t, err, ErrNoBackend)
}

func TestLB_ZeroLagDropsAtOnce(t *testing.T) {
	b := New(0)
	b.Add("a")
	b.Add("b")
	b.Remove("a")
	assert.Equal(t, map[string]int{"b": 3}, picks(t, b, 3))
}

func TestLB_ProxiesOverLoopbackAndCountsRefusedDials(t *testing.T) {
	backend := func(name string) *httptest.Server {
		return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			_, _ = io.WriteString(w, name)
		}))
	}
	one, two := backend("one"), backend("two")
	defer two.Close()

	clk := &clock{now: time.Unix(1000, 0)}
	b := New(time.Second, WithClock(clk.Now))
	defer b.Close()
	b.Add(one.Listener.Addr().String())
	b.Add(two.Listener.Addr().String())
	addr, err := b.Listen("127.0.0.1:0")
	require.NoError(t, err)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	get := func() (string, error) {
		resp, err := client.Get("http://" + addr.String())
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return string(body), err
	}

	got := map[string]int{}
	for range 4 {
		body, err := get()
		require.NoError(t, err)
		got[body]++
	}
	assert.Equal(t, map[string]int{"one": 2, "two": 2}, got)

	// one stops listening but stays in rotation for the lag: every other
	// new connection is refused by it and closed by the LB.
	b.Remove(one.Listener.Addr().String())
	one.Close()
	var failed int
	for range 4 {
		if _, err := get(); err != nil {
			failed++
		}
	}
	assert.Equal(t, 2, failed, "connections sent to the stopped backend")
	assert.Equal(t, int64(2), b.DialFails())

	clk.Add(time.Second)
	for range 4 {
		body, err := get()
		require.NoError(t, err)
		assert.Equal(t, "two", body)
	}
	require.NoError(t, b.Close())
	require.NoError(t, b.Close(), "second Close")
}
