package kq

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log"
	"os"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/zeromicro/go-zero/core/contextx"
	"github.com/zeromicro/go-zero/core/logc"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/queue"
	"github.com/zeromicro/go-zero/core/stat"
	"github.com/zeromicro/go-zero/core/timex"
	"go.opentelemetry.io/otel"

	"github.com/zerodown/zerodown/core/proc"
)

const (
	defaultCommitInterval = time.Second
	defaultMaxWait        = time.Second
	defaultQueueCapacity  = 1000
	// heartbeatInterval is how soon a member learns of a rebalance; kgo's
	// default (3s) makes every rolling restart wait that long.
	heartbeatInterval = time.Second
)

type (
	// ConsumeHandle is go-queue's kq.ConsumeHandle.
	ConsumeHandle func(ctx context.Context, key, value string) error

	// ConsumeErrorHandler is called with a record whose handler failed. It
	// differs from go-queue's, which takes a kafka-go kafka.Message: this
	// consumer is on franz-go, so it takes the *kgo.Record.
	ConsumeErrorHandler func(ctx context.Context, msg *kgo.Record, err error)

	// ConsumeHandler is go-queue's kq.ConsumeHandler.
	ConsumeHandler interface {
		Consume(ctx context.Context, key, value string) error
	}

	queueOptions struct {
		commitInterval time.Duration
		queueCapacity  int
		maxWait        time.Duration
		metrics        *stat.Metrics
		errorHandler   ConsumeErrorHandler
		registry       *proc.Registry
	}

	// QueueOption is go-queue's kq.QueueOption.
	QueueOption func(*queueOptions)

	// kafkaQueues is what NewQueue returns: Conns group members.
	kafkaQueues struct {
		queues []*kafkaQueue
	}
)

// MustNewQueue is go-queue's kq.MustNewQueue: NewQueue, exiting on error.
func MustNewQueue(c KqConf, handler ConsumeHandler, opts ...QueueOption) queue.MessageQueue {
	q, err := NewQueue(c, handler, opts...)
	if err != nil {
		log.Fatal(err)
	}
	return q
}

// NewQueue returns a consumer of c.Topic in group c.Group whose shutdown
// follows the process's [proc.Registry] ([proc.DefaultRegistry] unless
// [WithRegistry]): at t0 it stops fetching, its handlers in flight finish,
// their offsets are committed and it leaves the group; see the package doc.
func NewQueue(c KqConf, handler ConsumeHandler, opts ...QueueOption) (queue.MessageQueue, error) {
	if err := c.SetUp(); err != nil {
		return nil, err
	}
	var options queueOptions
	for _, opt := range opts {
		opt(&options)
	}
	ensureQueueOptions(c, &options)
	if handler == nil {
		return nil, errors.New("kq: nil handler")
	}
	if err := options.registry.Setup(proc.ShutdownConf{WrapUpTime: c.Shutdown.WrapUpTime, WaitTime: c.Shutdown.WaitTime}); err != nil {
		return nil, fmt.Errorf("kq: new queue %s: %w", c.Topic, err)
	}
	if c.Conns < 1 {
		c.Conns = 1
	}
	if c.Processors < 1 {
		c.Processors = 1
	}
	var qs kafkaQueues
	for i := 0; i < c.Conns; i++ {
		name := "kq " + c.Topic
		if c.Conns > 1 {
			name = fmt.Sprintf("kq %s#%d", c.Topic, i)
		}
		q, err := newKafkaQueue(c, name, handler, options)
		if err != nil {
			for _, each := range qs.queues {
				each.abandon()
			}
			return nil, err
		}
		qs.queues = append(qs.queues, q)
	}
	return qs, nil
}

// Start runs every member and blocks until all are stopped.
func (q kafkaQueues) Start() {
	var wg sync.WaitGroup
	for _, each := range q.queues {
		wg.Add(1)
		go func() {
			defer wg.Done()
			each.Start()
		}()
	}
	wg.Wait()
}

