package proc

import (
	"bytes"
	"context"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
)

const (
	// hookLabel is the profiler label that marks the goroutine running a
	// hook; its value is the run's number (runningHook.label).
	hookLabel = "zerodown_hook"
	// handlerLabel is the profiler label that marks the goroutine running a
	// server's handler (see [HandlerLabels]); its value names the handler.
	handlerLabel = "zerodown_handler"
	// goZeroListenerFrame marks the goroutines that run go-zero's own listeners.
	goZeroListenerFrame = "go-zero/core/proc.(*listenerManager).addListener"
)

// forceQuit logs every hook still running, with its goroutine's stack, and
// what is still in flight, and exits with ExitCodeForceQuit.
func (r *Registry) forceQuit(wait time.Duration) {
	state := r.State()
	if state == StateStopped {
		logx.Errorf("Shutdown done, but the program still runs after %v, force quitting", wait)
		r.opts.exit(ExitCodeForceQuit)
		return
	}
	hooks := r.runningHooks()
	stacks := goroutineStacks()
	names := make([]string, len(hooks))
	n, detail := r.inFlightNow()
	logx.Errorf("Still alive after %v in state %s, force quitting; %d hooks still running, %d in flight (%s)",
		wait, state, len(hooks), n, detail)
	for i, s := range hooks {
		names[i] = s.h.name
		stack := stackOf(stacks, s.label)
		if s.h.internal {
			stack = append(stack, goZeroListenerStacks(stacks)...)
			logGoZeroListener()
		}
		logx.Errorf("proc: %s hook %q still running after %v; the goroutine running it:\n%s",
			s.h.phase, s.h.name, time.Since(s.start).Round(time.Millisecond), stack)
	}
	r.logWorkStacks(stacks)
	for _, stack := range handlerStacks(stacks) {
		logx.Errorf("proc: a handler still running at the force quit (its client got an error at the drain's end):\n%s",
			stack)
	}
	skipped := r.neverStarted()
	for p, hs := range skipped {
		r.skip(Phase(p), hs)
	}
	r.observe(func(o Observer) { o.ForceQuit(names) })
	r.opts.exit(ExitCodeForceQuit)
}

// HandlerLabels returns a context that carries the profiler label naming a
// server's handler, e.g. "rest 127.0.0.1:8080 GET /orders". A server sets it
// on the goroutine running the handler (pprof.SetGoroutineLabels) and resets
// it after, so that a force quit shows the stack of every handler still
// running. Make it once per route or method: it allocates.
func HandlerLabels(name string) context.Context {
	return pprof.WithLabels(context.Background(), pprof.Labels(handlerLabel, name))
}

// handlerStacks returns the stacks of the goroutines that run a handler.
func handlerStacks(stacks [][]byte) [][]byte {
	mark := []byte(`"` + handlerLabel + `":`)
	var out [][]byte
	for _, stack := range stacks {
		if bytes.Contains(stack, mark) {
			out = append(out, stack)
		}
	}
	return out
}

// neverStarted returns, per phase, the hooks that have not started: taken
// by the sequence but not reached, or in a phase not begun.
func (r *Registry) neverStarted() [numPhases][]*hook {
	var out [numPhases][]*hook
	r.mu.Lock()
	defer r.mu.Unlock()
	for h := range r.queued {
		out[h.phase] = append(out[h.phase], h)
	}
	for p := range numPhases {
		out[p] = append(out[p], r.pending[p]...)
		slices.SortFunc(out[p], func(a, b *hook) int { return strings.Compare(a.name, b.name) })
	}
	return out
}

// stuckHook is a hook still running.
type stuckHook struct {
	h *hook
	runningHook
}

// runningHooks returns the hooks running now, in the order they started.
func (r *Registry) runningHooks() []stuckHook {
	r.mu.Lock()
	hooks := make([]stuckHook, 0, len(r.running))
	for h, rh := range r.running {
		hooks = append(hooks, stuckHook{h, rh})
	}
	r.mu.Unlock()
	slices.SortFunc(hooks, func(a, b stuckHook) int { return a.start.Compare(b.start) })
	return hooks
}

// runningNames returns the names of the hooks running now, in the order
// they started.
func (r *Registry) runningNames() []string {
	hooks := r.runningHooks()
	names := make([]string, len(hooks))
	for i, s := range hooks {
		names[i] = s.h.name
	}
	return names
}

// goroutineStacks returns the stacks of every goroutine, one block each, in
// the goroutine profile's debug=1 format, which shows profiler labels.
func goroutineStacks() [][]byte {
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 1); err != nil {
		logx.Errorf("proc: read goroutine stacks: %v", err)
	}
	return bytes.Split(buf.Bytes(), []byte("\n\n"))
}

// stackOf returns the stack of the goroutine whose hookLabel is label.
func stackOf(stacks [][]byte, label string) []byte {
	mark := []byte(`"` + hookLabel + `":"` + label + `"`)
	for _, stack := range stacks {
		if bytes.Contains(stack, mark) {
			return stack
		}
	}
	return []byte("(stack not found)")
}

// goZeroListenerStacks returns the stacks of go-zero's listeners still running.
func goZeroListenerStacks(stacks [][]byte) []byte {
	var out []byte
	for _, stack := range stacks {
		if bytes.Contains(stack, []byte(goZeroListenerFrame)) {
			out = append(out, "\n\n"...)
			out = append(out, stack...)
		}
	}
	return out
}
