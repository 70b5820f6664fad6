package proc

import (
	"bytes"
	"context"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
)

// workLabel is the profiler label that marks a goroutine running a [Work];
// its value is the Work's name.
const workLabel = "zerodown_work"

type (
	// A Work counts the running instances of one kind of work outside
	// requests: the goroutines started at one place in the code
	// (core/threading names each after its GoSafe call, e.g.
	// "main.audit (api/audit.go:42)"), a queue consumer's handlers, a
	// periodic job's tick.
	//
	// The shutdown hooks start only once every Work of the Registry has
	// nothing running (bounded by WaitTime), whenever that work started,
	// before or after t0. At the force quit, each Work still running is logged
	// by name with the stacks of its goroutines, and the shutdown phase never
	// starts. The counts are in the in-flight counts of the force-quit log,
	// in [Registry.Works], and through it in core/metric and core/report.
	//
	// A Work is safe for concurrent use; Add and Done cost one atomic add
	// each, and Go one goroutine more.
	Work struct {
		name    string
		labels  context.Context // carries workLabel=name, for pprof.SetGoroutineLabels
		running atomic.Int64
	}

	// A WorkCount is how many of one Work are running.
	WorkCount struct {
		// Name is the Work's name.
		Name string
		// N is the count.
		N int64
	}
)

// NewWork returns the Work of r named name, making it on the first call for
// that name: later calls return the same Work, so a call site can ask for
// it every time or keep it. Names should be few and stable (a place in the
// code, a consumer's topic): a Work lives as long as r.
func (r *Registry) NewWork(name string) *Work {
	r.mu.Lock()
	if w, ok := r.works[name]; ok {
		r.mu.Unlock()
		return w
	}
	w := &Work{
		name:   name,
		labels: pprof.WithLabels(context.Background(), pprof.Labels(workLabel, name)),
	}
	if r.works == nil {
		r.works = make(map[string]*Work)
	}
	r.works[name] = w
	r.mu.Unlock()
	r.TrackInFlight(name, w.Running) // never untracked: the Work lives as long as r
	return w
}

// NewWork returns the Work of DefaultRegistry named name; see
// [Registry.NewWork].
func NewWork(name string) *Work {
	return DefaultRegistry.NewWork(name)
}

// Name returns the name the Work was made with.
func (w *Work) Name() string { return w.name }

// Add counts one more running. Call it before the work starts (before the
// go statement), as with sync.WaitGroup.Add, so that the shutdown cannot
// miss work that is about to start; call Done when it ends.
func (w *Work) Add() { w.running.Add(1) }

// Done counts one less running.
func (w *Work) Done() { w.running.Add(-1) }

// Running returns how many are running now.
func (w *Work) Running() int64 { return w.running.Load() }

// Run calls fn on the calling goroutine with the Work's profiler label, so
// that the force quit finds the goroutine's stack; it does not count (see
// Add). It is meant for a goroutine started for the work: when fn returns or
// panics, the goroutine is left without profiler labels.
func (w *Work) Run(fn func()) {
	pprof.SetGoroutineLabels(w.labels)
	defer pprof.SetGoroutineLabels(context.Background())
	fn()
}

// Go runs fn on a new goroutine, counted from before it starts until fn
// returns. A panic in fn is not recovered.
func (w *Work) Go(fn func()) {
	w.Add()
	go func() {
		defer w.Done()
		w.Run(fn)
	}()
}

// Works returns the Works of r that have something running, by name.
func (r *Registry) Works() []WorkCount {
	r.mu.Lock()
	works := make([]*Work, 0, len(r.works))
	for _, w := range r.works {
		works = append(works, w)
	}
	r.mu.Unlock()
	var out []WorkCount
	for _, w := range works {
		if n := w.Running(); n != 0 {
			out = append(out, WorkCount{w.name, n})
		}
	}
	slices.SortFunc(out, func(a, b WorkCount) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// logWorkStacks logs each Work still running with the stacks of the
// goroutines that carry its label (stacks in the debug=1 format, grouped).
func (r *Registry) logWorkStacks(stacks [][]byte) {
	for _, c := range r.Works() {
		mark := []byte(strconv.Quote(workLabel) + ":" + strconv.Quote(c.Name))
		var found [][]byte
		for _, stack := range stacks {
			if bytes.Contains(stack, mark) {
				found = append(found, stack)
			}
		}
		if len(found) == 0 {
			found = append(found, []byte("(stack not found)"))
		}
		logx.Errorf("proc: work %q still running (%d); its goroutines:\n%s",
			c.Name, c.N, bytes.Join(found, []byte("\n\n")))
	}
}

// settleWorks waits until no Work of r has anything running, polling; it
// reports false if ctx ended first.
func (r *Registry) settleWorks(ctx context.Context) bool {
	var tick *time.Ticker
	for {
		works := r.Works()
		if len(works) == 0 {
			return true
		}
		if tick == nil {
			logx.Infof("proc: work outside requests still running (%v): the shutdown hooks wait for it until WaitTime",
				works)
			tick = time.NewTicker(settlePoll)
			defer tick.Stop()
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return false
		}
	}
}
