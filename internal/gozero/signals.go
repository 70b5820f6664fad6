//go:build linux || darwin || freebsd

package gozero

import (
	"bytes"
	"os/signal"
	"runtime"
	"syscall"
	"time"
)

// signalGoroutine is the function of the goroutine that go-zero's
// core/proc/signals.go starts in init, and the state it waits in once it has
// called signal.Notify.
const (
	signalGoroutine = "github.com/zeromicro/go-zero/core/proc.init."
	signalFile      = "/core/proc/signals.go:"
	signalWaiting   = "[chan receive"
)

// findTimeout bounds the wait for go-zero's goroutine to register.
const findTimeout = 5 * time.Second

// TakeSignals takes SIGTERM and SIGINT away from go-zero's own handler, so
// that go-zero never starts its timer and never kills the process (it keeps
// SIGUSR1 and SIGUSR2). It waits until go-zero's goroutine has registered
// its channel, then resets the two signals; the caller must call
// signal.Notify for them right after, and once per process, before any
// other code asks for them. It reports whether go-zero's handler was found.
func TakeSignals() bool {
	found := false
	for deadline := time.Now().Add(findTimeout); time.Now().Before(deadline); runtime.Gosched() {
		if found = signalHandlerWaiting(); found {
			break
		}
	}
	signal.Reset(syscall.SIGTERM, syscall.SIGINT)
	return found
}

// signalHandlerWaiting reports whether go-zero's signal goroutine is waiting
// for a signal, that is, has registered its channel.
func signalHandlerWaiting() bool {
	for _, g := range bytes.Split(allStacks(), []byte("\n\n")) {
		if bytes.Contains(g, []byte(signalGoroutine)) && bytes.Contains(g, []byte(signalFile)) {
			header, _, _ := bytes.Cut(g, []byte("\n"))
			return bytes.Contains(header, []byte(signalWaiting))
		}
	}
	return false
}

// allStacks returns the stacks of every goroutine.
func allStacks() []byte {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}
