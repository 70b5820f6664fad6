package threading

import (
	"sync"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/rescue"
)

// A RoutineGroup is used to group goroutines together and all wait all goroutines to be done.
// Its goroutines are tracked, as with [GoSafe].
type RoutineGroup struct {
	waitGroup sync.WaitGroup
}

// NewRoutineGroup returns a RoutineGroup.
func NewRoutineGroup() *RoutineGroup {
	return new(RoutineGroup)
}

// Run runs the given fn in RoutineGroup.
// Don't reference the variables from outside,
// because outside variables can be changed by other goroutines
//
//go:noinline
func (g *RoutineGroup) Run(fn func()) {
	w := workAt(1)
	g.waitGroup.Add(1)
	w.Add()
	go func() {
		defer g.waitGroup.Done() // after w.Done: once Wait returns, nothing of g counts
		defer w.Done()
		w.Run(fn)
	}()
}

// RunSafe runs the given fn in RoutineGroup, and avoid panics.
// Don't reference the variables from outside,
// because outside variables can be changed by other goroutines
//
//go:noinline
func (g *RoutineGroup) RunSafe(fn func()) {
	g.runSafe(workAt(1), fn)
}

func (g *RoutineGroup) runSafe(w *proc.Work, fn func()) {
	g.waitGroup.Add(1)
	w.Add()
	go func() {
		defer g.waitGroup.Done()
		defer w.Done()
		defer rescue.Recover()
		w.Run(fn)
	}()
}

// Wait waits all running functions to be done.
func (g *RoutineGroup) Wait() {
	g.waitGroup.Wait()
}
