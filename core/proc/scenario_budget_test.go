package proc

// Subprocess programs for the budget inside WaitTime: work that outlives its
// bound is abandoned or cut, and the shutdown hooks still run in their
// reserve.

import (
	"context"
	"fmt"
	"time"
)

func init() {
	scenarios["stuck-wrap-up-unbounded"] = scenarioStuckWrapUpUnbounded
	scenarios["shutdown-hook-timeout"] = scenarioShutdownHookTimeout
}

// scenarioStuckWrapUpUnbounded: a wrap-up hook with no timeout of its own
// that never returns, a drain hook and a DB close, WaitTime 3s.
func scenarioStuckWrapUpUnbounded() {
	Setup(ShutdownConf{WrapUpTime: 100 * time.Millisecond, WaitTime: 3 * time.Second})
	t0 := make(chan time.Time, 1)
	must(AddShutdownHook("db close", func(context.Context) error {
		fmt.Printf("db close start %d\n", time.Since(<-t0).Milliseconds())
		return nil
	}))
	must(AddDrainHook("server", func(ctx context.Context) error {
		fmt.Println("drain start")
		return nil
	}))
	must(AddWrapUpHook("stuck consumer", func(context.Context) error {
		t0 <- time.Now()
		select {}
	}))
	fmt.Println("ready")
	_ = Wait()
}

// scenarioShutdownHookTimeout: a flush bounded at 500ms that ignores its
// context, then a DB close, WaitTime 3s.
func scenarioShutdownHookTimeout() {
	Setup(ShutdownConf{WrapUpTime: 100 * time.Millisecond, WaitTime: 3 * time.Second})
	start := make(chan time.Time, 1)
	must(AddShutdownHook("db close", func(context.Context) error {
		fmt.Printf("db close start %d\n", time.Since(<-start).Milliseconds())
		return nil
	}))
	must(AddShutdownHook("flush", func(context.Context) error {
		start <- time.Now()
		select {} // ignores its context
	}, WithTimeout(500*time.Millisecond)))
	fmt.Println("ready")
	_ = Wait()
}
