package rest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"time"

	"github.com/zerodown/zerodown/core/proc"
)

// scenarioKeepAlive serves POST /work for the keep-alive tests: it prints
// "executed <id>" for every request body it answers, and the wall times of
// t0 and of the drain's start, so that the test can tell which request was
// executed and when a failure happened.
func scenarioKeepAlive() {
	s := scenarioServer(time.Second, 6*time.Second, func(c *RestConf) {
		c.CpuThreshold = 0 // no load shedding: every request is executed
		// go-zero's read and write timeouts (4/5 and 11/10 of Timeout) would
		// cut connections of the overloaded race-detector build.
		c.Timeout = 30000
		c.Drain.Timeout = 3 * time.Second
	})
	s.AddRoute(Route{Method: http.MethodPost, Path: "/work", Handler: workHandler})
	printPhases()
	announce(s)
	s.Start()
	fmt.Println("start returned")
}

// workHandler answers the request body, once it has printed it.
func workHandler(w http.ResponseWriter, r *http.Request) {
	id, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Println("executed " + string(id))
	_, _ = w.Write(id)
}

// printPhases prints "t0 <unix ns>" and "drain <unix ns>" when the default
// registry reaches them, from hooks that run before any other of their
// phase: a failure the drain caused can never be stamped before "drain" (a
// goroutine woken by proc.Draining could print after the drain had closed
// connections).
func printPhases() {
	mark := func(name string) proc.HookFunc {
		return func(context.Context) error {
			fmt.Println(name, time.Now().UnixNano())
			return nil
		}
	}
	first := proc.WithOrder(math.MinInt)
	if err := errors.Join(proc.DefaultRegistry.AddWrapUpHook("t0 marker", mark("t0"), first),
		proc.DefaultRegistry.AddDrainHook("drain marker", mark("drain"), first)); err != nil {
		panic(err)
	}
}