// Stop stops every member as the shutdown would, for this queue alone.
func (q kafkaQueues) Stop() {
	var wg sync.WaitGroup
	for _, each := range q.queues {
		wg.Add(1)
		go func() {
			defer wg.Done()
			each.Stop()
		}()
	}
	wg.Wait()
}

// StopPhase tells core/service that this queue stops itself at t0, in the
// wrap-up phase of its registry.
func (q kafkaQueues) StopPhase() proc.Phase {
	return proc.PhaseWrapUp
}

// WithCommitInterval is go-queue's option; it is accepted and not used: the
// offsets are committed synchronously right after the handlers (coalesced),
// at every revoke and at the stop, not on an interval.
func WithCommitInterval(interval time.Duration) QueueOption {
	return func(options *queueOptions) {
		options.commitInterval = interval
	}
}

// WithQueueCapacity bounds the records fetched ahead of the handlers
// (kgo.MaxBufferedRecords), as go-queue's bounds kafka-go's queue.
func WithQueueCapacity(queueCapacity int) QueueOption {
	return func(options *queueOptions) {
		options.queueCapacity = queueCapacity
	}
}

// WithHandle is go-queue's kq.WithHandle.
func WithHandle(handle ConsumeHandle) ConsumeHandler {
	return innerConsumeHandler{handle: handle}
}

// WithMaxWait sets the longest a fetch waits for MinBytes (kgo.FetchMaxWait).
func WithMaxWait(wait time.Duration) QueueOption {
	return func(options *queueOptions) {
		options.maxWait = wait
	}
}

// WithMetrics is go-queue's kq.WithMetrics.
func WithMetrics(metrics *stat.Metrics) QueueOption {
	return func(options *queueOptions) {
		options.metrics = metrics
	}
}

// WithErrorHandler is go-queue's kq.WithErrorHandler (see ConsumeErrorHandler
// for the type of the record).
func WithErrorHandler(errorHandler ConsumeErrorHandler) QueueOption {
	return func(options *queueOptions) {
		options.errorHandler = errorHandler
	}
}

// WithRegistry makes the queue follow r instead of [proc.DefaultRegistry]
// (not in go-queue).
func WithRegistry(r *proc.Registry) QueueOption {
	return func(options *queueOptions) {
		options.registry = r
	}
}

type innerConsumeHandler struct {
	handle ConsumeHandle
}

func (ch innerConsumeHandler) Consume(ctx context.Context, k, v string) error {
	return ch.handle(ctx, k, v)
}

func ensureQueueOptions(c KqConf, options *queueOptions) {
	if options.commitInterval == 0 {
		options.commitInterval = defaultCommitInterval
	}
	if options.queueCapacity == 0 {
		options.queueCapacity = defaultQueueCapacity
	}
	if options.maxWait == 0 {
		options.maxWait = defaultMaxWait
	}
	if options.metrics == nil {
		options.metrics = stat.NewMetrics(c.Name)
	}
	if options.errorHandler == nil {
		options.errorHandler = func(ctx context.Context, msg *kgo.Record, err error) {
			logc.Errorf(ctx, "consume: %s, error: %v", string(msg.Value), err)
		}
	}
	if options.registry == nil {
		options.registry = proc.DefaultRegistry
	}
}

// partition is the state of one assigned partition.
type partition struct {
	epoch     int32              // leader epoch of the last record handed out
	next      int64              // offset after the last record handed out; -1: none yet
	pending   map[int64]struct{} // handed out, not done (queued or running)
	running   int                // handlers running
	started   int64              // highest offset whose handler started; -1: none
	committed int64              // offset committed; -1: none by this member
	revoked   bool               // revoked or lost: hand out nothing more
}

// gap reports whether a record handed out below the highest started one has
// not ended yet: it must still be handled (or end), or the commit stays below
// it and the started ones after it are handled again by the next owner.
func (p *partition) gap() bool {
	for off := range p.pending {
		if off < p.started {
			return true
		}
	}
	return false
}

// commitPoint is the offset below which every record handed out is done.
func (p *partition) commitPoint() int64 {
	point := p.next
	for off := range p.pending {
		if off < point {
			point = off
		}
	}
	return point
}

