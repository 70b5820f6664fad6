package threading

import (
	"bytes"
	"context"
	"runtime"
	"strconv"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/rescue"
)

// GoSafe runs the given fn using another goroutine, recovers if fn panics.
// The goroutine is tracked: the shutdown hooks wait for it, and the force
// quit names the place of this call if it still runs.
//
//go:noinline
func GoSafe(fn func()) {
	goSafe(workAt(1), fn)
}

// GoSafeCtx runs the given fn using another goroutine, recovers if fn panics with ctx.
// The goroutine is tracked, as with [GoSafe].
//
//go:noinline
func GoSafeCtx(ctx context.Context, fn func()) {
	w := workAt(1)
	w.Add()
	go func() {
		defer w.Done()
		defer rescue.RecoverCtx(ctx)
		w.Run(fn)
	}()
}

// goSafe runs fn on a new goroutine counted in w, recovering a panic.
func goSafe(w *proc.Work, fn func()) {
	w.Add()
	go runSafe(w, fn)
}

func runSafe(w *proc.Work, fn func()) {
	defer w.Done()
	defer rescue.Recover()
	w.Run(fn)
}

// RoutineId is only for debug, never use it in production.
func RoutineId() uint64 {
	b := make([]byte, 64)
	b = b[:runtime.Stack(b, false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	b = b[:bytes.IndexByte(b, ' ')]
	// if error, just return 0
	n, _ := strconv.ParseUint(string(b), 10, 64)

	return n
}

// RunSafe runs the given fn, recovers if fn panics.
func RunSafe(fn func()) {
	defer rescue.Recover()

	fn()
}

// RunSafeCtx runs the given fn, recovers if fn panics with ctx.
func RunSafeCtx(ctx context.Context, fn func()) {
	defer rescue.RecoverCtx(ctx)

	fn()
}
