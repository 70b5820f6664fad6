package dq

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/stores/redis"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/proc/proctest"
	"github.com/zerodown/zerodown/core/report"
	"github.com/zerodown/zerodown/queue/internal/handlelog"
)

// scenarioEnv names the scenario a subprocess of a test runs.
const scenarioEnv = "DQ_TEST_SCENARIO"

var scenarios = map[string]func() int{
	"consumer": scenarioConsumer,
}

func runScenario(name string) int {
	run, ok := scenarios[name]
	if !ok {
		fmt.Println("unknown scenario", name)
		return 2
	}
	return run()
}

// scenarioConsumer runs a dq consumer named DQ_NAME on the process's
// registry (real signals) of DQ_ENDPOINT's tube DQ_TUBE, handling each job
// in DQ_HANDLE_MS; a job "hang" never returns. When Consume returns it
// prints each hook of the shutdown report: "hook PHASE NAME DURATION OUTCOME".
func scenarioConsumer() int {
	name := os.Getenv("DQ_NAME")
	db, err := handlelog.Open(os.Getenv("DQ_DB"), name)
	if err != nil {
		fmt.Println(err)
		return 2
	}
	handleFor, _ := strconv.Atoi(os.Getenv("DQ_HANDLE_MS"))
	wait, _ := time.ParseDuration(os.Getenv("DQ_WAIT"))
	logx.MustSetup(logx.LogConf{Level: "info", Encoding: "plain"})
	proc.Setup(proc.ShutdownConf{WrapUpTime: 100 * time.Millisecond, WaitTime: wait})
	rec := report.Install(report.Conf{})
	proc.AddShutdownListener(db.Close)
	db.NoteT0(proc.Done())
	c := NewConsumer(DqConf{
		Beanstalks: []Beanstalk{{Endpoint: os.Getenv("DQ_ENDPOINT"), Tube: os.Getenv("DQ_TUBE")}},
		Redis:      redis.RedisConf{Host: os.Getenv("DQ_REDIS"), Type: redis.NodeType, NonBlock: true},
	})
	fmt.Println("ready")
	c.Consume(func(body []byte) {
		value := string(body)
		db.Handle(value, time.Duration(handleFor)*time.Millisecond)
	})
	fmt.Println("consume returned")
	if rep, ok := rec.Last(); ok {
		for _, h := range rep.Hooks {
			fmt.Printf("hook %s %s %s %s\n", h.Phase, strings.ReplaceAll(h.Name, " ", "_"), h.Duration, h.Outcome)
		}
		fmt.Println("report", rep.Outcome)
		fmt.Println("shutdown took", rep.Duration)
	}
	return 0
}

type consumerEnv struct {
	endpoint, tube, redis, db string
	handleMS                  int
	wait                      time.Duration
}

func startConsumer(t *testing.T, e consumerEnv, name string) *proctest.Process {
	t.Helper()
	if testing.Short() {
		t.Skip("subprocess test")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	wait := e.wait
	if wait == 0 {
		wait = 10 * time.Second
	}
	cmd.Env = append(os.Environ(), scenarioEnv+"=consumer", "DQ_NAME="+name, "DQ_ENDPOINT="+e.endpoint,
		"DQ_TUBE="+e.tube, "DQ_REDIS="+e.redis, "DQ_DB="+e.db, "DQ_HANDLE_MS="+strconv.Itoa(e.handleMS),
		"DQ_WAIT="+wait.String())
	return proctest.StartCommand(t, cmd, "ready")
}

// reportedHook returns the duration and outcome of the hook named name
// (spaces as _) that the scenario printed from its shutdown report.
func reportedHook(t *testing.T, p *proctest.Process, phase, name string) (time.Duration, string) {
	t.Helper()
	prefix := "hook " + phase + " " + strings.ReplaceAll(name, " ", "_") + " "
	for _, l := range p.Markers() {
		if rest, ok := strings.CutPrefix(l, prefix); ok {
			durText, outcome, _ := strings.Cut(rest, " ")
			d, err := time.ParseDuration(durText)
			require.NoError(t, err, l)
			return d, outcome
		}
	}
	t.Fatalf("no %s hook %q in the report:\n%s", phase, name, p.Output())
	return 0, ""
}
