package dq

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/logx"
	"github.com/zeromicro/go-zero/core/stores/redis"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/proc/proctest"
	"github.com/zerodown/zerodown/core/report"
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

// fakeDB is the store of a consumer: it appends what the handlers do to a
// file shared by the consumers of a test, one line per event with its time:
// "start BODY NANOS", "done BODY NANOS", "after-close BODY NANOS",
// "close NAME NANOS", "t0 NAME NANOS".
type fakeDB struct {
	mu     sync.Mutex
	f      *os.File
	closed bool
}

func (db *fakeDB) write(format string, args ...any) {
	db.mu.Lock()
	defer db.mu.Unlock()
	_, _ = fmt.Fprintf(db.f, format+" %d\n", append(args, time.Now().UnixNano())...)
}

// scenarioConsumer runs a dq consumer named DQ_NAME on the process's
// registry (real signals) of DQ_ENDPOINT's tube DQ_TUBE, handling each job
// in DQ_HANDLE_MS; a job "hang" never returns. When Consume returns it
// prints each hook of the shutdown report: "hook PHASE NAME DURATION OUTCOME".
func scenarioConsumer() int {
	name := os.Getenv("DQ_NAME")
	f, err := os.OpenFile(os.Getenv("DQ_DB"), os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		fmt.Println(err)
		return 2
	}
	db := &fakeDB{f: f}
	handleFor, _ := strconv.Atoi(os.Getenv("DQ_HANDLE_MS"))
	wait, _ := time.ParseDuration(os.Getenv("DQ_WAIT"))
	logx.MustSetup(logx.LogConf{Level: "info", Encoding: "plain"})
	proc.Setup(proc.ShutdownConf{WrapUpTime: 100 * time.Millisecond, WaitTime: wait})
	rec := report.Install(report.Conf{})
	proc.AddShutdownListener(func() {
		db.mu.Lock()
		db.closed = true
		db.mu.Unlock()
		db.write("close %s", name)
		fmt.Println("db closed")
	})
	go func() {
		<-proc.Done()
		db.write("t0 %s", name)
	}()
	c := NewConsumer(DqConf{
		Beanstalks: []Beanstalk{{Endpoint: os.Getenv("DQ_ENDPOINT"), Tube: os.Getenv("DQ_TUBE")}},
		Redis:      redis.RedisConf{Host: os.Getenv("DQ_REDIS"), Type: redis.NodeType, NonBlock: true},
	})
	fmt.Println("ready")
	c.Consume(func(body []byte) {
		value := string(body)
		db.write("start %s", value)
		fmt.Println("start", value)
		if value == "hang" {
			select {}
		}
		time.Sleep(time.Duration(handleFor) * time.Millisecond) // the work
		db.mu.Lock()
		closed := db.closed
		db.mu.Unlock()
		if closed {
			db.write("after-close %s", value)
		}
		db.write("done %s", value)
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

type event struct {
	kind, arg string
	at        int64
}

// events reads the store's file.
func events(t *testing.T, path string) []event {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var evs []event
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		fields := strings.Fields(line)
		if len(fields) != 3 {
			continue
		}
		at, err := strconv.ParseInt(fields[2], 10, 64)
		require.NoError(t, err, line)
		evs = append(evs, event{fields[0], fields[1], at})
	}
	return evs
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
