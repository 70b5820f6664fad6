package kq

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"

	"github.com/zerodown/zerodown/core/proc"
)

// Stop stops one queue alone: the handler in flight finishes before Stop
// returns, Start returns, and the records after it stay for the next member
// (the second queue handles exactly those). Pushed with a sync Pusher.
func TestQueue_StopAwaitsTheHandlerAndCommits(t *testing.T) {
	brokers := broker(t, "stop", 1)
	pusher := NewPusher(strings.Split(brokers, ","), "stop", WithSyncPush())
	defer func() { assert.NoError(t, pusher.Close()) }()
	assert.Equal(t, "stop", pusher.Name())
	for _, v := range []string{"a", "b", "c"} {
		require.NoError(t, pusher.PushWithKey(context.Background(), v, v))
	}

	newQueue := func(handled chan<- string, release <-chan struct{}) (*proc.Registry, messageQueue) {
		reg := proc.MustNewRegistry(proc.ShutdownConf{WrapUpTime: time.Millisecond, WaitTime: 10 * time.Second})
		c := KqConf{ServiceConf: service.ServiceConf{Name: "stop", Log: logx.LogConf{Level: "error"}},
			Brokers: strings.Split(brokers, ","), Group: "g", Topic: "stop", Offset: firstOffset,
			Conns: 1, Processors: 1, MinBytes: 1, MaxBytes: 1 << 20, ForceCommit: true}
		q, err := NewQueue(c, WithHandle(func(_ context.Context, _, v string) error {
			handled <- v
			<-release
			return nil
		}), WithRegistry(reg), WithMaxWait(50*time.Millisecond))
		require.NoError(t, err)
		return reg, q
	}

	handled, release := make(chan string, 10), make(chan struct{})
	_, q := newQueue(handled, release)
	started := make(chan struct{})
	go func() {
		defer close(started)
		q.Start()
	}()
	assert.Equal(t, "a", <-handled)
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		q.Stop()
	}()
	select {
	case <-stopped:
		t.Fatal("Stop returned with the handler in flight")
	case <-time.After(100 * time.Millisecond): // a loose check: Stop must still wait
	}
	close(release)
	<-stopped
	<-started
	assert.Empty(t, handled, "nothing started after Stop")

	handled2, release2 := make(chan string, 10), make(chan struct{})
	close(release2)
	_, q2 := newQueue(handled2, release2)
	go q2.Start()
	assert.Equal(t, "b", <-handled2, "the next member resumes after a")
	assert.Equal(t, "c", <-handled2)
	q2.Stop()
}

// messageQueue is what NewQueue returns.
type messageQueue = interface {
	Start()
	Stop()
}
