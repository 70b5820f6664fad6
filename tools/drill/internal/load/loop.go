// Package load drives the drill's traffic: unary calls, endless streams and
// REST writes, each worker loop bounded in count and stopped by a channel,
// the calls in flight at the stop left to finish.
package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/zerodown/zerodown/tools/drill/internal/tally"
	"github.com/zerodown/zerodown/tools/drill/internal/timeline"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// CallTimeout bounds every call, whatever its work time.
const CallTimeout = 15 * time.Second

// A Loop runs workers that each call fn with a new sequence number until
// stop is closed or max calls have begun.
type Loop struct {
	wg   sync.WaitGroup
	seq  atomic.Int64
	stop chan struct{}
	once sync.Once
}

// New returns a Loop that runs nothing yet.
func New() *Loop {
	return &Loop{stop: make(chan struct{})}
}

// Run starts workers goroutines calling fn, at most max times in all, and
// returns l.
func (l *Loop) Run(workers, max int, fn func(seq int)) *Loop {
	for range workers {
		l.wg.Go(func() {
			for {
				select {
				case <-l.stop:
					return
				default:
				}
				n := int(l.seq.Add(1))
				if n > max {
					return
				}
				fn(n)
			}
		})
	}
	return l
}

// Stopping returns a channel closed by Stop, for calls that run until then.
func (l *Loop) Stopping() <-chan struct{} {
	return l.stop
}

// Wait waits for the workers to end, which they do by themselves only
// once max calls have begun.
func (l *Loop) Wait() {
	l.wg.Wait()
}

// Stop tells the workers to begin no more calls and waits for the calls in
// flight to end. It is safe to call more than once.
func (l *Loop) Stop() {
	l.once.Do(func() { close(l.stop) })
	l.wg.Wait()
}

// GRPCOutcome names the outcome of a gRPC call by its status code.
func GRPCOutcome(err error) string {
	return status.Code(err).String()
}

// HTTPOutcome names the outcome of an HTTP call: "HTTP 200", or the kind of
// connection error.
func HTTPOutcome(resp *http.Response, err error) string {
	switch {
	case err == nil:
		return fmt.Sprintf("HTTP %d", resp.StatusCode)
	case errors.Is(err, syscall.ECONNREFUSED):
		return "conn refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "conn reset"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	default:
		return "conn error"
	}
}

// Class returns the timeline class of an outcome: ok; refused for a refused
// connection or an unavailable gRPC server; failed otherwise.
func Class(o string) int {
	switch {
	case okOutcome(o):
		return timeline.OK
	case o == "conn refused" || o == codes.Unavailable.String():
		return timeline.Refused
	default:
		return timeline.Failed
	}
}

// okOutcome reports whether an outcome is a success.
func okOutcome(o string) bool {
	return o == tally.OK || o == "HTTP 200"
}
