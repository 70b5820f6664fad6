package proc

// Subprocess programs for the deadline wall and hook durations.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"
)

func init() {
	scenarios["stuck-wrap-up"] = scenarioStuckWrapUp
	scenarios["stuck-handler"] = scenarioStuckHandler
	scenarios["durations"] = scenarioDurations
	scenarios["empty-reason"] = scenarioEmptyReason
	scenarios["main-stuck"] = scenarioMainStuck
}

// scenarioStuckWrapUp: a wrap-up hook that outlives its timeout and the
// deadline, and a DB close that must not start while it runs.
func scenarioStuckWrapUp() {
	Setup(ShutdownConf{WrapUpTime: 100 * time.Millisecond, WaitTime: 3 * time.Second})
	must(AddShutdownHook("db close", func(context.Context) error {
		fmt.Println("db close start")
		return nil
	}))
	must(AddWrapUpHook("stuck consumer", func(context.Context) error {
		select {}
	}, WithTimeout(200*time.Millisecond)))
	fmt.Println("ready")
	_ = Wait()
}

// scenarioStuckHandler: a 10s handler that ignores its context, a drain
// bounded at 1s, WaitTime 3s.
func scenarioStuckHandler() {
	Setup(ShutdownConf{WrapUpTime: 100 * time.Millisecond, WaitTime: 3 * time.Second})
	must(AddShutdownHook("db close", func(context.Context) error {
		fmt.Println("db close start")
		return nil
	}))
	entered := make(chan struct{})
	var inFlight atomic.Int64
	TrackInFlight("http requests", inFlight.Load)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		inFlight.Add(1)
		defer inFlight.Add(-1)
		close(entered)
		time.Sleep(10 * time.Second) // ignores its context
		w.WriteHeader(http.StatusOK)
	})}
	addr := serveDrained(srv, WithTimeout(time.Second))
	go func() {
		if resp, err := http.Get("http://" + addr); err == nil {
			resp.Body.Close()
		}
	}()
	<-entered
	fmt.Println("ready")
	_ = Wait()
}

// durationObserver prints the duration of every hook that ends.
type durationObserver struct{}

func (durationObserver) StateChanged(State, time.Time)        {}
func (durationObserver) HookStarted(Phase, string, time.Time) {}
func (durationObserver) ForceQuit([]string)                   {}
func (durationObserver) HookEnded(_ Phase, name string, _ Outcome, d time.Duration, _ error) {
	fmt.Printf("ended %s %d\n", name, d)
}

// scenarioDurations: two concurrent wrap-up hooks, a 2s one and an instant one.
func scenarioDurations() {
	DefaultRegistry.AddObserver(durationObserver{})
	must(AddWrapUpHook("slow", func(context.Context) error {
		time.Sleep(2 * time.Second) // the hook's own work
		return nil
	}))
	must(AddWrapUpHook("instant", func(context.Context) error { return nil }))
	fmt.Println("ready")
	must(Wait())
}

// scenarioEmptyReason: Terminate with an error that has no message.
func scenarioEmptyReason() {
	fmt.Println("ready")
	Terminate(errors.New(""))
	_ = Wait()
}

// scenarioMainStuck: main never returns after the sequence, as a program
// that relied on go-zero's self-kill.
func scenarioMainStuck() {
	Setup(ShutdownConf{WrapUpTime: 100 * time.Millisecond, WaitTime: time.Second})
	fmt.Println("ready")
	must(Wait())
	fmt.Println("wait returned")
	select {}
}
