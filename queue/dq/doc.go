// Package dq is go-queue v1.2.2's dq (delayed jobs on beanstalkd: a
// consumer and a producer) with a shutdown that loses nothing: change the
// import from github.com/zeromicro/go-queue/dq to this package.
//
// The timeline of a consumer, on its [proc.Registry]:
//
//	t0       wrap-up hook "dq <tubes> stop reserving": no more reserves; a
//	         Reserve that blocks is cut at once (its connection is closed),
//	         and a job reserved but not started goes back to its tube, for
//	         another consumer
//	drain    drain hook "dq <tubes> handlers": the handlers in flight finish
//	         (counted in flight, so the shutdown phase waits for them) and
//	         their jobs are deleted; bounded by the hook's context
//	shutdown the DB close and the other shutdown listeners: no handler runs
//
// # At least once
//
// go-queue deletes each job when it reserves it, before its handler runs: a
// process that stops mid-handler loses the job (at most once). Here a job is
// deleted only once its handler returned: a job whose handler did not end
// (a kill, a crash, a force quit) goes back to its tube and is handled
// again (at least once). A handler that panics is logged and its job
// buried: beanstalkd keeps it until kicked.
//
// The producer puts each job on two or three servers, as in go-queue, and
// the consumers handle one copy: the first to claim the body in Redis (the
// key is the MD5 of the body, as go-queue's lock) handles it. go-queue
// holds that lock for an hour from the start of the handler; here a claim
// is a lease of 10 s, renewed while the handler runs, and becomes "handled"
// for the hour once the handler returned. A copy reserved while another
// consumer's handler runs goes back to its tube until that lease ends; a
// copy of a job handled within the hour (by this package or by go-queue) is
// deleted unhandled. While its handler runs a job is also touched, so that
// beanstalkd does not give it to another consumer when its TTR passes.
//
// What differs from go-queue's API: the [Consumer] has Stop (for that
// consumer alone; it does not close logx); [NewConsumer] takes options
// ([WithRegistry]) and refuses a conf that cannot work (no server, no tube,
// a Redis go-zero refuses) where go-queue's starts and loses every job; a
// consumer watches its tube only (go-queue's also watches beanstalkd's
// "default" tube).
package dq
