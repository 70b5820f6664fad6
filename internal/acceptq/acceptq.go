package acceptq

import (
	"context"
	"errors"
	"time"
)

// ErrUnsupported is returned by [Quiesce] where it cannot work: not on Linux,
// or not a *net.TCPListener.
var ErrUnsupported = errors.New("acceptq: not supported for this listener")

// pollEvery is how often Quiesce looks at the accept queue's length. The
// server's accept loop empties the queue within microseconds when it runs.
const pollEvery = time.Millisecond

// wait polls queued until it reports an empty queue, or ctx ends.
func wait(ctx context.Context, queued func() (int, error)) error {
	t := time.NewTicker(pollEvery)
	defer t.Stop()
	for {
		n, err := queued()
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
