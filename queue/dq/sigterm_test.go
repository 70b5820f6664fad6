package dq

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/hash"

	"github.com/zerodown/zerodown/core/report"
	"github.com/zerodown/zerodown/queue/internal/handlelog"
)

// SIGTERM while the consumer waits in a Reserve (go-queue's blocks up to 5 s):
// the consumer is out of it at once. Measured where it happens: the wrap-up
// hook "dq jobs stop reserving" returns only once no node is in a Reserve,
// and the shutdown report gives its duration; the bound asserted (100 ms)
// is the issue's, the figure is logged.
func TestConsumer_SigtermWhileReserveBlocks(t *testing.T) {
	addr := startBeanstalkd(t)
	m, _ := startRedis(t)
	look := dialTest(t, addr)
	e := consumerEnv{endpoint: addr, tube: "jobs", redis: m.Addr(), db: filepath.Join(t.TempDir(), "db")}
	a := startConsumer(t, e, "a")
	await(t, "the consumer waiting in a Reserve", func() bool { return tubeStat(t, look, "jobs", "current-waiting") == 1 })

	a.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, a.Wait(t), a.Output())
	d, outcome := reportedHook(t, a, "wrap-up", "dq jobs stop reserving")
	t.Logf("SIGTERM -> out of Reserve: %v (the hook's duration in the shutdown report)", d)
	assert.Equal(t, "ok", outcome)
	assert.Less(t, d, 100*time.Millisecond)
	assert.Contains(t, a.Markers(), "report "+report.OutcomeOK)
	assert.Contains(t, a.Markers(), "consume returned")
	assert.Zero(t, tubeStat(t, look, "jobs", "current-waiting"))
	for _, l := range a.Markers() {
		if strings.HasPrefix(l, "shutdown took") {
			t.Log(l, "(the whole sequence, from the report)")
		}
	}
}

// SIGTERM with a job in flight: its handler finishes before the DB closes,
// the job is deleted, and the next consumer gets the job put after it, not
// it again (beanstalkd hands out jobs of one priority in order).
func TestConsumer_SigtermWithJobInFlight(t *testing.T) {
	addr := startBeanstalkd(t)
	m, _ := startRedis(t)
	look := dialTest(t, addr)
	e := consumerEnv{endpoint: addr, tube: "jobs", redis: m.Addr(), db: filepath.Join(t.TempDir(), "db"), handleMS: 300}
	j1 := put(t, look, "jobs", "j1")
	a := startConsumer(t, e, "a")
	a.Await(t, "start j1")
	a.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, a.Wait(t), a.Output())

	var t0, closed, done int64
	for _, ev := range handlelog.Events(t, e.db) {
		switch {
		case ev.Kind == "t0":
			t0 = ev.At
		case ev.Kind == "close":
			closed = ev.At
		case ev.Kind == "done" && ev.Arg == "j1":
			done = ev.At
		case ev.Kind == "after-close":
			t.Errorf("%s done after the DB close", ev.Arg)
		}
	}
	require.NotZero(t, t0, a.Output())
	require.NotZero(t, done, "j1 never finished:\n%s", a.Output())
	require.NotZero(t, closed, a.Output())
	assert.Less(t, t0, done, "SIGTERM came after the handler")
	assert.Less(t, done, closed, "the DB closed under the handler")
	assert.Equal(t, "gone", jobState(t, look, j1))
	out := a.Output()
	deleted := strings.Index(out, "their jobs deleted")
	assert.True(t, deleted >= 0 && deleted < strings.Index(out, "db closed"), out)

	put(t, look, "jobs", "j2")
	b := startConsumer(t, consumerEnv{endpoint: addr, tube: "jobs", redis: m.Addr(), db: e.db, handleMS: 1}, "b")
	first := b.AwaitPrefix(t, "start ")
	b.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, b.Wait(t), b.Output())
	assert.Equal(t, "start j2", first, "the next consumer got j1 again")
	assert.Zero(t, jobsIn(t, look, "jobs"))
}

// A handler that never returns: exit 124 at WaitTime, the consumer's drain
// hook and its handler named, the DB close never started; the job goes back
// to its tube when the process is gone, and its claim is a lease that ends
// (so it is handled again: at least once).
func TestConsumer_HandlerNeverReturns(t *testing.T) {
	addr := startBeanstalkd(t)
	m, _ := startRedis(t)
	look := dialTest(t, addr)
	e := consumerEnv{endpoint: addr, tube: "jobs", redis: m.Addr(), db: filepath.Join(t.TempDir(), "db"), wait: 2 * time.Second}
	id := put(t, look, "jobs", "hang")
	body, err := look.Peek(id)
	require.NoError(t, err)
	a := startConsumer(t, e, "a")
	a.Await(t, "start hang")
	a.Signal(t, syscall.SIGTERM)
	require.Equal(t, 124, a.Wait(t), a.Output())
	for _, ev := range handlelog.Events(t, e.db) {
		assert.NotEqual(t, "close", ev.Kind, "the DB close started")
	}
	assert.Contains(t, a.Output(), "dq jobs handlers")
	assert.Contains(t, a.Output(), "still running: the handler of job 1 of "+addr+" tube jobs")
	await(t, "the job back in its tube", func() bool { return jobState(t, look, id) == "ready" })
	ttl := m.TTL(hash.Md5Hex(body))
	assert.True(t, ttl > 0 && ttl <= leaseSeconds*time.Second, "the claim is held for %v", ttl)
}
