package quiet

import (
	"context"
	"time"
)

// Await waits until nothing has arrived for quiet (last returns the time of
// the last arrival), or until end, or until ctx is done, whichever comes
// first, and returns how long the last arrival was ago then. A quiet of zero
// or less returns at once.
func Await(ctx context.Context, last func() time.Time, quiet time.Duration, end time.Time) time.Duration {
	if quiet <= 0 {
		return time.Since(last())
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	<-timer.C
	for {
		now := time.Now()
		wake := last().Add(quiet)
		if !wake.After(now) || !end.After(now) {
			return now.Sub(last())
		}
		timer.Reset(min(wake.Sub(now), end.Sub(now)))
		select {
		case <-timer.C:
		case <-ctx.Done():
			return time.Since(last())
		}
	}
}
