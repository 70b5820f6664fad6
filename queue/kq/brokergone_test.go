package kq

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/zerodown/zerodown/queue/internal/handlelog"
)

// The broker gone at shutdown: the handler in flight finishes, its commit
// fails, the failure is logged and the shutdown reports it; nothing hangs
// past WaitTime.
func TestQueue_BrokerGoneAtShutdown(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(1, "gone"))
	require.NoError(t, err)
	e := consumerEnv{topic: "gone", db: filepath.Join(t.TempDir(), "db"), handleMS: 500, wait: 3 * time.Second,
		brokers: strings.Join(c.ListenAddrs(), ",")}
	cl := producer(t, e.brokers, e.topic)
	produce(t, cl, "x")
	cl.Close()
	a := startConsumer(t, e, "a")
	a.Await(t, "start x")
	c.Close()
	sent := time.Now()
	a.Signal(t, syscall.SIGTERM)
	code := a.Wait(t)
	t.Logf("exit %d after %v", code, time.Since(sent))
	out := a.Output()
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "kq") || strings.Contains(l, "Shutdown done") {
			t.Log(l)
		}
	}
	assert.Contains(t, out, "kq gone handlers", out)
	assert.Contains(t, out, "commit", out)
	assert.Contains(t, out, "Shutdown done with 1 errors", out)
	assert.Less(t, time.Since(sent), e.wait+2*time.Second, "hangs past WaitTime")
	assert.Equal(t, 0, code, "the report says failed; main returned")
	assert.Len(t, handlelog.Count(handlelog.Events(t, e.db), "done"), 1, "the handler in flight finished")
}
