package dq

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beanstalkd/go-beanstalk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/hash"
)

// The producer puts each job on two servers; the consumer of both handles
// each job once, and deletes both copies.
func TestConsumer_OneCopyOfEachJobIsHandled(t *testing.T) {
	addrs := []string{startBeanstalkd(t), startBeanstalkd(t)}
	_, rc := startRedis(t)
	beanstalks := []Beanstalk{{Endpoint: addrs[0], Tube: "jobs"}, {Endpoint: addrs[1], Tube: "jobs"}}
	p := NewProducer(beanstalks)
	defer func() { assert.NoError(t, p.Close()) }()
	const n = 20
	for i := 0; i < n; i++ {
		ids, err := p.Delay([]byte{byte('a' + i)}, 0)
		require.NoError(t, err)
		assert.Len(t, strings.Split(ids, idSep), 2, "one copy on each server")
	}

	reg, _ := testRegistry(t)
	c, err := newConsumer(DqConf{Beanstalks: beanstalks, Redis: rc}, WithRegistry(reg))
	require.NoError(t, err)
	got := make(chan string, 2*n)
	returned := consuming(c, func(body []byte) { got <- string(body) })
	looks := []*beanstalk.Conn{dialTest(t, addrs[0]), dialTest(t, addrs[1])}
	await(t, "both copies of every job deleted", func() bool {
		return jobsIn(t, looks[0], "jobs")+jobsIn(t, looks[1], "jobs") == 0
	})
	c.Stop()
	<-returned
	close(got)
	handled := map[string]int{}
	for b := range got {
		handled[b]++
	}
	assert.Len(t, handled, n)
	for b, k := range handled {
		assert.Equal(t, 1, k, "%s handled %d times", b, k)
	}
}

// A copy of a job handled already (by this package: "done"; by go-queue:
// its lock's random value) is deleted unhandled; a copy whose body another
// consumer handles now goes back to its tube, delayed.
func TestConsumer_ClaimVerdicts(t *testing.T) {
	tests := []struct {
		name      string
		giveValue string
		wantState string
	}{
		{name: "handled here", giveValue: doneValue, wantState: "gone"},
		{name: "handled by go-queue", giveValue: "AbCdEfGhIjKlMnOp", wantState: "gone"},
		{name: "running elsewhere", giveValue: runningPrefix + "other@" + strconv.FormatInt(time.Now().UnixMilli(), 10), wantState: "delayed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := startBeanstalkd(t)
			m, rc := startRedis(t)
			look := dialTest(t, addr)
			id := put(t, look, "jobs", "copy")
			body, err := look.Peek(id)
			require.NoError(t, err)
			require.NoError(t, m.Set(hash.Md5Hex(body), tt.giveValue))
			m.SetTTL(hash.Md5Hex(body), 5*time.Second)
			marker := put(t, look, "jobs", "marker") // handled once the copy was dealt with

			reg, _ := testRegistry(t)
			c, err := newConsumer(DqConf{Beanstalks: []Beanstalk{{Endpoint: addr, Tube: "jobs"}}, Redis: rc}, WithRegistry(reg))
			require.NoError(t, err)
			got := make(chan string, 2)
			returned := consuming(c, func(b []byte) { got <- string(b) })
			assert.Equal(t, "marker", <-got, "the copy was handled")
			c.Stop()
			<-returned
			assert.Equal(t, tt.wantState, jobState(t, look, id))
			assert.Equal(t, "gone", jobState(t, look, marker))
		})
	}
}

// A copy whose body another consumer's handler has run for a while comes
// back as long again later (rounded up to seconds), at least 1 s, at most
// the lease (10 s): a
// handler that died lets its claim go within the lease.
func TestConsumer_CopyRunningElsewhereComesBackLater(t *testing.T) {
	tests := []struct {
		name        string
		giveRunning time.Duration
		wantDelay   string
	}{
		{name: "just started", giveRunning: 100 * time.Millisecond, wantDelay: "1"},
		{name: "running 2.5s", giveRunning: 2500 * time.Millisecond, wantDelay: "3"},
		{name: "running an hour", giveRunning: time.Hour, wantDelay: "10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := startBeanstalkd(t)
			m, rc := startRedis(t)
			look := dialTest(t, addr)
			id := put(t, look, "jobs", "copy")
			body, err := look.Peek(id)
			require.NoError(t, err)
			start := time.Now().Add(-tt.giveRunning).UnixMilli()
			require.NoError(t, m.Set(hash.Md5Hex(body), runningPrefix+"other@"+strconv.FormatInt(start, 10)))
			put(t, look, "jobs", "marker")

			reg, _ := testRegistry(t)
			c, err := newConsumer(DqConf{Beanstalks: []Beanstalk{{Endpoint: addr, Tube: "jobs"}}, Redis: rc}, WithRegistry(reg))
			require.NoError(t, err)
			got := make(chan string, 2)
			returned := consuming(c, func(b []byte) { got <- string(b) })
			assert.Equal(t, "marker", <-got)
			c.Stop()
			<-returned
			stats, err := look.StatsJob(id)
			require.NoError(t, err)
			assert.Equal(t, "delayed", stats["state"])
			assert.Equal(t, tt.wantDelay, stats["delay"])
			assert.Equal(t, "1", stats["releases"])
		})
	}
}

// A handler that panics: logged, its job buried (kept for a kick), its claim
// dropped, and the consumer goes on.
func TestConsumer_PanicBuriesTheJob(t *testing.T) {
	addr := startBeanstalkd(t)
	m, rc := startRedis(t)
	look := dialTest(t, addr)
	boom := put(t, look, "jobs", "boom")
	body, err := look.Peek(boom)
	require.NoError(t, err)
	next := put(t, look, "jobs", "next")
	nextBody, err := look.Peek(next)
	require.NoError(t, err)

	reg, _ := testRegistry(t)
	c, err := newConsumer(DqConf{Beanstalks: []Beanstalk{{Endpoint: addr, Tube: "jobs"}}, Redis: rc}, WithRegistry(reg))
	require.NoError(t, err)
	got := make(chan string, 2)
	returned := consuming(c, func(b []byte) {
		if string(b) == "boom" {
			panic("boom")
		}
		got <- string(b)
	})
	assert.Equal(t, "next", <-got)
	c.Stop()
	<-returned
	assert.Equal(t, "buried", jobState(t, look, boom))
	assert.False(t, m.Exists(hash.Md5Hex(body)), "the claim of the panicked job stays")
	assert.Equal(t, "gone", jobState(t, look, next))
	done, err := m.Get(hash.Md5Hex(nextBody))
	require.NoError(t, err)
	assert.Equal(t, doneValue, done, "the handled job's body is remembered")
	assert.InDelta(t, float64(expiration*time.Second), float64(m.TTL(hash.Md5Hex(nextBody))), float64(time.Second))
}
