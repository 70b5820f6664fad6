// Package produce pushes numbered ids at a steady rate through the APIs of
// example/mq (POST /push?id=ID), round robin over the instances in service,
// as a Kubernetes Service in front of them would: an instance is added once
// it is ready and removed before it gets SIGTERM.
package produce

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// callTimeout bounds one push.
const callTimeout = 10 * time.Second

type (
	// A Producer pushes ids until Stop. It is safe for concurrent use.
	Producer struct {
		client    *http.Client
		transport *http.Transport
		stop      chan struct{}
		ticking   chan struct{} // closed when the ticker loop has returned
		posts     sync.WaitGroup

		mu      sync.Mutex // guards following
		targets []string   // host:port of the APIs in service
		next    int
		acked   map[string]time.Time
		failed  map[string]string
	}

	// A Result is what a Producer pushed.
	Result struct {
		// Acked holds each id the API answered 200 for, and when.
		Acked map[string]time.Time
		// Failed holds each id whose push failed, and why.
		Failed map[string]string
	}
)

// Start pushes rate ids per second, numbered from 1 ("id-000001"), each to
// the next of targets (host:port of an API) in turn, until Stop.
func Start(rate int, targets ...string) *Producer {
	transport := &http.Transport{MaxIdleConnsPerHost: 64}
	p := &Producer{
		client:    &http.Client{Timeout: callTimeout, Transport: transport},
		transport: transport,
		stop:      make(chan struct{}),
		ticking:   make(chan struct{}),
		targets:   slices.Clone(targets),
		acked:     make(map[string]time.Time),
		failed:    make(map[string]string),
	}
	go p.tick(time.Second / time.Duration(rate))
	return p
}

func (p *Producer) tick(every time.Duration) {
	defer close(p.ticking)
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	for n := 1; ; n++ {
		select {
		case <-ticker.C:
		case <-p.stop:
			return
		}
		id := fmt.Sprintf("id-%06d", n)
		target, ok := p.pick()
		if !ok {
			p.done(id, fmt.Errorf("no API in service"))
			continue
		}
		p.posts.Go(func() { p.done(id, p.push(target, id)) })
	}
}

// pick returns the next target, round robin.
func (p *Producer) pick() (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.targets) == 0 {
		return "", false
	}
	p.next = (p.next + 1) % len(p.targets)
	return p.targets[p.next], true
}

func (p *Producer) push(target, id string) error {
	resp, err := p.client.Post("http://"+target+"/push?id="+id, "text/plain", nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d: %s", resp.StatusCode, body)
	}
	return nil
}

func (p *Producer) done(id string, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		p.failed[id] = err.Error()
		return
	}
	p.acked[id] = time.Now()
}

// Add puts target in service.
func (p *Producer) Add(target string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.targets = append(p.targets, target)
}

// Remove takes target out of service: no push starts to it after Remove
// returns; those in flight go on.
func (p *Producer) Remove(target string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.targets = slices.DeleteFunc(p.targets, func(t string) bool { return t == target })
}

// Stop stops pushing, waits for the pushes in flight and returns what was
// pushed. Call it once.
func (p *Producer) Stop() Result {
	close(p.stop)
	<-p.ticking
	p.posts.Wait()
	p.transport.CloseIdleConnections()
	p.mu.Lock()
	defer p.mu.Unlock()
	return Result{Acked: p.acked, Failed: p.failed}
}
