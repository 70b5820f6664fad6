package dq

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/conf"
	"github.com/zeromicro/go-zero/core/stores/redis"
)

// go-queue v1.2.2's dq API, as its callers use it: these compile only if the
// names and signatures match (NewConsumer takes options too).
var (
	_ func(DqConf, ...ConsumerOption) Consumer              = NewConsumer
	_ func([]Beanstalk) Producer                            = NewProducer
	_ func(string, string) Producer                         = NewProducerNode
	_ func(Consumer, Consume)                               = Consumer.Consume
	_ func(Producer, []byte, time.Time) (string, error)     = Producer.At
	_ func(Producer, []byte, time.Duration) (string, error) = Producer.Delay
	_ func(Producer, string) error                          = Producer.Revoke
	_ func(Producer) error                                  = Producer.Close
	_ Consume                                               = func(body []byte) {}
	_ error                                                 = ErrTimeBeforeNow
	_                                                       = [3]int{PriHigh, PriNormal, PriLow}
)

// go-queue's yaml loads, with its keys and go-zero's Redis defaults.
func TestDqConf_YamlKeysAndDefaults(t *testing.T) {
	var c DqConf
	err := conf.LoadFromYamlBytes([]byte(`
Beanstalks:
  - Endpoint: 127.0.0.1:11300
    Tube: tube
  - Endpoint: 127.0.0.1:11301
    Tube: tube
Redis:
  Host: 127.0.0.1:6379
`), &c)
	require.NoError(t, err)
	assert.Equal(t, []Beanstalk{{Endpoint: "127.0.0.1:11300", Tube: "tube"}, {Endpoint: "127.0.0.1:11301", Tube: "tube"}},
		c.Beanstalks)
	assert.Equal(t, "127.0.0.1:6379", c.Redis.Host)
	assert.Equal(t, redis.NodeType, c.Redis.Type, "go-zero's default")
	assert.True(t, c.Redis.NonBlock, "go-zero's default")
	assert.Equal(t, [3]int{1, 2, 3}, [3]int{PriHigh, PriNormal, PriLow})
}

// NewConsumer refuses, with a clear error, a conf that cannot work: go-queue
// starts with it and loses each job it reserves.
func TestNewConsumer_RefusesBadConf(t *testing.T) {
	_, rc := startRedis(t)
	ok := Beanstalk{Endpoint: "127.0.0.1:11300", Tube: "t"}
	tests := []struct {
		name    string
		give    DqConf
		wantErr string
	}{
		{name: "no server", give: DqConf{Redis: rc}, wantErr: "dq: new consumer: no Beanstalks"},
		{name: "no endpoint", give: DqConf{Beanstalks: []Beanstalk{{Tube: "t"}}, Redis: rc},
			wantErr: "dq: new consumer: Beanstalks[0]: no Endpoint"},
		{name: "no tube", give: DqConf{Beanstalks: []Beanstalk{ok, {Endpoint: "127.0.0.1:11301"}}, Redis: rc},
			wantErr: "dq: new consumer: Beanstalks[1]: no Tube"},
		{name: "bad tube", give: DqConf{Beanstalks: []Beanstalk{{Endpoint: "127.0.0.1:11300", Tube: "a b"}}, Redis: rc},
			wantErr: "dq: new consumer: Beanstalks[0]: name has bad char: a b"},
		{name: "twice", give: DqConf{Beanstalks: []Beanstalk{ok, ok}, Redis: rc},
			wantErr: "dq: new consumer: Beanstalks[1]: 127.0.0.1:11300 tube t given twice"},
		{name: "no redis", give: DqConf{Beanstalks: []Beanstalk{ok}},
			wantErr: "dq: new consumer: Redis: empty redis host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg, _ := testRegistry(t)
			_, err := newConsumer(tt.give, WithRegistry(reg))
			assert.EqualError(t, err, tt.wantErr)
		})
	}
}

// A consumer made once the registry's shutdown has begun is refused.
func TestNewConsumer_RefusedAfterTheShutdownBegan(t *testing.T) {
	_, rc := startRedis(t)
	reg, _ := testRegistry(t)
	reg.Terminate(nil)
	require.NoError(t, reg.Wait())
	_, err := newConsumer(DqConf{Beanstalks: []Beanstalk{{Endpoint: "127.0.0.1:11300", Tube: "t"}}, Redis: rc}, WithRegistry(reg))
	assert.ErrorContains(t, err, "dq: new consumer: proc: add wrap-up hook")
}
