// Package report writes down how the last shutdown of a process went: the
// trigger, each phase and each hook with its start (counted from the signal),
// its duration and its outcome, what the servers had in flight when the drain
// began, and the hooks still running at a force quit.
//
// Metrics (core/metric) tell how shutdowns go over time; a report tells the
// story of one. A [Recorder] is a [proc.Observer] that builds the [Report] as
// the sequence runs and emits it once, when the sequence is done or at the
// force quit just before the process exits:
//
//   - as ONE structured logx entry, "Shutdown report", with the whole report
//     in its "shutdown" field (a JSON object with JSON logs, the text below
//     with plain logs), at Info level if all went well and Error otherwise;
//   - optionally, as text in the file [Conf].TerminationLogPath. Kubernetes
//     reads /dev/termination-log as the container's termination message and
//     shows it in `kubectl describe pod`; the text is cut to its 4096-byte
//     limit ([MaxFileSize]), keeping the head, where the summary is.
//
// Writing the file is best effort: a failure is logged and changes nothing
// else. A Recorder never blocks the sequence.
//
// # The text
//
//	shutdown failed in 2.2s (trigger: signal 15 (terminated))
//	in flight at drain start: zrpc :8080 requests 3
//	phases:
//	  wrap-up   +0s     100ms
//	  delay     +100ms  900ms
//	  drain     +1s     200ms
//	  shutdown  +1.2s   1s
//	hooks:
//	  wrap-up   deregister  +0s    100ms  ok
//	  drain     zrpc :8080  +1s    200ms  ok
//	  shutdown  db          +1.2s  0s     error: db busy
//
// # Installing
//
// There is one Recorder per Registry, so that a process logs one report per
// shutdown however many servers it runs. [For] returns the Recorder of a
// Registry, adding it at the first call; [Install] is For(proc.DefaultRegistry).
// The servers of this module (zrpc, rest) call them when they are built, with
// the Report section of their conf: the first TerminationLogPath set wins.
// A Registry may also take a Recorder of its own with
// proc.WithObserver(report.New(c)).
package report
