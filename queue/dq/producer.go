package dq

import (
	"log"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/zeromicro/go-zero/core/errorx"
	"github.com/zeromicro/go-zero/core/logx"
)

const (
	// replicaNodes is how many servers each job is put on, at most.
	replicaNodes = 3
	// minWrittenNodes is how many puts must succeed for a job to count.
	minWrittenNodes = 2
)

type (
	// A Producer is go-queue's dq.Producer: it puts delayed jobs on
	// beanstalkd. The unexported methods keep other packages from
	// implementing it, as in go-queue.
	Producer interface {
		// At puts body to be reserved at at, and returns the job's id.
		At(body []byte, at time.Time) (string, error)
		// Close closes the connections.
		Close() error
		// Delay puts body to be reserved after delay, and returns the job's id.
		Delay(body []byte, delay time.Duration) (string, error)
		// Revoke deletes the jobs of ids (as returned by At or Delay).
		Revoke(ids string) error

		at(body []byte, at time.Time) (string, error)
		delay(body []byte, delay time.Duration) (string, error)
	}

	producerCluster struct {
		nodes []Producer
	}
)

// NewProducer is go-queue's dq.NewProducer: a Producer that puts each job on
// up to three of beanstalks, chosen at random, and succeeds when at least
// two puts did (the job's id then joins theirs). The consumers handle one
// copy of each job: see [NewConsumer]. It exits the program, as go-queue's
// does, if beanstalks has fewer than two servers or one twice.
func NewProducer(beanstalks []Beanstalk) Producer {
	if len(beanstalks) < minWrittenNodes {
		log.Fatalf("nodes must be equal or greater than %d", minWrittenNodes)
	}

	var nodes []Producer
	producers := make(map[string]struct{})
	for _, node := range beanstalks {
		if _, ok := producers[node.Endpoint]; ok {
			log.Fatal("all node endpoints must be different")
		}
		producers[node.Endpoint] = struct{}{}
		nodes = append(nodes, NewProducerNode(node.Endpoint, node.Tube))
	}
	return &producerCluster{nodes: nodes}
}

func (p *producerCluster) At(body []byte, at time.Time) (string, error) {
	return p.at(wrap(body, at), at)
}

func (p *producerCluster) Close() error {
	var be errorx.BatchError
	for _, node := range p.nodes {
		if err := node.Close(); err != nil {
			be.Add(err)
		}
	}
	return be.Err()
}

func (p *producerCluster) Delay(body []byte, delay time.Duration) (string, error) {
	return p.delay(wrap(body, time.Now().Add(delay)), delay)
}

func (p *producerCluster) Revoke(ids string) error {
	errs := eachNode(p.nodes, func(node Producer) error { return node.Revoke(ids) })
	var be errorx.BatchError
	for _, err := range errs {
		if err != nil {
			be.Add(err)
		}
	}
	return be.Err()
}

func (p *producerCluster) at(body []byte, at time.Time) (string, error) {
	return p.insert(func(node Producer) (string, error) {
		return node.at(body, at)
	})
}

func (p *producerCluster) delay(body []byte, delay time.Duration) (string, error) {
	return p.insert(func(node Producer) (string, error) {
		return node.delay(body, delay)
	})
}

func (p *producerCluster) getWriteNodes() []Producer {
	if len(p.nodes) <= replicaNodes {
		return p.nodes
	}
	nodes := append([]Producer(nil), p.nodes...)
	rand.Shuffle(len(nodes), func(i, j int) {
		nodes[i], nodes[j] = nodes[j], nodes[i]
	})
	return nodes[:replicaNodes]
}

// insert puts on the write nodes concurrently; with fewer than
// minWrittenNodes successes it revokes those and fails.
func (p *producerCluster) insert(fn func(node Producer) (string, error)) (string, error) {
	var (
		mu  sync.Mutex
		ids []string
		be  errorx.BatchError
	)
	eachNode(p.getWriteNodes(), func(node Producer) error {
		id, err := fn(node)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			be.Add(err)
		} else {
			ids = append(ids, id)
		}
		return nil
	})

	jointID := strings.Join(ids, idSep)
	if len(ids) >= minWrittenNodes {
		return jointID, nil
	}
	if err := p.Revoke(jointID); err != nil {
		logx.Error(err)
	}
	return "", be.Err()
}

// eachNode calls fn for each node concurrently, waits for all, and returns
// their errors in the order of nodes.
func eachNode(nodes []Producer, fn func(Producer) error) []error {
	errs := make([]error, len(nodes))
	var wg sync.WaitGroup
	for i, node := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn(node)
		}()
	}
	wg.Wait()
	return errs
}
