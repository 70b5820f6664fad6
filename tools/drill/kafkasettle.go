package main

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"github.com/zerodown/zerodown/example/mq/store"
	"github.com/zerodown/zerodown/tools/drill/internal/topic"
)

// settle waits until every id in produced that Kafka (brokers) holds has a
// row in a store under dir, once the Pushers have flushed (kafkaFlushed),
// or until no row was written for kafkaQuiet, or kafkaSettle has passed.
func (d *drill) settle(dir string, brokers []string, produced map[string]time.Time) error {
	start := time.Now()
	lastChange, lastRows := start, -1
	ticker := time.NewTicker(200 * time.Millisecond)
	defer ticker.Stop()
	var inKafka map[string]int
	var readAt time.Time
	for {
		if time.Since(readAt) > time.Second {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			values, err := topic.Values(ctx, brokers, kafkaTopic)
			cancel()
			if err != nil {
				return err
			}
			inKafka, readAt = values, time.Now()
		}
		rows, err := readMQStores(dir)
		if err != nil {
			return err
		}
		handled, n := make(map[string]bool), 0
		for _, rs := range rows {
			for _, r := range rs {
				handled[r.ID] = true
			}
			n += len(rs)
		}
		missing, lost := 0, 0
		for id := range produced {
			switch {
			case handled[id]:
			case inKafka[id] == 0:
				lost++ // before Kafka: no consumer can handle it
			default:
				missing++
			}
		}
		if n != lastRows {
			lastChange, lastRows = time.Now(), n
		}
		switch {
		case missing == 0 && (lost == 0 || time.Since(start) > kafkaFlushed):
			return nil
		case time.Since(lastChange) > kafkaQuiet, time.Since(start) > kafkaSettle:
			d.progress("kafka: %d of %d ids in Kafka still not handled %.0fs after the producer stopped",
				missing, len(produced), time.Since(start).Seconds())
			return nil
		}
		<-ticker.C
	}
}

// readMQStores returns the rows of every mq store under dir, by instance.
func readMQStores(dir string) (map[string][]store.Row, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.store"))
	if err != nil {
		return nil, err
	}
	rows := make(map[string][]store.Row)
	for _, p := range paths {
		rs, err := store.ReadRows(p)
		if err != nil {
			return nil, err
		}
		rows[strings.TrimSuffix(filepath.Base(p), ".store")] = rs
	}
	return rows, nil
}
