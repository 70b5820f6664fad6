package report_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/report"
	"github.com/zeromicro/go-zero/core/logx"
)

// A Recorder follows an instance Registry; Last returns the report it logged
// (and, with TerminationLogPath set, wrote for Kubernetes).
func Example() {
	prev := logx.Reset()
	logx.SetWriter(logx.NewWriter(io.Discard))
	defer logx.SetWriter(prev)

	rec := report.New(report.Conf{})
	r := proc.MustNewRegistry(proc.ShutdownConf{WrapUpTime: time.Millisecond, WaitTime: time.Second},
		proc.WithObserver(rec))
	_ = r.AddWrapUpHook("deregister", func(context.Context) error { return nil })
	_ = r.AddShutdownHook("db", func(context.Context) error { return errors.New("db busy") })
	_ = r.AddShutdownHook("flush", func(context.Context) error { return nil })

	r.Terminate(nil)
	_ = r.Wait()

	rep, _ := rec.Last()
	fmt.Println("shutdown", rep.Outcome)
	for _, h := range rep.Hooks {
		line := h.Phase + " " + h.Name + ": " + h.Outcome
		if h.Error != "" {
			line += " (" + h.Error + ")"
		}
		fmt.Println(line)
	}
	// Output:
	// shutdown failed
	// wrap-up deregister: ok
	// shutdown flush: ok
	// shutdown db: error (db busy)
}

// Install follows proc.DefaultRegistry: the report of the process's shutdown
// goes to the logs and to Kubernetes' termination message. It needs a signal,
// so it has no output to check.
func ExampleInstall() {
	report.Install(report.Conf{TerminationLogPath: "/dev/termination-log"})

	if err := proc.Wait(); err != nil {
		logx.Error(err)
	}
}
