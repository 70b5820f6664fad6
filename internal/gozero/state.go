//go:build linux || darwin || freebsd

package gozero

import (
	"os"
	"os/signal"
	"sync"
	"time"
	_ "unsafe" // go:linkname

	gzproc "github.com/zeromicro/go-zero/core/proc"
)

// Never is far enough that go-zero's own shutdown timer never fires.
const Never = time.Duration(1 << 62)

// go-zero's core/proc/shutdown.go and signals.go keep these unexported.
var (
	//go:linkname gzDone github.com/zeromicro/go-zero/core/proc.done
	gzDone chan struct{}
	//go:linkname gzWrapUpTime github.com/zeromicro/go-zero/core/proc.wrapUpTime
	gzWrapUpTime time.Duration
	//go:linkname gzWaitTime github.com/zeromicro/go-zero/core/proc.waitTime
	gzWaitTime time.Duration
	//go:linkname gzShutdownLock github.com/zeromicro/go-zero/core/proc.shutdownLock
	gzShutdownLock sync.Mutex
)

var closeDone sync.Once

// Disarm pushes go-zero's shutdown timer and self-kill past any deadline, so
// that a later go-zero Setup shows in [Rearmed]. It is safe to call any
// number of times, concurrently.
//
// go-zero's signal goroutine reads its timer without its lock. Stopping a
// channel that was never registered takes and releases os/signal's handler
// lock, under which a signal is handed to go-zero's goroutine: so the write
// happens before that read, also for the race detector.
func Disarm() {
	gzproc.Setup(gzproc.ShutdownConf{WrapUpTime: Never, WaitTime: Never})
	signal.Stop(make(chan os.Signal))
}

// Rearmed returns go-zero's conf and whether a go-zero Setup (ServiceConf.SetUp,
// a go-zero server's build, go-zero's proc.Setup or SetTimeToForceQuit) has
// changed it since the last [Disarm]. A field that was not changed is Never.
func Rearmed() (wrapUp, wait time.Duration, changed bool) {
	gzShutdownLock.Lock()
	defer gzShutdownLock.Unlock()
	return gzWrapUpTime, gzWaitTime, gzWrapUpTime != Never || gzWaitTime != Never
}

// CloseDone closes go-zero's proc.Done channel, which go-zero closes only
// when its own goroutine gets the signal that [TakeSignals] took from it.
func CloseDone() {
	closeDone.Do(func() {
		select {
		case <-gzDone:
		default:
			close(gzDone)
		}
	})
}
