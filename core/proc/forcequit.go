package proc

import (
	"bytes"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
)

const (
	// hookLabel is the profiler label that marks the goroutine running a
	// hook; its value is the run's number (runningHook.label).
	hookLabel = "zerodown_hook"
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
	r.observe(func(o Observer) { o.ForceQuit(names) })
	r.opts.exit(ExitCodeForceQuit)
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
