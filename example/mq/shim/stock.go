//go:build stock

package shim

import (
	"github.com/zeromicro/go-queue/kq"
	"github.com/zeromicro/go-zero/core/proc"
	"github.com/zeromicro/go-zero/core/queue"
	"github.com/zeromicro/go-zero/core/service"
	"github.com/zeromicro/go-zero/rest"
)

// Build names the build: "stock" or "zerodown".
const Build = "stock"

type (
	// KqConf is go-queue's kq.KqConf.
	KqConf = kq.KqConf
	// ConsumeHandler is go-queue's kq.ConsumeHandler.
	ConsumeHandler = kq.ConsumeHandler
	// Pusher is go-queue's kq.Pusher.
	Pusher = kq.Pusher
	// RestConf is go-zero's rest.RestConf.
	RestConf = rest.RestConf
	// RestServer is go-zero's rest.Server.
	RestServer = rest.Server
	// ServiceGroup is go-zero's service.ServiceGroup.
	ServiceGroup = service.ServiceGroup
)

// MustNewQueue is go-queue's kq.MustNewQueue.
func MustNewQueue(c KqConf, handler ConsumeHandler) queue.MessageQueue {
	return kq.MustNewQueue(c, handler)
}

// NewPusher is go-queue's kq.NewPusher, with its default options.
func NewPusher(addrs []string, topic string) *Pusher {
	return kq.NewPusher(addrs, topic)
}

// MustNewRestServer is go-zero's rest.MustNewServer.
func MustNewRestServer(c RestConf) *RestServer {
	return rest.MustNewServer(c)
}

// NewServiceGroup is go-zero's service.NewServiceGroup.
func NewServiceGroup() *ServiceGroup {
	return service.NewServiceGroup()
}

// AddShutdownListener is go-zero's proc.AddShutdownListener.
func AddShutdownListener(fn func()) (waitForCalled func()) {
	return proc.AddShutdownListener(fn)
}

// Done is go-zero's proc.Done.
func Done() <-chan struct{} {
	return proc.Done()
}

// Wait returns at once: stock go-zero has nothing to wait for, main returns
// as soon as its ServiceGroup has stopped, as a go-zero main does.
func Wait() error {
	return nil
}
