package rest

// Programs that the signal tests run in a subprocess, each a go-zero API
// service with its imports swapped to zerodown: proc.DefaultRegistry, real
// SIGTERM. The times of the service are scaled down.

import (
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zeromicro/go-zero/core/conf"
)

const scenarioEnv = "ZERODOWN_REST_SCENARIO"

var scenarios = map[string]func(){
	"order":          scenarioOrder,
	"stuck":          scenarioStuck,
	"second-signal":  scenarioSecondSignal,
	"keep-alive":     scenarioKeepAlive,
	"h2":             scenarioH2,
	"stop-frees":     scenarioStopFrees,
	"taken-port":     scenarioTakenPort,
	"slow-newserver": scenarioSlowNewServer,
	"devserver":      scenarioDevServer,
	"unknown-keys":   scenarioUnknownKeys,
}

func runScenario(name string) {
	run, ok := scenarios[name]
	if !ok {
		fmt.Println("unknown scenario", name)
		os.Exit(2)
	}
	run()
	fmt.Println("main returns")
	os.Exit(0)
}

// scenarioServer builds the service's server as a goctl main does, from
// yaml defaults, with the shutdown times given.
func scenarioServer(wrapUp, wait time.Duration, edit ...func(*RestConf)) *Server {
	var c RestConf
	if err := conf.FillDefault(&c); err != nil {
		panic(err)
	}
	c.Name = "scenario"
	c.Host = "127.0.0.1"
	c.DevServer.Enabled = false // its fixed port would be shared by every test
	c.Log.Level = "error"
	c.Shutdown.WrapUpTime = wrapUp
	c.Shutdown.WaitTime = wait
	c.Drain.Timeout = min(c.Drain.Timeout, (wait-wrapUp)/2)
	for _, fn := range edit {
		fn(&c)
	}
	return MustNewServer(c)
}

// announce prints the address and "ready" once s listens.
func announce(s *Server) {
	go func() {
		<-s.listening
		fmt.Println("addr " + s.Addr().String())
		fmt.Println("ready")
	}()
}

// scenarioOrder is the service: a 3s wrap-up cleanup, a 0.5s DB
// close and a 2s request in flight at SIGTERM.
func scenarioOrder() {
	s := scenarioServer(200*time.Millisecond, 5*time.Second)
	defer s.Stop()
	s.AddRoute(Route{Method: http.MethodGet, Path: "/slow", Handler: func(w http.ResponseWriter, _ *http.Request) {
		fmt.Println("request started")
		time.Sleep(400 * time.Millisecond) // the request's own work
		fmt.Println("request done")
		_, _ = w.Write([]byte("ok"))
	}})
	proc.AddWrapUpListener(func() {
		time.Sleep(600 * time.Millisecond) // the cleanup's own work
		fmt.Println("wrap-up done")
	})
	proc.AddShutdownListener(func() {
		fmt.Println("db close start")
		time.Sleep(100 * time.Millisecond) // the close's own work
		fmt.Println("db close done")
	})
	announce(s)
	s.Start()
	fmt.Println("start returned")
}

// closeDBForever is a shutdown listener that never returns.
func closeDBForever() {
	fmt.Println("db close start")
	select {}
}

// scenarioStuck has a shutdown listener that never returns.
func scenarioStuck() {
	s := scenarioServer(100*time.Millisecond, time.Second)
	proc.AddShutdownListener(closeDBForever)
	announce(s)
	s.Start()
	fmt.Println("start returned")
}

// scenarioSecondSignal has a wrap-up listener that outlasts the test.
func scenarioSecondSignal() {
	s := scenarioServer(100*time.Millisecond, time.Minute)
	proc.AddWrapUpListener(func() {
		fmt.Println("wrap-up started")
		time.Sleep(time.Minute) // the cleanup's own work
	})
	announce(s)
	s.Start()
	fmt.Println("start returned")
}
