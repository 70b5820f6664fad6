package dq

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

// Stop stops one consumer alone, while its Reserve blocks: its Consume
// returns, the registry goes on serving, logx stays open, and another
// consumer of the same tube and registry still handles the jobs.
func TestConsumer_StopAloneWhileReserveBlocks(t *testing.T) {
	addr := startBeanstalkd(t)
	_, rc := startRedis(t)
	look := dialTest(t, addr)
	reg, _ := testRegistry(t)
	conf := DqConf{Beanstalks: []Beanstalk{{Endpoint: addr, Tube: "jobs"}}, Redis: rc}
	a, err := newConsumer(conf, WithRegistry(reg))
	require.NoError(t, err)
	returnedA := consuming(a, func([]byte) { t.Error("a handled a job") })
	await(t, "consumer a waiting in a Reserve", func() bool { return tubeStat(t, look, "jobs", "current-waiting") == 1 })

	logs := logtest.NewCollector(t)
	a.Stop()
	<-returnedA
	a.Stop() // again: a no-op
	logx.Error("still logging")
	assert.Contains(t, logs.String(), "still logging", "Stop closed logx")
	select {
	case <-reg.Done():
		t.Fatal("Stop of one consumer shut the registry down")
	default:
	}

	b, err := newConsumer(conf, WithRegistry(reg))
	require.NoError(t, err)
	assert.Equal(t, "dq jobs#2", b.name, "a name unique in the registry")
	got := make(chan string, 1)
	returnedB := consuming(b, func(body []byte) { got <- string(body) })
	j := put(t, look, "jobs", "j")
	assert.Equal(t, "j", <-got)
	b.Stop()
	<-returnedB
	assert.Equal(t, "gone", jobState(t, look, j))
}

// Consume after Stop handles nothing and returns.
func TestConsumer_ConsumeAfterStop(t *testing.T) {
	addr := startBeanstalkd(t)
	_, rc := startRedis(t)
	look := dialTest(t, addr)
	j := put(t, look, "jobs", "j")
	reg, _ := testRegistry(t)
	c, err := newConsumer(DqConf{Beanstalks: []Beanstalk{{Endpoint: addr, Tube: "jobs"}}, Redis: rc}, WithRegistry(reg))
	require.NoError(t, err)
	c.Stop()
	c.Consume(func([]byte) { t.Error("handled after Stop") })
	assert.Equal(t, "ready", jobState(t, look, j))
}