type tp struct {
	topic string
	part  int32
}

// kafkaQueue is one group member.
type kafkaQueue struct {
	c        KqConf
	name     string
	handler  ConsumeHandler
	options  queueOptions
	registry *proc.Registry
	client   *kgo.Client

	pollCtx    context.Context
	stopPoll   context.CancelFunc
	stopOnce   sync.Once
	closeOnce  sync.Once
	closeErr   error
	closed     chan struct{} // closed once the client is closed
	started    chan struct{}
	startOnce  sync.Once
	workersEnd chan struct{}
	work       *proc.Work // the handlers running

	mu       sync.Mutex
	cond     *sync.Cond
	parts    map[tp]*partition
	running  int64
	giveUp   bool                      // the stop's context ended: revokes do not wait any more
	lostErr  error                     // partitions lost with done offsets not committed
	inFlight map[*kgo.Record]time.Time // handlers running, since when
	commitCh chan struct{}
}

func newKafkaQueue(c KqConf, name string, handler ConsumeHandler, options queueOptions) (*kafkaQueue, error) {
	q := &kafkaQueue{
		c:          c,
		name:       name,
		handler:    handler,
		options:    options,
		registry:   options.registry,
		closed:     make(chan struct{}),
		started:    make(chan struct{}),
		workersEnd: make(chan struct{}),
		parts:      make(map[tp]*partition),
		commitCh:   make(chan struct{}, 1),
		inFlight:   make(map[*kgo.Record]time.Time),
	}
	q.cond = sync.NewCond(&q.mu)
	q.pollCtx, q.stopPoll = context.WithCancel(context.Background())

	reset := kgo.NewOffset().AtEnd()
	if c.Offset == firstOffset {
		reset = kgo.NewOffset().AtStart()
	}
	kopts := []kgo.Opt{
		kgo.SeedBrokers(c.Brokers...),
		kgo.ConsumerGroup(c.Group),
		kgo.ConsumeTopics(c.Topic),
		kgo.DisableAutoCommit(),
		kgo.ConsumeResetOffset(reset),
		kgo.FetchMinBytes(int32(c.MinBytes)),
		kgo.FetchMaxBytes(int32(c.MaxBytes)),
		kgo.FetchMaxWait(options.maxWait),
		kgo.MaxBufferedRecords(options.queueCapacity),
		kgo.HeartbeatInterval(heartbeatInterval),
		kgo.OnPartitionsAssigned(q.assigned),
		kgo.OnPartitionsRevoked(q.revoked),
		kgo.OnPartitionsLost(q.lost),
	}
	if c.MaxBytes > 0 {
		kopts = append(kopts, kgo.FetchMaxPartitionBytes(int32(c.MaxBytes)))
	}
	if c.Username != "" && c.Password != "" {
		kopts = append(kopts, kgo.SASL(plain.Auth{User: c.Username, Pass: c.Password}.AsMechanism()))
	}
	if c.CaFile != "" {
		caCert, err := os.ReadFile(c.CaFile)
		if err != nil {
			return nil, fmt.Errorf("kq: read CaFile: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(caCert) {
			return nil, fmt.Errorf("kq: no certificate in CaFile %s", c.CaFile)
		}
		kopts = append(kopts, kgo.DialTLSConfig(&tls.Config{RootCAs: pool, InsecureSkipVerify: true}))
	}
	if err := q.addHooks(); err != nil {
		return nil, err
	}
	client, err := kgo.NewClient(kopts...)
	if err != nil {
		return nil, fmt.Errorf("kq: new queue %s: %w", name, err)
	}
	q.client = client
	return q, nil
}

// addHooks adds the queue to its registry: at t0 it stops fetching; in the
// drain phase it awaits its handlers, commits and leaves the group; its
// handlers count as in flight, so no shutdown hook starts before they end.
func (q *kafkaQueue) addHooks() error {
	if err := q.registry.AddWrapUpHook(q.name+" stop fetching", func(context.Context) error {
		q.stopFetching()
		return nil
	}); err != nil {
		return fmt.Errorf("kq: new queue: %w", err)
	}
	safe := make(chan struct{})
	close(safe) // a consumer has nothing to wait for in the propagation delay
	if err := q.registry.AddDrainHook(q.name+" handlers", q.finish, proc.WithSafeToDrain(safe)); err != nil {
		return fmt.Errorf("kq: new queue: %w", err)
	}
	// The handlers are a proc.Work: counted in flight, named with their
	// stacks at the force quit, and the shutdown hooks (a DB close) never
	// start under one, even past the drain's end: up to WaitTime.
	q.work = q.registry.NewWork(q.name + " handlers")
	return nil
}

// abandon closes a member that never started (NewQueue failed later on).
func (q *kafkaQueue) abandon() {
	q.stopFetching()
	q.closeOnce.Do(func() {
		q.client.Close()
		close(q.closed)
	})
}

// Start polls and hands records to Processors workers until the queue is
// stopped, and returns once it has left the group (after the shutdown
// sequence, if that stopped it).
func (q *kafkaQueue) Start() {
	q.startOnce.Do(func() {
		close(q.started)
		go q.committer()
		work := make(chan *kgo.Record)
		var wg sync.WaitGroup
		for i := 0; i < q.c.Processors; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := range work {
					q.handle(r)
				}
			}()
		}
		q.poll(work)
		close(work)
		wg.Wait()
		close(q.workersEnd)
	})
	<-q.closed
	select {
	case <-q.registry.Done():
		<-q.registry.Finished()
	default:
	}
}

