package kq

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"

	"github.com/zerodown/zerodown/core/proc"
)

// gapQueue is a member that holds partition 0 of topic "gap" and has handed
// out offsets 1 and 2 to two workers, the handler blocking on each until
// released; nothing is fetched (the broker address is never dialled).
func gapQueue(t *testing.T) (q *kafkaQueue, started chan string, release chan struct{}, r1, r2 *kgo.Record) {
	t.Helper()
	started, release = make(chan string, 2), make(chan struct{})
	reg := proc.MustNewRegistry(proc.ShutdownConf{WrapUpTime: time.Millisecond, WaitTime: 10 * time.Second})
	c := KqConf{ServiceConf: service.ServiceConf{Name: "gap", Log: logx.LogConf{Level: "error"}},
		Brokers: []string{"127.0.0.1:1"}, Group: "g", Topic: "gap", Conns: 1, Processors: 2}
	var options queueOptions
	WithRegistry(reg)(&options)
	ensureQueueOptions(c, &options)
	q, err := newKafkaQueue(c, "kq gap", WithHandle(func(_ context.Context, _, v string) error {
		started <- v
		<-release
		return nil
	}), options)
	require.NoError(t, err)
	t.Cleanup(q.client.Close)
	q.assigned(context.Background(), q.client, map[string][]int32{"gap": {0}})
	r1 = &kgo.Record{Topic: "gap", Partition: 0, Offset: 1, Value: []byte("1")}
	r2 = &kgo.Record{Topic: "gap", Partition: 0, Offset: 2, Value: []byte("2")}
	require.True(t, q.handOut(r1))
	require.True(t, q.handOut(r2))
	return q, started, release, r1, r2
}

// The worker of offset 2 starts first; the stop comes before the worker of
// offset 1 looks: offset 1 must still be handled, or the commit stays below
// it and the next member handles offset 2 a second time. (Before the fix the
// worker skipped offset 1: TestQueue_SigtermWithHandlersInFlight saw 4 ids
// handled twice in CI.)
func TestHandle_StopStartsTheGapBelowAStartedRecord(t *testing.T) {
	q, started, release, r1, r2 := gapQueue(t)
	done2 := make(chan struct{})
	go func() { defer close(done2); q.handle(r2) }()
	assert.Equal(t, "2", <-started)
	q.stopFetching()
	done1 := make(chan struct{})
	go func() { defer close(done1); q.handle(r1) }()
	close(release)
	<-done1
	<-done2
	select {
	case v := <-started:
		assert.Equal(t, "1", v)
	default:
		t.Fatal("offset 1, handed out below the started offset 2, was skipped at the stop")
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	assert.Equal(t, int64(3), q.parts[tp{"gap", 0}].commitPoint(), "both done: the commit passes them")
}

// A record above every started one is not started once the queue stops: it
// stays uncommitted for the next member.
func TestHandle_StopSkipsWhatIsAboveTheStarted(t *testing.T) {
	q, started, release, r1, r2 := gapQueue(t)
	close(release)
	q.handle(r1)
	assert.Equal(t, "1", <-started)
	q.stopFetching()
	q.handle(r2)
	assert.Empty(t, started, "offset 2 started after the stop")
	q.mu.Lock()
	defer q.mu.Unlock()
	assert.Equal(t, int64(2), q.parts[tp{"gap", 0}].commitPoint())
}

// At a revoke, the revoke waits for the gap below a started record too, so
// that its commit passes both.
func TestRevoke_AwaitsTheGapBelowAStartedRecord(t *testing.T) {
	q, started, release, r1, r2 := gapQueue(t)
	go q.handle(r2)
	assert.Equal(t, "2", <-started)
	revoked := make(chan struct{})
	go func() {
		defer close(revoked)
		q.revoked(context.Background(), q.client, map[string][]int32{"gap": {0}})
	}()
	close(release) // offset 2 ends while the revoke waits
	go q.handle(r1)
	select {
	case v := <-started:
		assert.Equal(t, "1", v)
	case <-time.After(10 * time.Second): // a watchdog, not a timing check
		t.Fatal("offset 1 was skipped at the revoke")
	}
	<-revoked
}
