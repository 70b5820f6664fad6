//go:build !(linux || darwin || freebsd)

package gozero

import (
	"runtime"
	"time"
)

// Never is far enough that go-zero's own shutdown timer never fires.
const Never = time.Duration(1 << 62)

// Disarm does nothing: go-zero's proc has no timer on this platform.
func Disarm() {}

// Rearmed reports no change: go-zero's proc has no timer on this platform.
func Rearmed() (wrapUp, wait time.Duration, changed bool) { return Never, Never, false }

// CloseDone does nothing: go-zero's proc.Done is never closed on this platform.
func CloseDone() {}

// TakeSignals does nothing: go-zero handles no signal on this platform.
func TakeSignals() bool { return false }

// allStacks returns the stacks of every goroutine.
func allStacks() []byte {
	buf := make([]byte, 1<<20)
	return buf[:runtime.Stack(buf, true)]
}