// Stop does what the shutdown does, for this member alone: stop fetching,
// await the handlers in flight (bounded by the registry's WaitTime), commit,
// leave the group. It does not close logx.
func (q *kafkaQueue) Stop() {
	q.stopFetching()
	ctx, cancel := context.WithTimeout(context.Background(), q.registry.Conf().WaitTime)
	defer cancel()
	if err := q.finish(ctx); err != nil {
		logx.Errorf("kq: stop %s: %v", q.name, err)
	}
}

// stopping reports whether the queue stops: Stop was called or t0 passed.
func (q *kafkaQueue) stopping() bool {
	select {
	case <-q.pollCtx.Done():
		return true
	case <-q.registry.Done():
		return true
	default:
		return false
	}
}

// stop returns a channel closed once the queue stops.
func (q *kafkaQueue) stop() <-chan struct{} {
	return q.pollCtx.Done()
}

func (q *kafkaQueue) stopFetching() {
	q.stopOnce.Do(func() {
		q.stopPoll()
		logx.Infof("kq: %s: stopped fetching", q.name)
	})
}

// finish awaits the handlers in flight, commits what they did and leaves the
// group; ctx bounds the wait and the commit.
func (q *kafkaQueue) finish(ctx context.Context) error {
	q.stopFetching()
	select {
	case <-q.closed:
		return q.closeErr
	default:
	}
	var err error
	q.closeOnce.Do(func() {
		defer close(q.closed)
		select {
		case <-q.started:
			select {
			case <-q.workersEnd:
			case <-ctx.Done():
				err = fmt.Errorf("kq: %s: handlers still running: %w", q.name, ctx.Err())
				q.mu.Lock()
				for r, since := range q.inFlight {
					logx.Errorf("kq: %s: handler still running for %v: %s[%d] offset %d key %q",
						q.name, time.Since(since).Round(time.Millisecond), r.Topic, r.Partition, r.Offset, r.Key)
				}
				q.giveUp = true
				q.cond.Broadcast()
				q.mu.Unlock()
				q.client.Close()
				q.closeErr = err
				return
			}
		default: // never started: nothing handed out
		}
		err = q.commit(ctx, nil)
		q.mu.Lock()
		err = errors.Join(err, q.lostErr)
		q.giveUp = true // the revoke at Close has nothing left to wait for
		q.mu.Unlock()
		q.client.Close()
		q.closeErr = err
		if err == nil {
			logx.Infof("kq: %s: handlers done, offsets committed, left the group", q.name)
		}
	})
	if err == nil {
		err = q.closeErr
	}
	return err
}

