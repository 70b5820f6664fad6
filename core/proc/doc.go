// Package proc owns the shutdown of a process: one ordered, awaited and
// bounded sequence, a drop-in for go-zero's core/proc.
//
// go-zero's proc runs each phase's listeners concurrently after fixed sleeps,
// awaits none of the wrap-up ones, runs shutdown listeners (a DB close) at the
// same time as the servers drain, and at WaitTime (5.5s) logs "Still alive
// after 5.5s, going to force kill the process..." and kills itself, without
// saying what hung; a second signal kills it at once, with no log line. This package keeps go-zero's functions and their
// signatures, and runs them inside one timeline that awaits every step, bounds
// every step, and names whatever is still running at the deadline.
//
// # The timeline
//
// The same timeline is in README.md and docs/en/shutdown.md (docs/zh in
// Chinese); a test in docs/ keeps them identical.
//
//	SIGTERM/SIGINT or Terminate(reason)              a 2nd signal: exit at once, 128+signal
//	 t0   Done() closed, Context() cancelled          servers report not ready
//	 1    wrap-up hooks, concurrent, awaited          deregistration, stop consumers, go-zero wrap-up listeners
//	 2    propagation delay until t0+WrapUpTime (1s)  only if a server (zerodown's or go-zero's) serves; keep serving;
//	                                                  ends early once every server is safe to drain
//	 3    drain hooks, concurrent, awaited            Draining() closed; servers drain, bounded
//	 t0+WaitTime-ShutdownReserve (4.5s): drain's end  wrap-up, delay and drain end by then; what still runs is cut (its client gets an error) or abandoned
//	 4    shutdown hooks, reverse order, awaited      go-zero shutdown listeners first, then DB close, flush, in the reserve:
//	                                                  no handler whose client can still get a success runs
//	                                                  nor work outside requests (GoSafe, a consumer's handler): awaited to WaitTime
//	 5    Wait() returns, Finished() closed           main returns: exit 0, or 3 if something was cut or abandoned
//	 t0+WaitTime (5.5s): force quit                   no hook starts past it; each one still running logged with its stack, exit 124
//
// Every hook has a name, a context that ends at its own timeout or at the
// force-quit deadline, whichever comes first, and an outcome (ok, error,
// panic, timeout) that is logged with its duration. A panic is recovered and
// the next hook still runs.
//
// # The budget inside WaitTime
//
// WaitTime is one budget, spent in order. The wrap-up hooks (which may
// overrun WrapUpTime), the propagation delay and the drain all end by
// WaitTime − ShutdownReserve (see [ShutdownConf.Reserve]); the shutdown
// hooks keep the reserve, which nothing before them may eat. At the drain's
// end what is still in flight is cut (its connection closed, its stream ended
// with Unavailable: its client gets an error, never a success), then the
// shutdown hooks run, even though a handler that ignores its context may
// still be running. So no shutdown hook starts while a handler whose client
// can still get a success runs. A hook past its own timeout is abandoned:
// named, left running, and the sequence goes on. A sequence that cut or
// abandoned something then waits for it until WaitTime: if it returns, the
// process exits [ExitCodeIncomplete]; if not, the force quit exits 124,
// naming every hook and handler still running with its stack, and the hooks
// that never started (see [Registry.TrackInFlight], [HandlerLabels]).
//
// # go-zero compatibility
//
// [AddWrapUpListener], [AddShutdownListener], [SetTimeToForceQuit], [Setup],
// [ShutdownConf], [Done], [WrapUp] and [Shutdown] have go-zero's signatures, so
// changing the import path is enough. The differences are the point: the
// returned waitForCalled waits for its own listener, wrap-up listeners are
// awaited before the drain, and shutdown listeners run after it, in reverse
// order of registration.
//
// [DefaultRegistry] also runs the listeners registered with go-zero's own
// core/proc (its executors, its etcd publisher, its servers,
// service.ServiceGroup): go-zero's wrap-up listeners in the wrap-up phase, and
// its shutdown listeners first of the shutdown phase, once every server has
// drained, one at a time (go-zero's servers first, then the others in
// reverse order of registration), so that an executor's Flush writes before
// a DB closes; go-zero's waitForCalled, which go-zero's Start waits on,
// returns only when the sequence is done. go-zero's
// own servers keep the whole propagation delay. From the moment this package
// is imported it handles SIGTERM and SIGINT and takes them from go-zero's
// handler, so go-zero's timer and self-kill never act (see [DisarmGoZero]).
//
// # Work outside requests
//
// A [Work] counts work beside the requests (core/threading's goroutines by
// start site, consumers' handlers): no shutdown hook starts while one runs,
// and the force quit names each with its goroutines' stacks.
//
// # Waiting
//
// main must not return before the sequence is done, or it cuts the hooks off.
// The servers of this module return from Start only then; a program with
// other servers ends main with [Wait].
package proc
