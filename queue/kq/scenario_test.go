package kq

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/service"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/proc/proctest"
	"github.com/zerodown/zerodown/queue/internal/handlelog"
)

// scenarioEnv names the scenario a subprocess of a test runs.
const scenarioEnv = "KQ_TEST_SCENARIO"

var scenarios = map[string]func() int{
	"consumer": scenarioConsumer,
}

func runScenario(name string) int {
	run, ok := scenarios[name]
	if !ok {
		fmt.Println("unknown scenario", name)
		return 2
	}
	return run()
}

// scenarioConsumer runs a kq consumer named KQ_NAME on KQ_BROKERS, handling
// each record in KQ_HANDLE_MS; a record "hang" never returns.
func scenarioConsumer() int {
	name := os.Getenv("KQ_NAME")
	db, err := handlelog.Open(os.Getenv("KQ_DB"), name)
	if err != nil {
		fmt.Println(err)
		return 2
	}
	handleFor, _ := strconv.Atoi(os.Getenv("KQ_HANDLE_MS"))
	wait, _ := time.ParseDuration(os.Getenv("KQ_WAIT"))
	c := KqConf{
		ServiceConf: service.ServiceConf{Name: name, Log: logx.LogConf{Level: "info", Encoding: "plain"}},
		Brokers:     strings.Split(os.Getenv("KQ_BROKERS"), ","),
		Group:       "group",
		Topic:       os.Getenv("KQ_TOPIC"),
		Offset:      firstOffset,
		Conns:       1,
		Processors:  8,
		MinBytes:    1,
		MaxBytes:    10485760,
		ForceCommit: true,
	}
	c.Shutdown.WrapUpTime = 100 * time.Millisecond
	c.Shutdown.WaitTime = wait
	proc.AddShutdownListener(db.Close)
	db.NoteT0(proc.Done())
	q := MustNewQueue(c, WithHandle(func(ctx context.Context, key, value string) error {
		db.Handle(value, time.Duration(handleFor)*time.Millisecond)
		return nil
	}), WithMaxWait(100*time.Millisecond))
	fmt.Println("ready")
	q.Start()
	fmt.Println("start returned")
	return 0
}

// broker starts an in-process Kafka with topic of parts partitions.
func broker(t *testing.T, topic string, parts int32) string {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(parts, topic))
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return strings.Join(c.ListenAddrs(), ",")
}

func producer(t *testing.T, brokers, topic string) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(strings.Split(brokers, ",")...), kgo.DefaultProduceTopic(topic))
	require.NoError(t, err)
	t.Cleanup(cl.Close)
	return cl
}

func produce(t *testing.T, cl *kgo.Client, values ...string) {
	t.Helper()
	for _, v := range values {
		require.NoError(t, cl.ProduceSync(context.Background(), &kgo.Record{Key: []byte(v), Value: []byte(v)}).FirstErr())
	}
}

type consumerEnv struct {
	brokers, topic, db string
	handleMS           int
	wait               time.Duration
}

func startConsumer(t *testing.T, e consumerEnv, name string) *proctest.Process {
	t.Helper()
	if testing.Short() {
		t.Skip("subprocess test")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	wait := e.wait
	if wait == 0 {
		wait = 10 * time.Second
	}
	cmd.Env = append(os.Environ(), scenarioEnv+"=consumer", "KQ_NAME="+name, "KQ_BROKERS="+e.brokers,
		"KQ_TOPIC="+e.topic, "KQ_DB="+e.db, "KQ_HANDLE_MS="+strconv.Itoa(e.handleMS), "KQ_WAIT="+wait.String())
	return proctest.StartCommand(t, cmd, "ready")
}

// awaitDone waits until n distinct ids are done in the store.
func awaitDone(t *testing.T, path string, n int) {
	t.Helper()
	deadline := time.Now().Add(proctest.Watchdog)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for range tick.C {
		if len(handlelog.Count(handlelog.Events(t, path), "done")) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d ids done", len(handlelog.Count(handlelog.Events(t, path), "done")), n)
		}
	}
}

func ids(from, to int) []string {
	var s []string
	for i := from; i <= to; i++ {
		s = append(s, fmt.Sprintf("id%03d", i))
	}
	return s
}
