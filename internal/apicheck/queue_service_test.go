package apicheck

import (
	"slices"
	"testing"

	_ "github.com/zeromicro/go-queue/dq" // keeps go-queue's dq in the build list for this check
	_ "github.com/zeromicro/go-queue/kq" // keeps go-queue in go.mod for this check
)

// goQueueDifferences are the signatures of queue/kq that differ from
// go-queue's on purpose: go-queue's consumer is on kafka-go, ours on
// franz-go (docs/en/queues.md says why and what changes for a caller).
var goQueueDifferences = []string{
	"kq.ConsumeErrorHandler: type func(context.Context, *github.com/twmb/franz-go/pkg/kgo.Record, error) here, type func(context.Context, ·kafka.Message, error) in go-zero",
	"kq.WithBalancer: func (github.com/twmb/franz-go/pkg/kgo.Partitioner) ·PushOption here, func (·kafka.Balancer) ·PushOption in go-zero",
}

// Every exported name of go-queue's kq and dq, at the version of go.mod
// (v1.2.2), exists in queue/kq and queue/dq with go-queue's signature (but
// the differences listed above), and every one of go-zero's core/service in
// core/service: changing the import is the whole switch.
func TestGoQueueAPI(t *testing.T) {
	c := Checker{Dir: "."}
	missing, err := c.Missing(map[string]string{
		"github.com/zerodown/zerodown/queue/kq":     "github.com/zeromicro/go-queue/kq",
		"github.com/zerodown/zerodown/queue/dq":     "github.com/zeromicro/go-queue/dq",
		"github.com/zerodown/zerodown/core/service": "github.com/zeromicro/go-zero/core/service",
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range missing {
		if !slices.Contains(goQueueDifferences, m) {
			t.Error(m)
		}
	}
	for _, d := range goQueueDifferences {
		if !slices.Contains(missing, d) {
			t.Errorf("listed as a difference but no longer one: %s", d)
		}
	}
}
