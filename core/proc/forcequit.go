package proc

import (
	"bytes"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/zeromicro/go-zero/core/logx"
)

// goZeroListenerFrame marks the goroutines that run go-zero's own listeners.
const goZeroListenerFrame = "go-zero/core/proc.(*listenerManager).addListener"

// forceQuit logs every hook still running, with its goroutine's stack, and
// exits with ExitCodeForceQuit.
func (r *Registry) forceQuit(wait time.Duration) {
	type stuck struct {
		h *hook
		runningHook
	}
	r.mu.Lock()
	state := r.state
	hooks := make([]stuck, 0, len(r.running))
	for h, rh := range r.running {
		hooks = append(hooks, stuck{h, rh})
	}
	r.mu.Unlock()
	slices.SortFunc(hooks, func(a, b stuck) int { return a.start.Compare(b.start) })

	stacks := goroutineStacks()
	names := make([]string, len(hooks))
	logx.Errorf("Still alive after %v in state %s, force quitting; %d hooks still running",
		wait, state, len(hooks))
	for i, s := range hooks {
		names[i] = s.h.name
		stack := stacks[s.gid]
		if s.h.internal {
			stack = append(stack, goZeroListenerStacks(stacks)...)
		}
		logx.Errorf("proc: %s hook %q still running after %v:\n%s",
			s.h.phase, s.h.name, time.Since(s.start).Round(time.Millisecond), stack)
	}
	r.observe(func(o Observer) { o.ForceQuit(names) })
	r.opts.exit(ExitCodeForceQuit)
}

// goroutineStacks returns the stack of every goroutine by goroutine ID.
func goroutineStacks() map[uint64][]byte {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	stacks := make(map[uint64][]byte)
	for _, block := range bytes.Split(buf, []byte("\n\n")) {
		if id, ok := parseGoroutineID(block); ok {
			stacks[id] = block
		}
	}
	return stacks
}

// goZeroListenerStacks returns the stacks of go-zero's listeners still running.
func goZeroListenerStacks(stacks map[uint64][]byte) []byte {
	var out []byte
	for _, stack := range stacks {
		if bytes.Contains(stack, []byte(goZeroListenerFrame)) {
			out = append(out, "\n\n"...)
			out = append(out, stack...)
		}
	}
	return out
}

// goroutineID returns the ID of the calling goroutine.
func goroutineID() uint64 {
	var buf [64]byte
	id, _ := parseGoroutineID(buf[:runtime.Stack(buf[:], false)])
	return id
}

// parseGoroutineID reads the ID from a stack block's "goroutine 42 [...]:" line.
func parseGoroutineID(block []byte) (uint64, bool) {
	rest, ok := bytes.CutPrefix(block, []byte("goroutine "))
	if !ok {
		return 0, false
	}
	end := bytes.IndexByte(rest, ' ')
	if end < 0 {
		return 0, false
	}
	id, err := strconv.ParseUint(string(rest[:end]), 10, 64)
	return id, err == nil
}