func (q *kafkaQueue) poll(work chan<- *kgo.Record) {
	for {
		fetches := q.client.PollFetches(q.pollCtx)
		if q.stopping() || fetches.IsClientClosed() {
			return
		}
		fetches.EachError(func(topic string, part int32, err error) {
			if !errors.Is(err, context.Canceled) {
				logx.Errorf("kq: %s: fetch %s[%d]: %v", q.name, topic, part, err)
			}
		})
		stopped := false
		fetches.EachRecord(func(r *kgo.Record) {
			if stopped {
				return
			}
			if !q.handOut(r) {
				return
			}
			select {
			case work <- r:
			case <-q.stop():
				// fetched, not started: not handled, not committed
				q.unhand(r)
				stopped = true
			}
		})
		if stopped {
			return
		}
	}
}

// handOut marks r as handed out; false if its partition is revoked or r was
// handed out already.
func (q *kafkaQueue) handOut(r *kgo.Record) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	p := q.parts[tp{r.Topic, r.Partition}]
	if p == nil || p.revoked || (p.next >= 0 && r.Offset < p.next) {
		return false
	}
	p.pending[r.Offset] = struct{}{}
	p.next = r.Offset + 1
	p.epoch = r.LeaderEpoch
	return true
}

// unhand takes back r, handed out but never started: the commit point stays
// below it.
func (q *kafkaQueue) unhand(r *kgo.Record) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if p := q.parts[tp{r.Topic, r.Partition}]; p != nil && p.next == r.Offset+1 {
		delete(p.pending, r.Offset)
		p.next = r.Offset
	}
}

func (q *kafkaQueue) handle(r *kgo.Record) {
	key := tp{r.Topic, r.Partition}
	q.mu.Lock()
	p := q.parts[key]
	if p == nil || ((p.revoked || q.stopping()) && r.Offset > p.started) {
		// its partition went to another member, or the queue stops: not
		// handled here, and (still pending) never committed past. A record
		// below one that started is handled all the same: skipping it
		// would hold the commit below it, and the next owner would handle
		// the started ones again. (The revoke waits for it, see gap.)
		q.mu.Unlock()
		return
	}
	p.started = max(p.started, r.Offset)
	p.running++
	q.running++
	q.inFlight[r] = time.Now()
	q.work.Add()
	q.mu.Unlock()
	defer q.work.Done()

	ctx := otel.GetTextMapPropagator().Extract(context.Background(), recordCarrier{r})
	ctx = contextx.ValueOnlyFrom(ctx)
	start := timex.Now()
	var err error
	q.work.Run(func() { err = q.handler.Consume(ctx, string(r.Key), string(r.Value)) })
	q.options.metrics.Add(stat.Task{Duration: timex.Since(start)})
	if err != nil {
		q.options.errorHandler(ctx, r, err)
		// With ForceCommit off go-queue does not commit this message, but
		// the commit of any later one on its partition passes it: the same
		// holds here, since offsets are committed per partition.
	}

	q.mu.Lock()
	p.running--
	q.running--
	delete(q.inFlight, r)
	delete(p.pending, r.Offset)
	q.cond.Broadcast()
	q.mu.Unlock()
	select {
	case q.commitCh <- struct{}{}:
	default:
	}
}

// committer commits, synchronously, what the handlers have done, one commit
// at a time, until the queue is closed.
func (q *kafkaQueue) committer() {
	for {
		select {
		case <-q.commitCh:
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			if err := q.commit(ctx, nil); err != nil {
				logx.Errorf("kq: %s: commit: %v", q.name, err)
			}
			cancel()
		case <-q.closed:
			return
		}
	}
}

