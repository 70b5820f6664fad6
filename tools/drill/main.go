// Command drill runs rolling restarts of the example service under load, once
// built on zerodown and once on stock go-zero, and prints what each lost,
// side by side:
//
//	go run ./tools/drill
//
// It builds example/service both ways into a temporary directory, starts an
// embedded etcd, and for each scenario starts N instances, drives load,
// restarts each instance in turn as Kubernetes does (start the replacement,
// then SIGTERM the old one), and counts calls by status, writes acknowledged
// against writes found in the stores, stream ends, and each old instance's
// exit code and time from SIGTERM to exit. The "keepalive" scenario has no
// rolling restart: keep-alive clients POST writes with ids straight at one
// instance until it exits after SIGTERM, and the drill counts the failures
// on established connections and the writes executed but lost. The "kafka"
// scenario builds example/mq both ways (go-queue v1.2.2 on go-zero for
// stock), starts franz-go's kfake in process, rolling-restarts three
// consumers of one group while ids are pushed through their APIs, and counts
// the ids handled once, twice, never, and after the DB close. Everything
// listens on loopback.
// See docs/benchmarks.md.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// config is the drill's command line.
type config struct {
	Pkg            string
	Instances      int
	Workers        int
	Streams        int
	MaxCalls       int
	Lag            time.Duration
	WrapUpTime     time.Duration
	WaitTime       time.Duration
	InFlight       int
	InFlightSleep  time.Duration
	Throughput     time.Duration
	Rounds         int
	Scenarios      string
	Keep           bool
	ScenarioBudget time.Duration
	Write          string
	KAClients      int
	KARuns         int
	KAWork         time.Duration
	MQPkg          string
	KafkaRuns      int
	KafkaRate      int
}

func parseFlags(args []string, out io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("drill", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.Pkg, "pkg", "./example/service", "the service package, built with and without -tags stock")
	fs.IntVar(&c.Instances, "n", 3, "instances per scenario")
	fs.IntVar(&c.Workers, "workers", 8, "concurrent callers per load")
	fs.IntVar(&c.Streams, "streams", 8, "concurrent endless streams")
	fs.IntVar(&c.MaxCalls, "max-calls", 200000, "bound on the calls of one load")
	fs.DurationVar(&c.Lag, "lag", 2*time.Second, "how long the load balancer (REST, and the L4 proxy of gRPC) keeps sending new connections to an instance after its SIGTERM")
	fs.DurationVar(&c.WrapUpTime, "wrapup", time.Second, "the service's Shutdown.WrapUpTime (go-zero's default)")
	fs.DurationVar(&c.WaitTime, "wait", 5500*time.Millisecond, "the service's Shutdown.WaitTime (go-zero's default)")
	fs.IntVar(&c.InFlight, "inflight", 16, "writes in flight on an instance when it gets SIGTERM")
	fs.DurationVar(&c.InFlightSleep, "inflight-sleep", 1500*time.Millisecond, "work time of the writes in flight")
	fs.DurationVar(&c.Throughput, "throughput", 2*time.Second, "length of one throughput round; 0 skips the comparison")
	fs.IntVar(&c.Rounds, "rounds", 2, "throughput rounds per build, alternating")
	fs.StringVar(&c.Scenarios, "scenarios", strings.Join(scenarioKeys(), ","), "scenarios to run, comma-separated")
	fs.BoolVar(&c.Keep, "keep", false, "keep the temporary directory (binaries, stores, instance logs)")
	fs.DurationVar(&c.ScenarioBudget, "budget", 60*time.Second, "bound on the load of one scenario run")
	fs.StringVar(&c.Write, "write", "", "also write each scenario's table, with this command and the machine, between its markers in this Markdown file (docs/benchmarks.md)")
	fs.IntVar(&c.KAClients, "ka-clients", 300, "keep-alive clients of the keepalive scenario, straight at one instance")
	fs.IntVar(&c.KARuns, "ka-runs", 3, "runs of the keepalive scenario per build")
	fs.DurationVar(&c.KAWork, "ka-work", 0, "work time of one keepalive write; none keeps the connections idle between requests, where a close races the clients")
	fs.StringVar(&c.MQPkg, "mq-pkg", "./example/mq", "the mq service package of the kafka scenario, built with and without -tags stock")
	fs.IntVar(&c.KafkaRuns, "kafka-runs", 3, "runs of the kafka scenario per build")
	fs.IntVar(&c.KafkaRate, "kafka-rate", 50, "ids pushed per second in the kafka scenario")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if c.Instances < 1 || c.Workers < 1 || c.Streams < 1 || c.MaxCalls < 1 || c.Rounds < 1 ||
		c.KAClients < 1 || c.KARuns < 1 || c.KafkaRuns < 1 {
		return c, fmt.Errorf("drill: -n, -workers, -streams, -max-calls, -rounds, -ka-clients, -ka-runs and -kafka-runs must be positive")
	}
	if c.KafkaRate < 1 || c.KafkaRate > 1000 {
		return c, fmt.Errorf("drill: -kafka-rate %d must be between 1 and 1000 ids per second", c.KafkaRate)
	}
	if c.WrapUpTime >= c.WaitTime {
		return c, fmt.Errorf("drill: -wrapup %v must be less than -wait %v", c.WrapUpTime, c.WaitTime)
	}
	return c, nil
}

// run runs the drill and prints the table to stdout, progress to stderr.
func run(args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err == flag.ErrHelp {
		return nil
	}
	if err != nil {
		return err
	}
	scenarios, err := selectScenarios(c.Scenarios)
	if err != nil {
		return err
	}
	d, err := newDrill(c, stderr, scenarios)
	if err != nil {
		return err
	}
	defer d.close()

	start := time.Now()
	rec := newRecord(args, c, start)
	t, err := d.run(scenarios)
	if err != nil {
		return err
	}
	if c.Write != "" {
		if err := rec.write(c.Write, t, d.keys, d.units); err != nil {
			return err
		}
		d.progress("wrote %d scenarios into %s", len(titles(t)), c.Write)
	}
	fmt.Fprintf(stdout, "\ndrill: %d instances, lag %v, WrapUpTime %v, WaitTime %v, %d workers; %s\n\n",
		c.Instances, c.Lag, c.WrapUpTime, c.WaitTime, c.Workers, machine())
	if err := t.Write(stdout); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "total %.1fs\n", time.Since(start).Seconds())
	return nil
}
