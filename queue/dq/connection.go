package dq

import (
	"sync"

	"github.com/beanstalkd/go-beanstalk"
)

// connection is a producer node's connection to its server, dialled on
// first use and again after a reset, as in go-queue. A *beanstalk.Conn
// pipelines concurrent commands in order, so it is shared.
type connection struct {
	endpoint string
	tube     string

	lock sync.RWMutex // guards following
	conn *beanstalk.Conn
}

func newConnection(endpoint, tube string) *connection {
	return &connection{endpoint: endpoint, tube: tube}
}

// Close closes the connection; the next use dials again.
func (c *connection) Close() error {
	c.lock.Lock()
	conn := c.conn
	c.conn = nil
	c.lock.Unlock()
	if conn != nil {
		return conn.Close()
	}
	return nil
}

func (c *connection) get() (*beanstalk.Conn, error) {
	c.lock.RLock()
	conn := c.conn
	c.lock.RUnlock()
	if conn != nil {
		return conn, nil
	}

	c.lock.Lock()
	defer c.lock.Unlock()
	if c.conn != nil {
		return c.conn, nil
	}
	conn, err := beanstalk.Dial("tcp", c.endpoint)
	if err != nil {
		return nil, err
	}
	conn.Tube.Name = c.tube
	c.conn = conn
	return conn, nil
}

// reset drops the connection after an error that may have broken it.
func (c *connection) reset() {
	_ = c.Close()
}
