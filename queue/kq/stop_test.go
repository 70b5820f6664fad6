package kq

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zerodown/zerodown/queue/internal/handlelog"
)

// SIGTERM with 8 handlers in flight: none starts after t0, all 8 finish and
// their offsets are committed before the DB closes, and the next member of
// the group resumes after them.
//
// go-queue v1.2.2: its Stop (reader.Close; logx.Close) returns before the
// handlers finish, kafka-go hands out the prefetched messages after Close,
// their commits fail, and the next member starts over from the last commit.
func TestQueue_SigtermWithHandlersInFlight(t *testing.T) {
	e := consumerEnv{topic: "inflight", db: filepath.Join(t.TempDir(), "db"), handleMS: 500}
	e.brokers = broker(t, e.topic, 1)
	produce(t, producer(t, e.brokers, e.topic), ids(1, 20)...)

	a := startConsumer(t, e, "a")
	starts := 0 // AwaitPrefix returns the first match each time: count the lines
	a.AwaitFunc(t, "8 handler starts", func(l string) bool {
		if strings.HasPrefix(l, "start ") {
			starts++
		}
		return starts == 8
	})
	a.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, a.Wait(t), a.Output())

	evs := handlelog.Events(t, e.db)
	var t0, closed int64
	for _, ev := range evs {
		switch {
		case ev.Kind == "t0":
			t0 = ev.At
		case ev.Kind == "close":
			closed = ev.At
		}
	}
	require.NotZero(t, t0, a.Output())
	require.NotZero(t, closed, a.Output())
	started, done := handlelog.Count(evs, "start"), handlelog.Count(evs, "done")
	assert.Len(t, started, 8, "started")
	assert.Equal(t, started, done, "every handler started finished")
	assert.Empty(t, handlelog.Count(evs, "after-close"))
	for _, ev := range evs {
		if ev.Kind == "start" {
			assert.Less(t, ev.At, t0+int64(50e6), "%s started after t0", ev.Arg)
		}
		if ev.Kind == "done" {
			assert.Less(t, ev.At, closed, "%s done after the DB close", ev.Arg)
		}
	}
	out := a.Output()
	committed := strings.Index(out, "offsets committed")
	assert.True(t, committed >= 0 && committed < strings.Index(out, "db closed"), out)

	// the next member resumes after the 8: ids 9..20, each once
	b := startConsumer(t, consumerEnv{brokers: e.brokers, topic: e.topic, db: e.db, handleMS: 1}, "b")
	awaitDone(t, e.db, 20)
	b.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, b.Wait(t), b.Output())
	for id, n := range handlelog.Count(handlelog.Events(t, e.db), "start") {
		assert.Equal(t, 1, n, "%s started %d times", id, n)
	}
	assert.Len(t, handlelog.Count(handlelog.Events(t, e.db), "done"), 20)
}

// A handler that never returns: the process force-quits at WaitTime with
// exit 124, naming the consumer's drain step, and the DB close never starts.
func TestQueue_HandlerNeverReturns(t *testing.T) {
	e := consumerEnv{topic: "hang", db: filepath.Join(t.TempDir(), "db"), handleMS: 1, wait: 2e9}
	e.brokers = broker(t, e.topic, 1)
	produce(t, producer(t, e.brokers, e.topic), "hang")
	a := startConsumer(t, e, "a")
	a.Await(t, "start hang")
	a.Signal(t, syscall.SIGTERM)
	require.Equal(t, 124, a.Wait(t), a.Output())
	assert.Empty(t, handlelog.Count(handlelog.Events(t, e.db), "close"), "the DB close started")
	assert.Contains(t, a.Output(), "kq hang handlers")
	assert.Contains(t, a.Output(), "handler still running", "the handler is named")
	for _, l := range strings.Split(a.Output(), "\n") {
		if strings.Contains(l, "still running") || strings.Contains(l, "force") {
			t.Log(l)
		}
	}
}
