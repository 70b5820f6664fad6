package topic

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// Values reads every record of every partition, empty partitions included,
// and counts a value written twice twice.
func TestValues(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(4, "ids"))
	require.NoError(t, err)
	defer c.Close()
	cl, err := kgo.NewClient(kgo.SeedBrokers(c.ListenAddrs()...), kgo.DefaultProduceTopic("ids"),
		kgo.RecordPartitioner(kgo.ManualPartitioner()))
	require.NoError(t, err)
	want := map[string]int{"dup": 2}
	for i := range 9 {
		v := fmt.Sprintf("id-%d", i)
		want[v] = 1
		// partitions 0..2 get records, partition 3 stays empty
		require.NoError(t, cl.ProduceSync(context.Background(), &kgo.Record{Value: []byte(v), Partition: int32(i % 3)}).FirstErr())
	}
	for range 2 {
		require.NoError(t, cl.ProduceSync(context.Background(), &kgo.Record{Value: []byte("dup"), Partition: 1}).FirstErr())
	}
	cl.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second) // a watchdog
	defer cancel()
	got, err := Values(ctx, c.ListenAddrs(), "ids")
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

func TestValues_UnknownTopic(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1))
	require.NoError(t, err)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err = Values(ctx, c.ListenAddrs(), "missing")
	assert.ErrorContains(t, err, "missing")
}
