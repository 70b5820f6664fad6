package proc

import (
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/zerodown/zerodown/internal/gozero"
	"github.com/zeromicro/go-zero/core/logx"
)

// start begins handling signals and bridges go-zero, as the options ask; it
// runs once, at the Registry's first use.
func (r *Registry) start() {
	if r.opts.goZero {
		r.bridgeGoZero()
	}
	switch {
	case r.opts.signals != nil:
		go r.watch(r.opts.signals, func() {})
	case r.opts.osSignals:
		if r.opts.goZero && !gozero.TakeSignals() {
			logx.Error("proc: go-zero's signal handler not found: go-zero may act on SIGTERM on its own")
		}
		ch := make(chan os.Signal, 2)
		signal.Notify(ch, syscall.SIGTERM, syscall.SIGINT)
		go r.watch(ch, func() { signal.Stop(ch) })
	}
}

// watch starts the sequence at the first signal and exits at once at the
// second. It returns when the sequence is done: a signal then gets the default
// action again.
func (r *Registry) watch(signals <-chan os.Signal, stop func()) {
	defer stop()
	seen := 0
	for {
		select {
		case sig := <-signals:
			seen++
			code := exitCode(sig)
			if seen == 1 {
				r.adoptGoZeroConf()
				r.trigger("signal "+signalName(sig), "Got signal "+signalName(sig)+", shutting down...", nil)
				continue
			}
			logx.Errorf("Got signal %s again during shutdown in state %s, exiting now with code %d",
				signalName(sig), r.State(), code)
			r.observe(func(o Observer) { o.ForceQuit(r.runningNames()) })
			r.opts.exit(code)
			return
		case <-r.finished:
			return
		}
	}
}

// exitCode returns the shell's code for a process ended by sig: 128+signal.
func exitCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 128 + int(syscall.SIGTERM)
}

func signalName(sig os.Signal) string {
	if s, ok := sig.(syscall.Signal); ok {
		return strconv.Itoa(int(s)) + " (" + s.String() + ")"
	}
	return sig.String()
}
