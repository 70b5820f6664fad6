package threading_test

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/zerodown/zerodown/core/threading"
)

// A handler answers, then writes its audit record in a goroutine: the
// shutdown hooks (the DB close) wait for the write.
func ExampleGoSafe() {
	audit := func(user string) { fmt.Println("audit", user) }
	threading.GoSafe(func() { audit("alice") })
}

// A report every minute on a plain ticker: no run begins once the shutdown
// has begun, and the run in progress finishes before the DB closes.
func ExampleGoEvery() {
	stop := threading.GoEvery(time.Minute, func() {
		fmt.Println("report sent")
	})
	defer stop() // for a loop that must end before the process does
}

// robfig/cron v3: ScheduledJob skips the runs that begin after the signal and
// counts the others; StopAtShutdown stops the scheduler at the signal and
// makes the shutdown hooks wait until its running jobs are done.
func ExampleStopAtShutdown() {
	c := cron.New()
	if _, err := c.AddFunc("@every 1m", threading.ScheduledJob(func() {
		fmt.Println("report sent")
	})); err != nil {
		panic(err)
	}
	c.Start()
	threading.StopAtShutdown(c.Stop)
	// main ends with proc.Wait() or a zerodown server's Start, as always.
}
