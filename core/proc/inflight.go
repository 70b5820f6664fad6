package proc

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
)

// settlePoll is how often the sequence looks at the in-flight counts while
// some are not zero, before the shutdown phase.
const settlePoll = 5 * time.Millisecond

// tracked is a count of work in flight, e.g. a server's requests.
type tracked struct {
	what  string
	count func() int64
}

// TrackInFlight makes r count what count() returns as work in flight (a
// server's requests or streams, named what) until untrack is called: no
// shutdown hook starts while a count is above zero before the drain's end
// (WaitTime − ShutdownReserve; what is still in flight then counts as cut),
// and the force quit logs
// the counts. count must be cheap, safe for concurrent use and must not
// block. A nil count is logged and tracks nothing; untrack is idempotent.
func (r *Registry) TrackInFlight(what string, count func() int64) (untrack func()) {
	if count == nil {
		logx.Errorf("proc: track in-flight %q: nil count ignored", what)
		return func() {}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	id := r.nextTrack
	r.nextTrack++
	r.inFlight[id] = tracked{what, count}
	return sync.OnceFunc(func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		delete(r.inFlight, id)
	})
}

// inFlightNow returns the work in flight now, and names each count above
// zero, e.g. "rest :8080 requests: 2".
func (r *Registry) inFlightNow() (total int64, detail string) {
	r.mu.Lock()
	counts := make([]tracked, 0, len(r.inFlight))
	for _, t := range r.inFlight {
		counts = append(counts, t)
	}
	r.mu.Unlock()
	var parts []string
	for _, t := range counts {
		if n := t.count(); n > 0 {
			total += n
			parts = append(parts, fmt.Sprintf("%s: %d", t.what, n))
		}
	}
	slices.Sort(parts)
	return total, strings.Join(parts, ", ")
}

// settle waits until nothing is in flight and, with hooks, no hook runs. It
// reports false if ctx ended first. Before the shutdown hooks, ctx ends at
// the drain's end: what is still in flight then has been cut (its client has
// its error), and abandoned hooks are not waited for.
func (r *Registry) settle(ctx context.Context, hooks bool) bool {
	for hooks {
		h := r.anyRunning()
		if h == nil {
			break
		}
		select {
		case <-h.called:
		case <-ctx.Done():
			return false
		}
	}
	var tick *time.Ticker
	for {
		n, detail := r.inFlightNow()
		if n == 0 {
			break
		}
		if tick == nil {
			logx.Infof("proc: %d still in flight (%s): the shutdown hooks wait for them until the drain's end",
				n, detail)
			tick = time.NewTicker(settlePoll)
			defer tick.Stop()
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// anyRunning returns a hook that is running now, or nil.
func (r *Registry) anyRunning() *hook {
	r.mu.Lock()
	defer r.mu.Unlock()
	for h := range r.running {
		return h
	}
	return nil
}
