package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/zerodown/zerodown/tools/drill/internal/consumed"
	"github.com/zerodown/zerodown/tools/drill/internal/fleet"
	"github.com/zerodown/zerodown/tools/drill/internal/produce"
	"github.com/zerodown/zerodown/tools/drill/internal/timeline"
	"github.com/zerodown/zerodown/tools/drill/internal/topic"
)

const (
	// kafkaTopic is the topic the APIs push to and the consumers read.
	kafkaTopic = "ids"
	// kafkaPartitions is the topic's partition count: two per consumer.
	kafkaPartitions = 6
	// kafkaSteady is how long the producer runs before the first restart
	// and after the last.
	kafkaSteady = 2 * time.Second
	// kafkaQuiet ends the wait for the last ids once no row was written for
	// that long: longer than kafka-go's session timeout (30s), after which
	// the group gives the partitions of a member that never left to the
	// others.
	kafkaQuiet = 35 * time.Second
	// kafkaSettle bounds the wait for the last ids after the producer stops.
	kafkaSettle = 90 * time.Second
	// kafkaFlushed is how long after the producer stops the APIs' Pushers
	// have flushed what they hold (go-zero's ChunkExecutor flushes every
	// second; kafka-go's Writer waits up to a second for a batch).
	kafkaFlushed = 3 * time.Second
)

// kafkaRuns runs the "Kafka consumers, rolling restart" scenario on b,
// conf.KafkaRuns times, each on a fresh in-process Kafka (franz-go's
// kfake): conf.Instances instances of example/mq in one consumer group, a
// producer pushing conf.KafkaRate numbered ids per second through their
// APIs, each instance replaced in turn (the replacement is started and put
// in service, the old one taken out of service, then SIGTERMed and awaited).
// The picture is the first run's.
func (d *drill) kafkaRuns(sc scenario, b build) (*result, error) {
	res := &result{consumers: d.conf.Instances}
	for run := range d.conf.KafkaRuns {
		dir := filepath.Join(d.dir, fmt.Sprintf("%s-%s-%d", b.name, sc.key, run))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		r, err := d.kafkaRun(dir, b)
		if err != nil {
			return nil, fmt.Errorf("run %d: %w", run+1, err)
		}
		c := r.run.Count()
		if run == 0 {
			r.run.Plot(r.timeline)
			res.timeline = r.timeline
		}
		res.kafka, res.kafkaFailed = append(res.kafka, c), append(res.kafkaFailed, r.failed)
		res.exits = append(res.exits, r.exits...)
		d.progress("%-9s %-8s run %d: %s", sc.key, b.name, run+1, kafkaSummary(c, r.failed))
	}
	return res, nil
}

// A kafkaRun is what one run of the kafka scenario saw.
type kafkaRun struct {
	run consumed.Run
	// timeline starts with the producer, for the picture.
	timeline *timeline.Timeline
	// failed counts the pushes that failed.
	failed int
	// exits are the restarted instances'.
	exits []fleet.Exit
}

// kafkaRun runs the scenario once, its instances' stores and logs in dir.
func (d *drill) kafkaRun(dir string, b build) (kafkaRun, error) {
	var res kafkaRun
	run := &res.run
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(kafkaPartitions, kafkaTopic))
	if err != nil {
		return res, fmt.Errorf("kfake: %w", err)
	}
	defer cluster.Close()
	spec := fleet.Spec{Bin: b.mqBin, Dir: dir, WrapUpTime: d.conf.WrapUpTime, WaitTime: d.conf.WaitTime,
		RESTOnly: true, Args: []string{"-brokers", strings.Join(cluster.ListenAddrs(), ","),
			"-topic", kafkaTopic, "-group", "drill"}}

	insts, err := startAll(spec, d.conf.Instances)
	defer func() { stopAll(insts) }()
	if err != nil {
		return res, err
	}
	addrs := make([]string, len(insts))
	for i, inst := range insts {
		addrs[i] = inst.RestAddr
	}
	res.timeline = timeline.New()
	prod := produce.Start(d.conf.KafkaRate, addrs...)
	producing := true
	defer func() {
		if producing {
			prod.Stop()
		}
	}()
	wait(time.Now().Add(kafkaSteady))

	for k, old := range insts {
		repl, err := fleet.Start(spec, fmt.Sprintf("i%d", len(insts)+k))
		if err != nil {
			return res, err
		}
		prod.Add(repl.RestAddr)
		prod.Remove(old.RestAddr)
		if err := old.Term(); err != nil {
			return res, err
		}
		res.exits = append(res.exits, old.Wait(d.conf.WaitTime+exitGrace))
		run.Terms = append(run.Terms, consumed.Term{Instance: old.Name, At: old.TermAt(), Began: shutdownBegan(old.LogPath)})
		insts[k] = repl
	}
	wait(time.Now().Add(kafkaSteady))
	pushed := prod.Stop()
	producing = false
	run.Produced, res.failed = pushed.Acked, len(pushed.Failed)
	if err := d.settle(dir, cluster.ListenAddrs(), pushed.Acked); err != nil {
		return res, err
	}
	for _, ex := range stopAll(insts) {
		if ex.Code != 0 {
			d.progress("note: %s %s (not restarted) exited %d after %.2fs", b.name, ex.Name, ex.Code, ex.After.Seconds())
		}
	}
	insts = nil
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if run.InKafka, err = topic.Values(ctx, cluster.ListenAddrs(), kafkaTopic); err != nil {
		return res, err
	}
	run.Rows, err = readMQStores(dir)
	return res, err
}

// shutdownBegan returns the time an example/mq instance printed as the
// start of its shutdown ("mq: shutdown began at NANOS") in its log at path,
// or the zero time.
func shutdownBegan(path string) time.Time {
	data, err := os.ReadFile(path)
	if err != nil {
		return time.Time{}
	}
	for _, l := range strings.Split(string(data), "\n") {
		if s, ok := strings.CutPrefix(l, "mq: shutdown began at "); ok {
			if n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
				return time.Unix(0, n)
			}
		}
	}
	return time.Time{}
}

// kafkaSummary is one run's digest for the progress log.
func kafkaSummary(c consumed.Counts, failed int) string {
	return fmt.Sprintf("%d produced (%d pushes failed, %d never in Kafka, %d in it twice), %d once, %d twice or more, "+
		"%d never, %d after the DB close, %d not in the store; %d handlers started after t0, SIGTERM→last handler start %s",
		c.Produced, failed, c.NotInKafka, c.KafkaTwice, c.Once, c.Twice, c.Never, c.AfterClose, c.NotStored,
		c.StartedAfterT0, lastStarts([]consumed.Counts{c}))
}
