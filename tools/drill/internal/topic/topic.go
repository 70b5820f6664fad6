// Package topic reads back what a Kafka topic holds, for the drill's kafka
// scenario to tell an id lost before Kafka (acknowledged by an API, never
// written by its Pusher) from one in Kafka and never handled.
package topic

import (
	"context"
	"errors"
	"fmt"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// Values returns how many records of topic on brokers hold each value: it
// asks for the end offset of every partition, then reads every partition
// from its start up to that end. ctx bounds the whole read.
func Values(ctx context.Context, brokers []string, topic string) (map[string]int, error) {
	admin, err := kgo.NewClient(kgo.SeedBrokers(brokers...))
	if err != nil {
		return nil, fmt.Errorf("topic %s: %w", topic, err)
	}
	ends, err := endOffsets(ctx, admin, topic)
	admin.Close()
	if err != nil {
		return nil, err
	}

	values := make(map[string]int)
	starts := make(map[int32]kgo.Offset)
	left := 0
	for part, end := range ends {
		if end > 0 {
			starts[part] = kgo.NewOffset().AtStart()
			left++
		}
	}
	if left == 0 {
		return values, nil
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{topic: starts}))
	if err != nil {
		return nil, fmt.Errorf("topic %s: %w", topic, err)
	}
	defer cl.Close()
	for left > 0 {
		fetches := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("topic %s: %d partitions not read to their end: %w", topic, left, err)
		}
		var ferr error
		fetches.EachError(func(_ string, part int32, err error) {
			ferr = errors.Join(ferr, fmt.Errorf("fetch %s[%d]: %w", topic, part, err))
		})
		if ferr != nil {
			return nil, ferr
		}
		fetches.EachRecord(func(r *kgo.Record) {
			if end, ok := ends[r.Partition]; ok && r.Offset < end {
				values[string(r.Value)]++
				if r.Offset == end-1 {
					left--
				}
			}
		})
	}
	return values, nil
}

// endOffsets returns the end (high watermark) of each partition of topic.
func endOffsets(ctx context.Context, cl *kgo.Client, topic string) (map[int32]int64, error) {
	meta := kmsg.NewPtrMetadataRequest()
	mt := kmsg.NewMetadataRequestTopic()
	mt.Topic = kmsg.StringPtr(topic)
	meta.Topics = append(meta.Topics, mt)
	mresp, err := meta.RequestWith(ctx, cl)
	if err != nil {
		return nil, fmt.Errorf("topic %s: metadata: %w", topic, err)
	}
	if len(mresp.Topics) != 1 {
		return nil, fmt.Errorf("topic %s: metadata has %d topics", topic, len(mresp.Topics))
	}
	if err := kerr.ErrorForCode(mresp.Topics[0].ErrorCode); err != nil {
		return nil, fmt.Errorf("topic %s: metadata: %w", topic, err)
	}

	req := kmsg.NewPtrListOffsetsRequest()
	lt := kmsg.NewListOffsetsRequestTopic()
	lt.Topic = topic
	for _, p := range mresp.Topics[0].Partitions {
		lp := kmsg.NewListOffsetsRequestTopicPartition()
		lp.Partition = p.Partition
		lp.Timestamp = -1 // the end
		lt.Partitions = append(lt.Partitions, lp)
	}
	req.Topics = append(req.Topics, lt)
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		return nil, fmt.Errorf("topic %s: list offsets: %w", topic, err)
	}
	ends := make(map[int32]int64)
	for _, t := range resp.Topics {
		for _, p := range t.Partitions {
			if err := kerr.ErrorForCode(p.ErrorCode); err != nil {
				return nil, fmt.Errorf("topic %s[%d]: list offsets: %w", topic, p.Partition, err)
			}
			ends[p.Partition] = p.Offset
		}
	}
	return ends, nil
}
