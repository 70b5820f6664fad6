// Package gozero holds every workaround of zerodown that depends on go-zero's
// internals, so that one contract test (contract_test.go) checks them all
// against the go-zero version in go.mod and fails with a clear message if
// go-zero changes what they rely on:
//
//   - go-zero's core/proc handles SIGTERM and SIGINT in a goroutine it starts
//     in init; [TakeSignals] takes those two signals away from it, so that its
//     timer and self-kill never act, whatever Setup go-zero code calls later.
//   - go-zero's proc keeps its conf and its Done channel in unexported
//     variables: [Rearmed] reads the conf a later go-zero Setup brought, and
//     [CloseDone] closes Done at zerodown's signal.
//   - go-zero's servers run inside go-zero functions whose names
//     [ServersRunning] looks for in the goroutine stacks.
//   - go-zero's rest server builds its *http.Server inside Start;
//     [TakeHTTPServer] takes it before go-zero listens.
//   - go-zero's DevServer /healthz asks the probes of its internal/health
//     package; [FollowHealth] adds one that follows zerodown's readiness.
//   - go-zero's proc keeps its shutdown listeners in an unexported
//     listenerManager, each wrapped in a closure; [TakeShutdownListeners]
//     takes them (named after the function each wraps, go-zero's servers
//     first, the rest in reverse order of registration) to run one at a
//     time, and [HoldShutdownWait] keeps go-zero's waitForCalled waiting
//     until zerodown's sequence is done.
package gozero
