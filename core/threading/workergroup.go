package threading

// A WorkerGroup is used to run given number of workers to process jobs.
// Its workers are tracked, as with [GoSafe], under the place of the Start call.
type WorkerGroup struct {
	job     func()
	workers int
}

// NewWorkerGroup returns a WorkerGroup with given job and workers.
func NewWorkerGroup(job func(), workers int) WorkerGroup {
	return WorkerGroup{
		job:     job,
		workers: workers,
	}
}

// Start starts a WorkerGroup.
//
//go:noinline
func (wg WorkerGroup) Start() {
	w := workAt(1)
	group := NewRoutineGroup()
	for i := 0; i < wg.workers; i++ {
		group.runSafe(w, wg.job)
	}
	group.Wait()
}
