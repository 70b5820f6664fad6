//go:build !stock

package shim

import (
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/service"
	"github.com/zerodown/zerodown/queue/kq"
	"github.com/zerodown/zerodown/rest"
	"github.com/zeromicro/go-zero/core/queue"
)

// Build names the build: "stock" or "zerodown".
const Build = "zerodown"

type (
	// KqConf is zerodown's kq.KqConf: go-queue's fields, keys and defaults.
	KqConf = kq.KqConf
	// ConsumeHandler is zerodown's kq.ConsumeHandler.
	ConsumeHandler = kq.ConsumeHandler
	// Pusher is zerodown's kq.Pusher.
	Pusher = kq.Pusher
	// RestConf is zerodown's rest.RestConf: go-zero's, plus Probes and Drain.
	RestConf = rest.RestConf
	// RestServer is zerodown's rest.Server.
	RestServer = rest.Server
	// ServiceGroup is zerodown's service.ServiceGroup.
	ServiceGroup = service.ServiceGroup
)

// MustNewQueue is zerodown's kq.MustNewQueue.
func MustNewQueue(c KqConf, handler ConsumeHandler) queue.MessageQueue {
	return kq.MustNewQueue(c, handler)
}

// NewPusher is zerodown's kq.NewPusher, with go-queue's default options.
func NewPusher(addrs []string, topic string) *Pusher {
	return kq.NewPusher(addrs, topic)
}

// MustNewRestServer is zerodown's rest.MustNewServer.
func MustNewRestServer(c RestConf) *RestServer {
	return rest.MustNewServer(c)
}

// NewServiceGroup is zerodown's service.NewServiceGroup.
func NewServiceGroup() *ServiceGroup {
	return service.NewServiceGroup()
}

// AddShutdownListener is zerodown's proc.AddShutdownListener.
func AddShutdownListener(fn func()) (waitForCalled func()) {
	return proc.AddShutdownListener(fn)
}

// Done is zerodown's proc.Done.
func Done() <-chan struct{} {
	return proc.Done()
}

// Wait is zerodown's proc.Wait: it returns when the whole shutdown sequence,
// shutdown listeners included, is done.
func Wait() error {
	return proc.Wait()
}
