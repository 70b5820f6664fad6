package report

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/zerodown/zerodown/core/metric"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/logx"
)

var _ proc.TriggerObserver = (*Recorder)(nil)

type (
	// A Recorder is a [proc.Observer] that records the timeline of a
	// shutdown and emits it as a [Report] once the sequence is done, or at
	// the force quit. It is safe for concurrent use and never blocks. A
	// Recorder follows one sequence at a time; a new sequence starts a new
	// report.
	Recorder struct {
		mu        sync.Mutex // guards following
		conf      Conf
		inFlight  InFlightSource
		cur       Report        // the report being recorded
		recording bool          // a sequence has begun and is not emitted yet
		phase     int           // index in cur.Phases of the open phase; -1 if none
		open      map[key][]int // hooks started and not ended, by phase and name
		early     map[key]int   // hooks that ended before their start was seen
		trigger   string
		reason    string
		last      *Report
		upgrades  []Upgrade // the process's in-place upgrades, see [Recorder.UpgradeStarted]
	}

	// An InFlightSource tells what the servers have in flight;
	// *metric.Metrics is one.
	InFlightSource interface {
		InFlightNow() []metric.Count
	}

	// An Option configures a Recorder.
	Option func(*Recorder)

	key struct {
		phase proc.Phase
		name  string
	}
)

// WithInFlight makes the report say what src counted in flight when the drain
// began, and what was left at the end. Servers of this module track their
// counts on metric.Default().
func WithInFlight(src InFlightSource) Option {
	return func(r *Recorder) {
		r.inFlight = src
	}
}

// New returns a Recorder configured by c; give it to a Registry with
// proc.WithObserver or [proc.Registry.AddObserver]. If c names a termination
// log in a directory that does not exist, New logs it: the report will only
// be logged.
func New(c Conf, opts ...Option) *Recorder {
	r := &Recorder{conf: c, phase: -1}
	for _, opt := range opts {
		opt(r)
	}
	checkDir(c.TerminationLogPath)
	return r
}

// checkDir logs it if path is set and its directory cannot be reached.
func checkDir(path string) {
	if path == "" {
		return
	}
	if _, err := os.Stat(filepath.Dir(path)); err != nil {
		logx.Errorf("report: termination log %s: %v; the shutdown report will only be logged", path, err)
	}
}

// Last returns the last report emitted, and false if none was.
func (r *Recorder) Last() (Report, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.last == nil {
		return Report{}, false
	}
	return *r.last, true
}

// Triggered implements [proc.TriggerObserver]: it records what started the
// shutdown, trigger (e.g. "signal 15 (terminated)" or "Terminate"), and the
// fatal reason given to Terminate, if any, for the next report. A reason
// with an empty message is a failure all the same.
func (r *Recorder) Triggered(trigger string, reason error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.trigger = trigger
	r.reason = shortError(reason)
	if reason != nil && r.reason == "" {
		r.reason = fmt.Sprintf("%T with an empty message", reason)
	}
}

// inFlightNow returns what the source counts in flight, only the nonzero
// counts if nonzero, or nil without a source.
func (r *Recorder) inFlightNow(nonzero bool) []InFlight {
	r.mu.Lock()
	src := r.inFlight
	r.mu.Unlock()
	if src == nil {
		return nil
	}
	var out []InFlight
	for _, c := range src.InFlightNow() {
		if !nonzero || c.N != 0 {
			out = append(out, InFlight{Server: c.Server, Kind: c.Kind.String(), N: c.N})
		}
	}
	return out
}

// emit logs rep as one entry and writes it to the termination log at path,
// if path is set.
func emit(rep Report, path string) {
	msg := "Shutdown report: " + rep.Outcome + " in " + round(rep.Duration).String()
	field := logx.Field("shutdown", rep)
	if rep.Outcome == OutcomeOK {
		logx.Infow(msg, field)
	} else {
		logx.Errorw(msg, field)
	}
	if path != "" {
		if err := os.WriteFile(path, []byte(truncate(rep.String(), MaxFileSize)), 0o644); err != nil {
			logx.Errorf("report: write termination log: %v", err)
		}
	}
}

// finishLocked ends the report being recorded at end, with outcome, keeps it
// as the last one, and returns it with the termination log path to emit it
// to. r.mu must be held.
func (r *Recorder) finishLocked(end time.Time, outcome string) (Report, string) {
	rep := r.cur
	rep.Duration = end.Sub(rep.Start)
	rep.Outcome = outcome
	rep.Trigger, rep.Reason = r.trigger, r.reason
	rep.Phases = slices.Clone(rep.Phases)
	rep.Hooks = slices.Clone(rep.Hooks)
	rep.Upgrades = slices.Clone(r.upgrades)
	r.recording = false
	r.trigger, r.reason = "", ""
	r.last = &rep
	return rep, r.conf.TerminationLogPath
}
