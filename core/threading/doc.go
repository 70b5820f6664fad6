// Package threading is a drop-in for go-zero's core/threading (same names,
// same signatures) whose goroutines the shutdown waits for.
//
// With go-zero's threading, a handler that answers and then writes in a
// goroutine (threading.GoSafe(func() { audit(...) }), go-zero's idiom for
// audit logs, notifications and cache fills) loses the write when the
// process exits first: nothing waits for it. Here every goroutine started by
// [GoSafe], [GoSafeCtx], [RoutineGroup], [TaskRunner], [WorkerGroup] and
// [StableRunner] is counted, from before it starts until it returns, as a
// proc.Work of proc.DefaultRegistry named after its start site: the
// function and file:line of the GoSafe (Run, Schedule...) call, e.g.
// "main.(*Logic).Order (logic/order.go:42)". So:
//
//   - the shutdown phase (the shutdown hooks: DB close, flushes) starts only
//     once every such goroutine has returned, bounded by WaitTime;
//   - a goroutine started after the signal (by a handler still draining)
//     still runs, and is awaited too;
//   - at the force quit (WaitTime), each start site with goroutines still
//     running is logged with their stacks, the shutdown hooks never start,
//     and the process exits 124;
//   - the counts are in the force-quit log, in proc.DefaultRegistry.Works,
//     in the metric zerodown_shutdown_in_flight_work{work} (core/metric) and
//     in the shutdown report (core/report).
//
// A goroutine that must end at the shutdown selects on proc.Done() (or
// proc.Context()), as with go-zero; one that never returns holds the
// shutdown until the force quit, which names it.
//
// What is not awaited: a bare go statement, and goroutines started through
// go-zero's own core/threading (go-zero's packages use it for their own
// machinery). docs/en/work-outside-requests.md says how to find them.
//
// [GoEvery] and [StopAtShutdown] run periodic jobs (a ticker loop, a
// robfig/cron scheduler) whose scheduling stops at the signal and whose
// running tick is awaited.
package threading
