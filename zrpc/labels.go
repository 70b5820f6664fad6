package zrpc

import (
	"context"
	"sync"

	"github.com/zerodown/zerodown/core/proc"
)

// methodLabels holds the profiler labels of a server's handlers, made once
// per method (see [proc.HandlerLabels]): the force quit finds the goroutine
// of a handler still running by them.
type methodLabels struct {
	server string   // the server's name
	m      sync.Map // full method name -> context.Context with its label
}

// of returns the labels of the handlers of method.
func (l *methodLabels) of(method string) context.Context {
	if c, ok := l.m.Load(method); ok {
		return c.(context.Context)
	}
	c, _ := l.m.LoadOrStore(method, proc.HandlerLabels(l.server+" "+method))
	return c.(context.Context)
}
