package dq

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/beanstalkd/go-beanstalk"
	"github.com/zeromicro/go-zero/core/logx"
)

// ErrTimeBeforeNow is go-queue's: At was given a time in the past.
var ErrTimeBeforeNow = errors.New("can't schedule task to past time")

type producerNode struct {
	endpoint string
	tube     string
	conn     *connection
}

// NewProducerNode is go-queue's dq.NewProducerNode: a Producer on one server
// and tube. Its job ids are "endpoint/tube/id".
func NewProducerNode(endpoint, tube string) Producer {
	return &producerNode{
		endpoint: endpoint,
		tube:     tube,
		conn:     newConnection(endpoint, tube),
	}
}

func (p *producerNode) At(body []byte, at time.Time) (string, error) {
	return p.at(wrap(body, at), at)
}

func (p *producerNode) Close() error {
	return p.conn.Close()
}

func (p *producerNode) Delay(body []byte, delay time.Duration) (string, error) {
	return p.delay(wrap(body, time.Now().Add(delay)), delay)
}

// Revoke deletes the first job of jointID that is on this node's server and
// tube, as go-queue does; ids of other nodes are ignored.
func (p *producerNode) Revoke(jointID string) error {
	for _, id := range strings.Split(jointID, idSep) {
		fields := strings.Split(id, "/")
		if len(fields) < 3 {
			continue
		}
		if fields[0] != p.endpoint || fields[1] != p.tube {
			continue
		}

		conn, err := p.conn.get()
		if err != nil {
			return err
		}
		n, err := strconv.ParseUint(fields[2], 10, 64)
		if err != nil {
			return err
		}
		return conn.Delete(n)
	}
	return nil // not on this server
}

func (p *producerNode) at(body []byte, at time.Time) (string, error) {
	now := time.Now()
	if at.Before(now) {
		return "", ErrTimeBeforeNow
	}
	return p.delay(body, at.Sub(now))
}

func (p *producerNode) delay(body []byte, delay time.Duration) (string, error) {
	conn, err := p.conn.get()
	if err != nil {
		return "", err
	}

	id, err := conn.Put(body, PriNormal, delay, defaultTimeToRun)
	if err == nil {
		return fmt.Sprintf("%s/%s/%d", p.endpoint, p.tube, id), nil
	}

	// the error is a beanstalk.NameError or a beanstalk.ConnError; reset the
	// connection unless the server answered with a protocol error
	var cerr beanstalk.ConnError
	switch {
	case errors.As(err, &cerr):
		if !isAnswer(cerr.Err) {
			p.conn.reset()
		}
	default:
		logx.Error(err)
	}
	return "", err
}

// isAnswer reports whether err is an error the server answered with, after
// which the connection is still good (go-queue's list).
func isAnswer(err error) bool {
	for _, answer := range []error{
		beanstalk.ErrBadChar, beanstalk.ErrBadFormat, beanstalk.ErrBuried, beanstalk.ErrDeadline,
		beanstalk.ErrDraining, beanstalk.ErrEmpty, beanstalk.ErrInternal, beanstalk.ErrJobTooBig,
		beanstalk.ErrNoCRLF, beanstalk.ErrNotFound, beanstalk.ErrNotIgnored, beanstalk.ErrTooLong,
	} {
		if errors.Is(err, answer) {
			return true
		}
	}
	return false
}
