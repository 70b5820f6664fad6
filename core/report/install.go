package report

import (
	"sync"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/upgrade"
	"github.com/zeromicro/go-zero/core/logx"
)

var (
	recordersMu sync.Mutex // guards recorders
	// recorders holds the Recorder of each Registry that [For] was called
	// with, for the life of the process, as core/readiness keeps its sets.
	recorders = map[*proc.Registry]*Recorder{}
)

// Install returns the Recorder of proc.DefaultRegistry: it is
// For(proc.DefaultRegistry, c, opts...). The servers of this module call it
// when they are built, and main may call it too: the process still gets one
// report per shutdown.
func Install(c Conf, opts ...Option) *Recorder {
	return For(proc.DefaultRegistry, c, opts...)
}

// For returns the Recorder that follows reg; there is one per Registry.
//
// The first call for reg builds the Recorder with New(c, opts...) and adds it
// to reg as an observer before returning. Later calls, from other servers or
// from main, return the same Recorder and only fill in what it lacks: c's
// TerminationLogPath if it has none, so the first non-empty path wins (a
// different later path is logged and ignored), and the in-flight source of a
// [WithInFlight] option if it has none.
//
// For is safe for concurrent use. Call it before the shutdown of reg begins:
// a Recorder added to a Registry whose sequence has begun reports nothing of
// that sequence. The Recorders are kept for the life of the process.
func For(reg *proc.Registry, c Conf, opts ...Option) *Recorder {
	recordersMu.Lock()
	rec, ok := recorders[reg]
	if !ok {
		rec = New(c, opts...)
		recorders[reg] = rec
		reg.AddObserver(rec) // under recordersMu: no caller gets rec before reg reports to it
		if reg == proc.DefaultRegistry {
			upgrade.AddObserver(rec) // upgrades are the process's, as DefaultRegistry is
		}
	}
	recordersMu.Unlock()
	if ok {
		rec.complete(c, opts)
	}
	return rec
}

// complete gives r the termination log path of c and the in-flight source of
// opts, each only if r has none.
func (r *Recorder) complete(c Conf, opts []Option) {
	var given Recorder
	for _, opt := range opts {
		opt(&given)
	}

	r.mu.Lock()
	if r.inFlight == nil {
		r.inFlight = given.inFlight
	}
	have, give := r.conf.TerminationLogPath, c.TerminationLogPath
	adopt := have == "" && give != ""
	if adopt {
		r.conf.TerminationLogPath = give
	}
	r.mu.Unlock()

	switch {
	case adopt:
		checkDir(give)
	case give != "" && give != have:
		logx.Errorf("report: termination log %s ignored: the shutdown report of this registry goes to %s",
			give, have)
	}
}
