package kq

import (
	"context"
	"strconv"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/zeromicro/go-zero/core/executors"
	"github.com/zeromicro/go-zero/core/logx"
	"go.opentelemetry.io/otel"
)

type (
	// PushOption is go-queue's kq.PushOption.
	PushOption func(options *pushOptions)

	// Pusher is go-queue's kq.Pusher, on a franz-go client.
	Pusher struct {
		topic    string
		producer *kgo.Client
		executor *executors.ChunkExecutor
	}

	pushOptions struct {
		allowAutoTopicCreation bool
		partitioner            kgo.Partitioner

		chunkSize     int
		flushInterval time.Duration

		syncPush bool
	}
)

// NewPusher returns a Pusher with the given Kafka addresses and topic. As in
// go-queue, pushes are batched by a go-zero ChunkExecutor unless
// [WithSyncPush], and compressed with snappy.
func NewPusher(addrs []string, topic string, opts ...PushOption) *Pusher {
	var options pushOptions
	for _, opt := range opts {
		opt(&options)
	}
	kopts := []kgo.Opt{
		kgo.SeedBrokers(addrs...),
		kgo.DefaultProduceTopic(topic),
		kgo.ProducerBatchCompression(kgo.SnappyCompression()),
	}
	if options.allowAutoTopicCreation {
		kopts = append(kopts, kgo.AllowAutoTopicCreation())
	}
	if options.partitioner != nil {
		kopts = append(kopts, kgo.RecordPartitioner(options.partitioner))
	}
	producer, err := kgo.NewClient(kopts...)
	if err != nil {
		// go-queue's NewPusher cannot fail; the options above are valid
		// unless addrs is.
		logx.Must(err)
	}
	pusher := &Pusher{producer: producer, topic: topic}
	if options.syncPush {
		return pusher
	}

	var chunkOpts []executors.ChunkOption
	if options.chunkSize > 0 {
		chunkOpts = append(chunkOpts, executors.WithChunkBytes(options.chunkSize))
	}
	if options.flushInterval > 0 {
		chunkOpts = append(chunkOpts, executors.WithFlushInterval(options.flushInterval))
	}
	pusher.executor = executors.NewChunkExecutor(func(tasks []any) {
		chunk := make([]*kgo.Record, len(tasks))
		for i := range tasks {
			chunk[i] = tasks[i].(*kgo.Record)
		}
		if err := pusher.producer.ProduceSync(context.Background(), chunk...).FirstErr(); err != nil {
			logx.Error(err)
		}
	}, chunkOpts...)
	return pusher
}

// Close flushes what is batched and closes the Pusher.
func (p *Pusher) Close() error {
	if p.executor != nil {
		p.executor.Flush()
	}
	err := p.producer.Flush(context.Background())
	p.producer.Close()
	return err
}

// Name returns the name of the Kafka topic that the Pusher is sending messages to.
func (p *Pusher) Name() string {
	return p.topic
}

// KPush sends a message with key k to the Kafka topic.
func (p *Pusher) KPush(ctx context.Context, k, v string) error {
	return p.send(ctx, &kgo.Record{Key: []byte(k), Value: []byte(v)}, len(v))
}

// Push sends a message to the Kafka topic, keyed by the current time.
func (p *Pusher) Push(ctx context.Context, v string) error {
	return p.PushWithKey(ctx, strconv.FormatInt(time.Now().UnixNano(), 10), v)
}

// PushWithKey sends a message with the given key to the Kafka topic, with the
// trace context of ctx in its headers.
func (p *Pusher) PushWithKey(ctx context.Context, key, v string) error {
	r := &kgo.Record{Key: []byte(key), Value: []byte(v)}
	otel.GetTextMapPropagator().Inject(ctx, recordCarrier{r})
	return p.send(ctx, r, len(v))
}

func (p *Pusher) send(ctx context.Context, r *kgo.Record, size int) error {
	if p.executor != nil {
		return p.executor.Add(r, size)
	}
	return p.producer.ProduceSync(ctx, r).FirstErr()
}

// WithAllowAutoTopicCreation allows the Pusher to create the given topic if it does not exist.
func WithAllowAutoTopicCreation() PushOption {
	return func(options *pushOptions) {
		options.allowAutoTopicCreation = true
	}
}

// WithBalancer chooses the partition of each message. It differs from
// go-queue's, which takes a kafka-go kafka.Balancer: this one takes a
// kgo.Partitioner (e.g. kgo.LeastBackupPartitioner()).
func WithBalancer(balancer kgo.Partitioner) PushOption {
	return func(options *pushOptions) {
		options.partitioner = balancer
	}
}

// WithChunkSize customizes the Pusher with the given chunk size.
func WithChunkSize(chunkSize int) PushOption {
	return func(options *pushOptions) {
		options.chunkSize = chunkSize
	}
}

// WithFlushInterval customizes the Pusher with the given flush interval.
func WithFlushInterval(interval time.Duration) PushOption {
	return func(options *pushOptions) {
		options.flushInterval = interval
	}
}

// WithSyncPush enables the Pusher to push messages synchronously.
func WithSyncPush() PushOption {
	return func(options *pushOptions) {
		options.syncPush = true
	}
}
