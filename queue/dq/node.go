package dq

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/beanstalkd/go-beanstalk"
	"github.com/zeromicro/go-zero/core/logx"
)

// retryAfter is how long a node waits after a connection error, and how
// long a job whose claim failed stays out of its tube, as in go-queue.
const retryAfter = time.Second

// The states of a node.
const (
	stateIdle      nodeState = iota // between steps, or not started
	stateReserving                  // in a Reserve: a stop closes its connection
	stateHandling                   // a handler runs: a stop lets it finish
)

type (
	nodeState int

	// A node is the loop of one server: reserve a job, claim its body,
	// handle it, delete it; one job at a time, as in go-queue.
	node struct {
		c        *consumer
		endpoint string
		tube     string

		parkOnce sync.Once
		parked   chan struct{} // closed once the node reserves no more
		endOnce  sync.Once
		ended    chan struct{} // closed once its loop is over and its connection closed

		mu      sync.Mutex // guards following
		begun   bool
		stopped bool
		state   nodeState
		conn    *beanstalk.Conn // the connection of the Reserve in progress
		job     uint64          // the job being handled
		since   time.Time       // when its handler started
	}
)

func newNode(c *consumer, endpoint, tube string) *node {
	return &node{c: c, endpoint: endpoint, tube: tube, parked: make(chan struct{}), ended: make(chan struct{})}
}

// begin marks the node started; false if it was stopped first.
func (n *node) begin() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.stopped {
		return false
	}
	n.begun = true
	return true
}

// stop ends the node's reserving: a Reserve in progress is cut by closing
// its connection (beanstalkd then gives back a job it reserved on it); a
// handler in flight goes on.
func (n *node) stop() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.stopped = true
	switch {
	case !n.begun:
		n.park()
		n.end()
	case n.state == stateReserving:
		_ = n.conn.Close() // the loop's own close then fails, harmlessly
	case n.state == stateHandling:
		n.park()
	}
}

func (n *node) park() { n.parkOnce.Do(func() { close(n.parked) }) }
func (n *node) end()  { n.endOnce.Do(func() { close(n.ended) }) }

// runningFor describes what the node's loop is doing, for a stop that
// cannot wait any longer: the handler in flight, if any.
func (n *node) runningFor() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.state != stateHandling {
		return fmt.Sprintf("the loop of %s tube %s, in no handler", n.endpoint, n.tube)
	}
	return fmt.Sprintf("the handler of job %d of %s tube %s, for %v", n.job, n.endpoint, n.tube,
		time.Since(n.since).Round(time.Millisecond))
}

// enter moves the node to state s on conn, unless it stops; it reports
// whether it moved.
func (n *node) enter(s nodeState, conn *beanstalk.Conn) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.stopped || n.c.stopping() {
		return false
	}
	n.state, n.conn = s, conn
	return true
}

// run connects and serves until the consumer stops.
func (n *node) run() {
	defer n.end()
	defer n.park()
	for !n.c.stopping() {
		conn, err := n.dial()
		if err != nil {
			if !n.c.stopping() {
				logx.Errorf("dq: %s: connect %s: %v", n.c.name, n.endpoint, err)
				n.c.pause(retryAfter)
			}
			continue
		}
		broken := n.serve(conn)
		n.closeConn(conn)
		if broken {
			n.c.pause(retryAfter)
		}
	}
}

func (n *node) dial() (*beanstalk.Conn, error) {
	d := net.Dialer{Timeout: beanstalk.DefaultDialTimeout, KeepAlive: beanstalk.DefaultKeepAlivePeriod}
	nc, err := d.DialContext(n.c.stopCtx, "tcp", n.endpoint)
	if err != nil {
		return nil, err
	}
	return beanstalk.NewConn(nc), nil
}

// closeConn closes conn (beanstalkd gives back the jobs reserved on it).
func (n *node) closeConn(conn *beanstalk.Conn) {
	n.mu.Lock()
	n.state, n.conn = stateIdle, nil
	n.mu.Unlock()
	_ = conn.Close()
}

// serve reserves and handles jobs on conn until the consumer stops or conn
// breaks; it reports whether conn broke. A job reserved when the consumer
// stops is not handled: closing conn gives it back to its tube.
func (n *node) serve(conn *beanstalk.Conn) (broken bool) {
	tubes := beanstalk.NewTubeSet(conn, n.tube)
	for {
		if !n.enter(stateReserving, conn) {
			return false
		}
		id, body, err := tubes.Reserve(reserveTimeout)
		if err == nil {
			n.c.at("reserved")
		}
		if !n.enter(stateIdle, conn) {
			return false // reserved, not started: back to the tube with conn's close
		}
		if err != nil {
			if n.reserveFailed(err) {
				return true
			}
			continue
		}
		if !n.handle(conn, id, body) {
			return false
		}
	}
}

// reserveFailed logs err unless it is a timeout, and reports whether the
// connection must be reset (go-queue's rules).
func (n *node) reserveFailed(err error) (reset bool) {
	var cerr beanstalk.ConnError
	switch {
	case errors.As(err, &cerr) && errors.Is(cerr.Err, beanstalk.ErrTimeout):
		return false
	case errors.As(err, &cerr) && isAnswer(cerr.Err):
		logx.Errorf("dq: %s: reserve on %s: %v", n.c.name, n.endpoint, err)
		return false
	default:
		logx.Errorf("dq: %s: reserve on %s: %v", n.c.name, n.endpoint, err)
		return true
	}
}
