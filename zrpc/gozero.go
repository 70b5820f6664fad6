package zrpc

import (
	"os"
	"os/signal"

	"github.com/zerodown/zerodown/core/proc"
)

// disarmGoZero pushes go-zero's shutdown timer back (see [proc.DisarmGoZero]),
// which go-zero's zrpc.NewServer re-arms.
//
// go-zero's signal goroutine reads its timer without its lock. Stopping a
// channel that was never registered takes and releases os/signal's handler
// lock, under which the signal is handed to go-zero's goroutine: so the
// write happens before that read, also for the race detector.
func disarmGoZero() {
	proc.DisarmGoZero()
	signal.Stop(make(chan os.Signal))
}
