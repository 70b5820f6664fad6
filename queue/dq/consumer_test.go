package dq

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/beanstalkd/go-beanstalk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/hash"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/report"
)

// testRegistry returns a registry that does not exit the test binary, with
// a report recorder.
func testRegistry(t *testing.T) (*proc.Registry, *report.Recorder) {
	t.Helper()
	rec := report.New(report.Conf{})
	reg := proc.MustNewRegistry(proc.ShutdownConf{WrapUpTime: time.Millisecond, WaitTime: 10 * time.Second},
		proc.WithExit(func(code int) { t.Errorf("exit %d", code) }), proc.WithObserver(rec))
	return reg, rec
}

// consuming runs c.Consume(fn) in a goroutine and returns a channel closed
// when it returns.
func consuming(c Consumer, fn Consume) <-chan struct{} {
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		c.Consume(fn)
	}()
	return returned
}

// hookNames returns "phase/name" of each hook of rep.
func hookNames(rep report.Report) []string {
	var names []string
	for _, h := range rep.Hooks {
		names = append(names, h.Phase+"/"+h.Name)
	}
	return names
}

// A job in flight at the shutdown: its handler finishes before the shutdown
// hooks (the DB close) start, its job is deleted, and the next consumer gets
// the next job, not it.
func TestConsumer_JobInFlightFinishesAndIsDeleted(t *testing.T) {
	addr := startBeanstalkd(t)
	_, rc := startRedis(t)
	look := dialTest(t, addr)
	j1 := put(t, look, "jobs", "j1")

	reg, rec := testRegistry(t)
	var mu sync.Mutex
	var events []string
	record := func(e string) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, e)
	}
	require.NoError(t, reg.AddShutdownHook("db close", func(context.Context) error { record("db close"); return nil }))
	c, err := newConsumer(DqConf{Beanstalks: []Beanstalk{{Endpoint: addr, Tube: "jobs"}}, Redis: rc}, WithRegistry(reg))
	require.NoError(t, err)
	started, release := make(chan string, 1), make(chan struct{})
	returned := consuming(c, func(body []byte) {
		started <- string(body)
		<-release
		record("done " + string(body))
	})
	assert.Equal(t, "j1", <-started)
	reg.Terminate(nil)
	<-reg.Done()
	assert.Equal(t, "reserved", jobState(t, look, j1), "deleted before its handler returned")
	close(release)
	<-returned
	require.NoError(t, reg.Wait())

	assert.Equal(t, []string{"done j1", "db close"}, events)
	assert.Equal(t, "gone", jobState(t, look, j1), "the job is deleted once handled")
	assert.Zero(t, jobsIn(t, look, "jobs"))
	rep, ok := rec.Last()
	require.True(t, ok)
	assert.Equal(t, report.OutcomeOK, rep.Outcome)
	assert.Subset(t, hookNames(rep), []string{"wrap-up/dq jobs stop reserving", "drain/dq jobs handlers", "shutdown/db close"})

	// the next consumer gets j2, put after j1: j1 would come first if it were back
	j2 := put(t, look, "jobs", "j2")
	reg2, _ := testRegistry(t)
	c2, err := newConsumer(DqConf{Beanstalks: []Beanstalk{{Endpoint: addr, Tube: "jobs"}}, Redis: rc}, WithRegistry(reg2))
	require.NoError(t, err)
	got := make(chan string, 2)
	returned2 := consuming(c2, func(body []byte) { got <- string(body) })
	assert.Equal(t, "j2", <-got)
	c2.Stop()
	<-returned2
	assert.Empty(t, got)
	assert.Equal(t, "gone", jobState(t, look, j2))
}

// withSeam calls fn at each step of the consumer's loop.
func withSeam(fn func(step string)) ConsumerOption {
	return func(o *consumerOptions) { o.seam = fn }
}

// A job reserved (and claimed) but not started at t0 is not handled: it
// goes back to its tube, its claim dropped, and another consumer handles it.
func TestConsumer_ReservedNotStartedGoesBack(t *testing.T) {
	for _, step := range []string{"reserved", "claimed"} {
		t.Run("at "+step, func(t *testing.T) {
			addr := startBeanstalkd(t)
			m, rc := startRedis(t)
			look := dialTest(t, addr)
			j1 := put(t, look, "jobs", "j1")

			reg, rec := testRegistry(t)
			atStep, proceed := make(chan struct{}), make(chan struct{})
			c, err := newConsumer(DqConf{Beanstalks: []Beanstalk{{Endpoint: addr, Tube: "jobs"}}, Redis: rc},
				WithRegistry(reg), withSeam(func(s string) {
					if s == step {
						close(atStep)
						<-proceed
					}
				}))
			require.NoError(t, err)
			var handled []string
			returned := consuming(c, func(body []byte) { handled = append(handled, string(body)) })
			<-atStep
			reg.Terminate(nil)
			<-reg.Done()
			close(proceed)
			<-returned
			require.NoError(t, reg.Wait())
			assert.Empty(t, handled, "a handler started after t0")
			rep, _ := rec.Last()
			assert.Equal(t, report.OutcomeOK, rep.Outcome)
			for _, key := range m.Keys() {
				assert.NotEqual(t, hash.Md5Hex(mustBody(t, look, j1)), key, "the claim was not dropped")
			}

			reg2, _ := testRegistry(t)
			c2, err := newConsumer(DqConf{Beanstalks: []Beanstalk{{Endpoint: addr, Tube: "jobs"}}, Redis: rc}, WithRegistry(reg2))
			require.NoError(t, err)
			got := make(chan string, 1)
			returned2 := consuming(c2, func(body []byte) { got <- string(body) })
			assert.Equal(t, "j1", <-got, "the job went back to its tube")
			c2.Stop()
			<-returned2
			assert.Equal(t, "gone", jobState(t, look, j1))
		})
	}
}

// mustBody returns the body of job id, as put.
func mustBody(t *testing.T, conn *beanstalk.Conn, id uint64) []byte {
	t.Helper()
	body, err := conn.Peek(id)
	require.NoError(t, err)
	return body
}

// A handler that runs past its job's TTR: the job is touched, so beanstalkd
// keeps it reserved for this consumer instead of handing it to another.
func TestConsumer_LongHandlerKeepsItsJob(t *testing.T) {
	addr := startBeanstalkd(t)
	_, rc := startRedis(t)
	look := dialTest(t, addr)
	id, err := (&beanstalk.Tube{Conn: look, Name: "jobs"}).Put(wrap([]byte("long"), time.Now()), PriNormal, 0, time.Second)
	require.NoError(t, err)

	reg, _ := testRegistry(t)
	c, err := newConsumer(DqConf{Beanstalks: []Beanstalk{{Endpoint: addr, Tube: "jobs"}}, Redis: rc}, WithRegistry(reg))
	require.NoError(t, err)
	stats := make(chan map[string]string, 1)
	returned := consuming(c, func([]byte) {
		time.Sleep(1600 * time.Millisecond) // the work: longer than the TTR (1 s)
		s, err := look.StatsJob(id)
		assert.NoError(t, err)
		stats <- s
	})
	s := <-stats
	c.Stop()
	<-returned
	assert.Equal(t, "reserved", s["state"])
	assert.Equal(t, "0", s["timeouts"], "the TTR passed: the job went back to its tube")
	assert.Equal(t, "gone", jobState(t, look, id))
}
