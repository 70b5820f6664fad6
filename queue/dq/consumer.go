package dq

import (
	"context"
	"errors"
	"fmt"
	"log"
	"slices"
	"strings"
	"sync"

	"github.com/beanstalkd/go-beanstalk"
	"github.com/zeromicro/go-zero/core/stores/redis"

	"github.com/zerodown/zerodown/core/proc"
)

type (
	// Consume is go-queue's dq.Consume: the handler of one job's payload.
	Consume func(body []byte)

	// A Consumer is go-queue's dq.Consumer, with Stop.
	Consumer interface {
		// Consume handles the jobs of every server with consume, one at a
		// time per server, until the consumer stops (at t0 of its
		// registry's shutdown, or by Stop); see the package doc. It returns
		// once every handler has returned and its job is deleted, and,
		// when the shutdown stopped it, once the whole shutdown sequence is
		// done, so that main returning cuts nothing off. A second call
		// handles nothing and returns when the first does.
		Consume(consume Consume)
		// Stop does what the shutdown does, for this consumer alone: no
		// more reserves, the handlers in flight finish (bounded by the
		// registry's WaitTime) and their jobs are deleted. It does not
		// close logx. It is safe to call more than once, and concurrently.
		// Not in go-queue, whose Consumer has no Stop.
		Stop()
	}

	// A ConsumerOption configures a consumer (not in go-queue).
	ConsumerOption func(*consumerOptions)

	consumerOptions struct {
		registry *proc.Registry
		seam     func(step string) // tests: called at "reserved" and "claimed"
	}
)

// WithRegistry makes the consumer follow r instead of [proc.DefaultRegistry]
// (not in go-queue).
func WithRegistry(r *proc.Registry) ConsumerOption {
	return func(o *consumerOptions) {
		o.registry = r
	}
}

// NewConsumer is go-queue's dq.NewConsumer: a Consumer of every server of
// c.Beanstalks, whose shutdown follows the process's [proc.Registry]
// ([proc.DefaultRegistry] unless [WithRegistry]); see the package doc. It
// exits the program, as go-queue's NewProducer does with bad input, if c
// has no server, a server without an endpoint or tube, one twice, a Redis
// conf that go-zero refuses, or if the registry's shutdown has begun.
func NewConsumer(c DqConf, opts ...ConsumerOption) Consumer {
	cons, err := newConsumer(c, opts...)
	if err != nil {
		log.Fatal(err)
	}
	return cons
}

// consumer is what NewConsumer returns: one loop (a node) per server.
type consumer struct {
	name     string
	nodes    []*node
	claims   claims
	registry *proc.Registry
	work     *proc.Work // the handlers running
	options  consumerOptions

	stopCtx   context.Context // cancelled at the stop
	stopNow   context.CancelFunc
	stopOnce  sync.Once
	parkedLog sync.Once
	runOnce   sync.Once
	ended     chan struct{} // closed once every node has ended
	consume   Consume       // set before the nodes start
}

func newConsumer(c DqConf, opts ...ConsumerOption) (*consumer, error) {
	options := consumerOptions{registry: proc.DefaultRegistry}
	for _, opt := range opts {
		opt(&options)
	}
	if options.registry == nil {
		return nil, errors.New("dq: WithRegistry(nil)")
	}
	tubes, err := checkBeanstalks(c.Beanstalks)
	if err != nil {
		return nil, err
	}
	red, err := redis.NewRedis(c.Redis)
	if err != nil {
		return nil, fmt.Errorf("dq: new consumer: Redis: %w", err)
	}
	cons := &consumer{
		claims:   claims{red: red},
		registry: options.registry,
		options:  options,
		ended:    make(chan struct{}),
	}
	cons.stopCtx, cons.stopNow = context.WithCancel(context.Background())
	for _, b := range c.Beanstalks {
		cons.nodes = append(cons.nodes, newNode(cons, b.Endpoint, b.Tube))
	}
	if err := cons.addHooks("dq " + strings.Join(tubes, ",")); err != nil {
		cons.stopNow()
		return nil, err
	}
	return cons, nil
}

// checkBeanstalks refuses what would never work, and returns the tubes.
func checkBeanstalks(bs []Beanstalk) ([]string, error) {
	if len(bs) == 0 {
		return nil, errors.New("dq: new consumer: no Beanstalks")
	}
	seen := make(map[Beanstalk]bool)
	var tubes []string
	for i, b := range bs {
		switch {
		case b.Endpoint == "":
			return nil, fmt.Errorf("dq: new consumer: Beanstalks[%d]: no Endpoint", i)
		case b.Tube == "":
			return nil, fmt.Errorf("dq: new consumer: Beanstalks[%d]: no Tube", i)
		case seen[b]:
			return nil, fmt.Errorf("dq: new consumer: Beanstalks[%d]: %s tube %s given twice", i, b.Endpoint, b.Tube)
		}
		if err := checkTube(b.Tube); err != nil {
			return nil, fmt.Errorf("dq: new consumer: Beanstalks[%d]: %w", i, err)
		}
		seen[b] = true
		if !slices.Contains(tubes, b.Tube) {
			tubes = append(tubes, b.Tube)
		}
	}
	return tubes, nil
}

// checkTube refuses a tube name that beanstalkd refuses (go-beanstalk's
// rule: under 200 bytes of [beanstalk.NameChars]).
func checkTube(name string) error {
	switch {
	case len(name) >= 200:
		return beanstalk.NameError{Name: name, Err: beanstalk.ErrTooLong}
	case strings.Trim(name, beanstalk.NameChars) != "":
		return beanstalk.NameError{Name: name, Err: beanstalk.ErrBadChar}
	}
	return nil
}

// addHooks adds the consumer to its registry under a name unique there
// (base, or base#2, ...): at t0 it stops reserving; in the drain phase it
// awaits its handlers; they are a proc.Work, so no shutdown hook starts
// before they end.
func (c *consumer) addHooks(base string) error {
	for i := 1; ; i++ {
		c.name = base
		if i > 1 {
			c.name = fmt.Sprintf("%s#%d", base, i)
		}
		err := c.registry.AddWrapUpHook(c.name+" stop reserving", c.stopReserving)
		if errors.Is(err, proc.ErrDuplicateHook) {
			continue
		}
		if err != nil {
			return fmt.Errorf("dq: new consumer: %w", err)
		}
		break
	}
	safe := make(chan struct{})
	close(safe) // a consumer has nothing to wait for in the propagation delay
	if err := c.registry.AddDrainHook(c.name+" handlers", c.finish, proc.WithSafeToDrain(safe)); err != nil {
		return fmt.Errorf("dq: new consumer: %w", err)
	}
	c.work = c.registry.NewWork(c.name + " handlers")
	return nil
}
