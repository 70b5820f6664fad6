package kq

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/zeromicro/go-zero/core/conf"
	"github.com/zeromicro/go-zero/core/queue"
	"github.com/zeromicro/go-zero/core/stat"
)

// go-queue v1.2.2's kq API, as its callers use it: these compile only if the
// names and signatures match (ConsumeErrorHandler and WithBalancer take
// franz-go types instead of kafka-go's; see the package doc).
var (
	_ func(KqConf, ConsumeHandler, ...QueueOption) queue.MessageQueue          = MustNewQueue
	_ func(KqConf, ConsumeHandler, ...QueueOption) (queue.MessageQueue, error) = NewQueue
	_ func(ConsumeHandle) ConsumeHandler                                       = WithHandle
	_ func(time.Duration) QueueOption                                          = WithCommitInterval
	_ func(int) QueueOption                                                    = WithQueueCapacity
	_ func(time.Duration) QueueOption                                          = WithMaxWait
	_ func(*stat.Metrics) QueueOption                                          = WithMetrics
	_ func(ConsumeErrorHandler) QueueOption                                    = WithErrorHandler
	_ func([]string, string, ...PushOption) *Pusher                            = NewPusher
	_ func() PushOption                                                        = WithAllowAutoTopicCreation
	_ func(int) PushOption                                                     = WithChunkSize
	_ func(time.Duration) PushOption                                           = WithFlushInterval
	_ func() PushOption                                                        = WithSyncPush
	_ func(*Pusher) error                                                      = (*Pusher).Close
	_ func(*Pusher) string                                                     = (*Pusher).Name
	_ func(*Pusher, context.Context, string, string) error                     = (*Pusher).KPush
	_ func(*Pusher, context.Context, string) error                             = (*Pusher).Push
	_ func(*Pusher, context.Context, string, string) error                     = (*Pusher).PushWithKey
)

// go-queue's yaml loads, with its defaults.
func TestKqConf_YamlKeysAndDefaults(t *testing.T) {
	var c KqConf
	err := conf.LoadFromYamlBytes([]byte("Name: mq\nBrokers: [127.0.0.1:9092]\nGroup: g\nTopic: t\n"), &c)
	assert.NoError(t, err)
	assert.Equal(t, KqConf{
		ServiceConf: c.ServiceConf, Brokers: []string{"127.0.0.1:9092"}, Group: "g", Topic: "t",
		Offset: lastOffset, Conns: 1, Consumers: 8, Processors: 8, MinBytes: 10240, MaxBytes: 10485760,
		ForceCommit: true, CommitInOrder: false,
	}, c)
	assert.Equal(t, "mq", c.Name)
}
