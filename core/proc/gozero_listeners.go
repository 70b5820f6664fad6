package proc

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zerodown/zerodown/internal/gozero"
	"github.com/zeromicro/go-zero/core/logx"
)

// runGoZeroShutdown runs the shutdown listeners registered with go-zero's
// own proc one at a time: go-zero's servers' stops first, then the others
// in reverse order of registration (a library's DB close after the flush of
// an executor made over that DB), each awaited and recovered. go-zero runs
// them all at once. Once ctx's deadline has passed, no further listener
// starts. It returns an error naming each listener that panicked.
func runGoZeroShutdown(ctx context.Context) error {
	listeners := gozero.TakeShutdownListeners()
	var errs []error
	for i, l := range listeners {
		if expired(ctx) {
			logx.Errorf("proc: deadline passed, %d go-zero shutdown listeners not started", len(listeners)-i)
			break
		}
		start := time.Now()
		p := l.Run()
		log := logx.WithDuration(time.Since(start))
		if p != nil {
			log.Errorf("proc: go-zero shutdown listener %s panicked: %v", l.Name, p)
			errs = append(errs, fmt.Errorf("go-zero shutdown listener %s: panic: %v", l.Name, p))
			continue
		}
		log.Debugf("proc: go-zero shutdown listener %s done", l.Name)
	}
	return errors.Join(errs...)
}

// holdGoZeroWait makes go-zero's waitForCalled of its shutdown listeners
// return only once r's sequence is done: go-zero's rest and zrpc Start wait
// on it before they return, so a main that ends when go-zero's Start
// returns no longer cuts zerodown's shutdown hooks off.
func (r *Registry) holdGoZeroWait() {
	release := gozero.HoldShutdownWait()
	go func() {
		<-r.finished
		release()
	}()
}

// logGoZeroListener logs the go-zero shutdown listener still running, if
// any, at the force quit.
func logGoZeroListener() {
	if name := gozero.RunningListener(); name != "" {
		logx.Errorf("proc: go-zero shutdown listener %s still running", name)
	}
}