// commit commits, synchronously, the commit point of each partition in only
// (all held partitions if only is nil) that moved.
func (q *kafkaQueue) commit(ctx context.Context, only map[tp]bool) error {
	q.mu.Lock()
	offsets := make(map[string]map[int32]kgo.EpochOffset)
	points := make(map[tp]int64)
	for key, p := range q.parts {
		if only != nil && !only[key] {
			continue
		}
		if only == nil && p.revoked {
			continue
		}
		point := p.commitPoint()
		if point < 0 || point <= p.committed {
			continue
		}
		if offsets[key.topic] == nil {
			offsets[key.topic] = make(map[int32]kgo.EpochOffset)
		}
		offsets[key.topic][key.part] = kgo.EpochOffset{Epoch: p.epoch, Offset: point}
		points[key] = point
	}
	q.mu.Unlock()
	if len(offsets) == 0 {
		return nil
	}
	var cerr error
	q.client.CommitOffsetsSync(ctx, offsets, func(_ *kgo.Client, _ *kmsg.OffsetCommitRequest, resp *kmsg.OffsetCommitResponse, err error) {
		if err != nil {
			cerr = err
			return
		}
		for _, t := range resp.Topics {
			for _, pr := range t.Partitions {
				if e := kerrFor(pr.ErrorCode); e != nil && cerr == nil {
					cerr = fmt.Errorf("%s[%d]: %w", t.Topic, pr.Partition, e)
				}
			}
		}
	})
	if cerr != nil {
		return fmt.Errorf("kq: %s: commit: %w", q.name, cerr)
	}
	q.mu.Lock()
	for key, point := range points {
		if p := q.parts[key]; p != nil && point > p.committed {
			p.committed = point
		}
	}
	q.mu.Unlock()
	return nil
}

func (q *kafkaQueue) assigned(_ context.Context, _ *kgo.Client, assigned map[string][]int32) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for topic, parts := range assigned {
		for _, part := range parts {
			q.parts[tp{topic, part}] = &partition{next: -1, started: -1, committed: -1, pending: make(map[int64]struct{})}
		}
	}
}

// revoked runs before the partitions go to another member: nothing more of
// them starts here, the handlers in flight on them finish, and their offsets
// are committed synchronously, so that the next owner starts after them.
func (q *kafkaQueue) revoked(ctx context.Context, _ *kgo.Client, revoked map[string][]int32) {
	only := make(map[tp]bool)
	q.mu.Lock()
	for topic, parts := range revoked {
		for _, part := range parts {
			key := tp{topic, part}
			if p := q.parts[key]; p != nil {
				p.revoked = true
				only[key] = true
			}
		}
	}
	for !q.giveUp && (q.runningOn(only) > 0 || q.gapOn(only)) {
		q.cond.Wait()
	}
	q.mu.Unlock()
	if err := q.commit(ctx, only); err != nil {
		logx.Errorf("kq: %s: commit at revoke: %v", q.name, err)
	}
	q.mu.Lock()
	for key := range only {
		delete(q.parts, key)
	}
	q.mu.Unlock()
}

// lost: the partitions are gone already (session expired): a commit would be
// refused; nothing more of them starts here.
func (q *kafkaQueue) lost(_ context.Context, _ *kgo.Client, lost map[string][]int32) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for topic, parts := range lost {
		for _, part := range parts {
			key := tp{topic, part}
			if p := q.parts[key]; p != nil && p.commitPoint() > p.committed {
				// done here, not committed: the next owner handles it again
				q.lostErr = errors.Join(q.lostErr, fmt.Errorf("kq: %s: %s[%d] lost with offsets below %d done and not committed",
					q.name, topic, part, p.commitPoint()))
			}
			delete(q.parts, key)
		}
	}
	logx.Errorf("kq: %s: partitions lost: %v", q.name, lost)
}

// gapOn reports whether a partition of only has a record to handle below a
// started one (see partition.gap).
func (q *kafkaQueue) gapOn(only map[tp]bool) bool {
	for key := range only {
		if p := q.parts[key]; p != nil && p.gap() {
			return true
		}
	}
	return false
}

func (q *kafkaQueue) runningOn(only map[tp]bool) int {
	n := 0
	for key := range only {
		if p := q.parts[key]; p != nil {
			n += p.running
		}
	}
	return n
}
