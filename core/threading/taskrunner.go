package threading

import (
	"sync"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/lang"
	"github.com/zeromicro/go-zero/core/rescue"
	gzthreading "github.com/zeromicro/go-zero/core/threading"
)

// ErrTaskRunnerBusy is the error that indicates the runner is busy.
// It is go-zero's, so errors.Is matches either.
var ErrTaskRunnerBusy = gzthreading.ErrTaskRunnerBusy

// A TaskRunner is used to control the concurrency of goroutines.
// Its tasks are tracked, as with [GoSafe], under the place of the Schedule
// call, while they run (not while they wait for a slot).
type TaskRunner struct {
	limitChan chan lang.PlaceholderType
	waitGroup sync.WaitGroup
}

// NewTaskRunner returns a TaskRunner.
func NewTaskRunner(concurrency int) *TaskRunner {
	return &TaskRunner{
		limitChan: make(chan lang.PlaceholderType, concurrency),
	}
}

// Schedule schedules a task to run under concurrency control.
//
//go:noinline
func (rp *TaskRunner) Schedule(task func()) {
	rp.schedule(workAt(1), task)
}

func (rp *TaskRunner) schedule(w *proc.Work, task func()) {
	// Add to the waitGroup first, as go-zero does: Wait must not return
	// between the slot being taken and the task starting.
	rp.waitGroup.Add(1)
	rp.limitChan <- lang.Placeholder
	rp.start(w, task)
}

// ScheduleImmediately schedules a task to run immediately under concurrency control.
// It returns ErrTaskRunnerBusy if the runner is busy.
//
//go:noinline
func (rp *TaskRunner) ScheduleImmediately(task func()) error {
	w := workAt(1)
	rp.waitGroup.Add(1)
	select {
	case rp.limitChan <- lang.Placeholder:
	default:
		rp.waitGroup.Done()
		return ErrTaskRunnerBusy
	}
	rp.start(w, task)
	return nil
}

// start runs task on a goroutine counted in w, once a slot is taken.
func (rp *TaskRunner) start(w *proc.Work, task func()) {
	w.Add()
	go func() {
		defer rescue.Recover(func() {
			<-rp.limitChan
			rp.waitGroup.Done()
		})
		defer w.Done() // before the waitGroup: once Wait returns, nothing of rp counts
		w.Run(task)
	}()
}

// Wait waits all running tasks to be done.
func (rp *TaskRunner) Wait() {
	rp.waitGroup.Wait()
}
