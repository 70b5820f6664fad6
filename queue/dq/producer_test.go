package dq

import (
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beanstalkd/go-beanstalk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jobOf splits a producer's job id "endpoint/tube/n".
func jobOf(t *testing.T, id string) (endpoint, tube string, n uint64) {
	t.Helper()
	fields := strings.Split(id, "/")
	require.Len(t, fields, 3, id)
	n, err := strconv.ParseUint(fields[2], 10, 64)
	require.NoError(t, err)
	return fields[0], fields[1], n
}

// The producer puts each job, wrapped with its time, on every server (up to
// three), delayed, with go-queue's priority and TTR; Revoke deletes every
// copy; a time in the past is refused.
func TestProducer_DelayAtRevoke(t *testing.T) {
	addrs := []string{startBeanstalkd(t), startBeanstalkd(t)}
	looks := map[string]*beanstalk.Conn{addrs[0]: dialTest(t, addrs[0]), addrs[1]: dialTest(t, addrs[1])}
	p := NewProducer([]Beanstalk{{Endpoint: addrs[0], Tube: "jobs"}, {Endpoint: addrs[1], Tube: "jobs"}})
	defer func() { assert.NoError(t, p.Close()) }()

	for _, put := range []func() (string, error){
		func() (string, error) { return p.Delay([]byte("later"), time.Hour) },
		func() (string, error) { return p.At([]byte("later"), time.Now().Add(time.Hour)) },
	} {
		ids, err := put()
		require.NoError(t, err)
		copies := strings.Split(ids, idSep)
		require.Len(t, copies, 2)
		for _, id := range copies {
			endpoint, tube, n := jobOf(t, id)
			assert.Equal(t, "jobs", tube)
			look := looks[endpoint]
			require.NotNil(t, look, id)
			stats, err := look.StatsJob(n)
			require.NoError(t, err)
			assert.Equal(t, "delayed", stats["state"])
			assert.Equal(t, strconv.Itoa(PriNormal), stats["pri"])
			assert.Equal(t, "5", stats["ttr"])
			body, err := look.Peek(n)
			require.NoError(t, err)
			task, ok := unwrap(body, time.Now().Add(time.Hour))
			assert.True(t, ok)
			assert.Equal(t, "later", string(task))
		}
		require.NoError(t, p.Revoke(ids))
		for _, id := range copies {
			endpoint, _, n := jobOf(t, id)
			assert.Equal(t, "gone", jobState(t, looks[endpoint], n))
		}
	}

	_, err := p.At([]byte("x"), time.Now().Add(-time.Second))
	assert.ErrorContains(t, err, ErrTimeBeforeNow.Error())
}

// A put that reaches fewer than two servers fails, and the copy that was
// put is revoked.
func TestProducer_FewerThanTwoCopiesFails(t *testing.T) {
	addr := startBeanstalkd(t)
	look := dialTest(t, addr)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	down := l.Addr().String()
	require.NoError(t, l.Close()) // nothing listens there now
	p := NewProducer([]Beanstalk{{Endpoint: addr, Tube: "jobs"}, {Endpoint: down, Tube: "jobs"}})
	defer func() { _ = p.Close() }()

	ids, err := p.Delay([]byte("x"), 0)
	assert.Error(t, err)
	assert.Empty(t, ids)
	assert.Zero(t, jobsIn(t, look, "jobs"), "the copy put was not revoked")
	assert.Equal(t, 1, tubeStat(t, look, "jobs", "cmd-delete"))
}

// One node alone: its ids name its server and tube.
func TestProducerNode_Delay(t *testing.T) {
	addr := startBeanstalkd(t)
	look := dialTest(t, addr)
	p := NewProducerNode(addr, "one")
	defer func() { assert.NoError(t, p.Close()) }()
	id, err := p.Delay([]byte("now"), 0)
	require.NoError(t, err)
	endpoint, tube, n := jobOf(t, id)
	assert.Equal(t, addr, endpoint)
	assert.Equal(t, "one", tube)
	assert.Equal(t, "ready", jobState(t, look, n))
	_, err = p.At([]byte("x"), time.Now().Add(-time.Second))
	assert.ErrorIs(t, err, ErrTimeBeforeNow)
}
