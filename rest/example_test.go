package rest_test

import (
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/rest"
	"github.com/zeromicro/go-zero/core/conf"
)

// A goctl-generated main, with its imports swapped to zerodown: the server's
// Start returns only when the whole shutdown is done, so the DB is closed
// after the last request, and main returning cuts nothing off.
func Example() {
	var c rest.RestConf
	conf.MustLoad("etc/greet-api.yaml", &c)

	server := rest.MustNewServer(c)
	defer server.Stop()
	server.AddRoute(rest.Route{Method: http.MethodGet, Path: "/greet", Handler: func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("hello"))
	}})
	proc.AddShutdownListener(func() {
		fmt.Println("close the database") // after the drain: nothing in flight
	})

	fmt.Printf("Starting server at %s:%d...\n", c.Host, c.Port)
	server.Start()
}

// An isolated Registry runs a whole lifecycle in-process, as tests do.
func ExampleWithRegistry() {
	reg := proc.MustNewRegistry(proc.ShutdownConf{WrapUpTime: 10 * time.Millisecond, WaitTime: 5 * time.Second})
	var c rest.RestConf
	c.Host = "127.0.0.1" // Port 0: the system picks one, Addr tells which
	c.Log.Level = "error"
	c.Shutdown.WrapUpTime, c.Shutdown.WaitTime = 10*time.Millisecond, 5*time.Second

	server := rest.MustNewServer(c, rest.WithRegistry(reg))
	server.AddRoute(rest.Route{Method: http.MethodGet, Path: "/greet", Handler: func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("hello"))
	}})
	reg.AddShutdownListener(func() { fmt.Println("close the database") })
	go func() {
		<-server.Listening()
		resp, err := http.Get("http://" + server.Addr().String() + "/greet")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			fmt.Println(string(body))
		}
		reg.Terminate(nil) // as SIGTERM does
	}()

	server.Start()
	fmt.Println("Start returned")
	// Output:
	// hello
	// close the database
	// Start returned
}

// A streaming handler that is not an SSE route ends when the drain begins.
func ExampleDraining() {
	handler := func(w http.ResponseWriter, r *http.Request) {
		ticker := time.NewTicker(time.Second)
		defer ticker.Stop()
		for {
			select {
			case <-ticker.C:
				_, _ = fmt.Fprintln(w, "tick")
				w.(http.Flusher).Flush()
			case <-rest.Draining(r.Context()):
				_, _ = fmt.Fprintln(w, "server draining, reconnect")
				return
			case <-r.Context().Done():
				return
			}
		}
	}
	_ = rest.Route{Method: http.MethodGet, Path: "/ticks", Handler: handler}
}
