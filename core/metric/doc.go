// Package metric exports the shutdown of a process as Prometheus metrics: how
// long each phase and each hook took, how each hook ended, force quits, the
// time from the signal to the exit, the state of the sequence, and the
// requests and streams each server still has in flight.
//
// A [Metrics] is a [proc.Observer]: give it to a Registry with
// [proc.WithObserver]. By default it registers on
// prometheus.DefaultRegisterer, the registry that go-zero's DevServer and
// Prometheus agent serve on /metrics, so a go-zero service shows the metrics
// with no extra code; [WithRegisterer] picks another one. Registering twice on
// one Registerer (two Registries in a process, tests) reuses the collectors
// already there instead of failing.
//
// # Metrics
//
//	zerodown_shutdown_state                          gauge      current proc.State: 0 serving ... 5 stopped
//	zerodown_shutdown_duration_seconds               histogram  signal to the end of the sequence (or force quit)
//	zerodown_shutdown_phase_duration_seconds{phase}  histogram  wrap-up, delay, drain, shutdown
//	zerodown_shutdown_hook_duration_seconds{phase,hook}
//	                                                 histogram  each hook's run time (until its timeout at most)
//	zerodown_shutdown_hooks_total{phase,hook,outcome}
//	                                                 counter    ok, error, panic, timeout
//	zerodown_shutdown_force_quits_total              counter    force quits: at WaitTime, or at a second signal
//	zerodown_shutdown_in_flight_requests{server}     gauge      requests a server is handling now
//	zerodown_shutdown_in_flight_streams{server}      gauge      streams a server has open now
//	zerodown_shutdown_in_flight_work{work}           gauge      work outside requests running now (proc.Work:
//	                                                            core/threading goroutines by start site)
//	zerodown_shutdown_drain_start_in_flight{server,kind}
//	                                                 gauge      requests, streams in flight when the drain began
//
// Hook labels are the names hooks were registered with, so cardinality is
// bounded by the program, not by traffic.
//
// # In flight
//
// Servers count their requests with an [InFlight] (an atomic counter, no
// allocation per request; docs/benchmarks.md gives what it costs, with the
// command and the machine) and report it with
// [TrackInFlight]; the gauges read it at scrape time, so the request path
// never touches Prometheus. [Metrics.InFlightNow] reads the same counts for
// the shutdown report (core/report).
//
// # Installing
//
// [Install] adds [Default] to proc.DefaultRegistry once; an instance Registry
// takes a Metrics with proc.WithObserver.
package metric
