package report

import (
	"encoding/json"
	"time"
)

// Outcomes of a whole shutdown, in [Report].Outcome.
const (
	// OutcomeOK means every hook ended ok and no fatal reason was given.
	OutcomeOK = "ok"
	// OutcomeFailed means the sequence ended, but a hook did not end ok or
	// Terminate gave a fatal reason.
	OutcomeFailed = "failed"
	// OutcomeForceQuit means the process exited before the sequence was
	// done: at WaitTime, or at a second signal.
	OutcomeForceQuit = "force-quit"
	// HookRunning is the outcome of a hook that was still running when the
	// report was emitted, at a force quit.
	HookRunning = "running"
)

type (
	// A Report is the timeline of one shutdown. Offsets count from Start,
	// the moment the sequence began.
	Report struct {
		// Outcome is [OutcomeOK], [OutcomeFailed] or [OutcomeForceQuit].
		Outcome string
		// Trigger says what started the shutdown, e.g. "signal 15
		// (terminated)"; empty if it is not known.
		Trigger string
		// Reason is the fatal reason given to Terminate, if any.
		Reason string
		// Start is when the sequence began (t0).
		Start time.Time
		// Duration is the time from Start to the end of the sequence or to
		// the force quit.
		Duration time.Duration
		// Phases are the timed steps in the order they ran: wrap-up, delay,
		// drain, shutdown.
		Phases []Span
		// Hooks are the hooks in the order they started.
		Hooks []Hook
		// Running names the hooks still running at a force quit.
		Running []string
		// InFlight is what the servers had in flight when the drain began.
		InFlight []InFlight
		// LeftInFlight is what was still in flight at the end, if anything:
		// work the drain cut off.
		LeftInFlight []InFlight
		// Upgrades are the in-place upgrades the process attempted, the last
		// ten, in order; after a hand-over the last one is ready.
		Upgrades []Upgrade
		// Cut is what was still in flight at the drain's end, e.g. "rest
		// 127.0.0.1:8080 requests: 2": its clients got an error.
		Cut []string
		// Abandoned names the hooks left running past their bound, as
		// "phase/name"; the sequence went on without them.
		Abandoned []string
		// Skipped names the hooks that never started, as "phase/name".
		Skipped []string
	}

	// A Span is one phase of the sequence.
	Span struct {
		// Name is the phase: wrap-up, delay, drain or shutdown.
		Name string
		// Start is the offset from the report's Start.
		Start time.Duration
		// Duration is how long the phase took, or had run at a force quit.
		Duration time.Duration
		// Done is false for the phase that a force quit cut off.
		Done bool
		// Budget is the offset from the report's Start by which the phase
		// had to end: WaitTime − ShutdownReserve for the wrap-up and the
		// drain, WaitTime for the shutdown; zero if not known.
		Budget time.Duration
	}

	// A Hook is one run of a hook.
	Hook struct {
		// Phase is the phase the hook ran in.
		Phase string
		// Name is the name the hook was registered with.
		Name string
		// Start is the offset from the report's Start.
		Start time.Duration
		// Duration is how long the hook ran, up to its timeout; at a force
		// quit, how long a running hook had run.
		Duration time.Duration
		// Outcome is ok, error, panic, timeout, or [HookRunning].
		Outcome string
		// Error is the first line of the hook's error, shortened.
		Error string
	}

	// An InFlight is what one server had in flight of one kind.
	InFlight struct {
		// Server is the name the server tracks its count under.
		Server string
		// Kind is requests or streams.
		Kind string
		// N is the count.
		N int64
	}
)

// MarshalJSON writes r with durations as strings ("1.2s"), as logx writes
// durations; the log entry of the report uses it.
func (r Report) MarshalJSON() ([]byte, error) {
	type span struct {
		Phase    string `json:"phase"`
		Start    string `json:"start"`
		Duration string `json:"duration"`
		Done     bool   `json:"done"`
		Budget   string `json:"budget,omitempty"`
	}
	type hook struct {
		Phase    string `json:"phase"`
		Name     string `json:"hook"`
		Start    string `json:"start"`
		Duration string `json:"duration"`
		Outcome  string `json:"outcome"`
		Error    string `json:"error,omitempty"`
	}
	type upgrade struct {
		Start   time.Time `json:"start"`
		Outcome string    `json:"outcome"`
		After   string    `json:"after,omitempty"`
		Error   string    `json:"error,omitempty"`
	}
	type inFlight struct {
		Server string `json:"server"`
		Kind   string `json:"kind"`
		N      int64  `json:"n"`
	}
	view := struct {
		Outcome      string     `json:"outcome"`
		Trigger      string     `json:"trigger,omitempty"`
		Reason       string     `json:"reason,omitempty"`
		Start        time.Time  `json:"start"`
		Duration     string     `json:"duration"`
		Phases       []span     `json:"phases"`
		Hooks        []hook     `json:"hooks"`
		Running      []string   `json:"running,omitempty"`
		InFlight     []inFlight `json:"inFlight,omitempty"`
		LeftInFlight []inFlight `json:"leftInFlight,omitempty"`
		Upgrades     []upgrade  `json:"upgrades,omitempty"`
		Cut          []string   `json:"cut,omitempty"`
		Abandoned    []string   `json:"abandoned,omitempty"`
		Skipped      []string   `json:"skipped,omitempty"`
	}{
		Outcome: r.Outcome, Trigger: r.Trigger, Reason: r.Reason, Start: r.Start,
		Duration: round(r.Duration).String(), Running: r.Running,
		Cut: r.Cut, Abandoned: r.Abandoned, Skipped: r.Skipped,
		Phases: make([]span, len(r.Phases)), Hooks: make([]hook, len(r.Hooks)),
	}
	for i, p := range r.Phases {
		budget := ""
		if p.Budget > 0 {
			budget = round(p.Budget).String()
		}
		view.Phases[i] = span{p.Name, round(p.Start).String(), round(p.Duration).String(), p.Done, budget}
	}
	for i, h := range r.Hooks {
		view.Hooks[i] = hook{h.Phase, h.Name, round(h.Start).String(), round(h.Duration).String(), h.Outcome, h.Error}
	}
	for _, f := range r.InFlight {
		view.InFlight = append(view.InFlight, inFlight(f))
	}
	for _, f := range r.LeftInFlight {
		view.LeftInFlight = append(view.LeftInFlight, inFlight(f))
	}
	for _, u := range r.Upgrades {
		after := ""
		if u.Outcome != UpgradeRunning {
			after = round(u.After).String()
		}
		view.Upgrades = append(view.Upgrades, upgrade{u.Start, u.Outcome, after, u.Error})
	}
	return json.Marshal(view)
}

// round keeps a duration readable: whole milliseconds from 10ms up,
// microseconds below.
func round(d time.Duration) time.Duration {
	if d >= 10*time.Millisecond {
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Microsecond)
}
