package main

import (
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/zerodown/zerodown/core/proc/proctest"
	"github.com/zerodown/zerodown/example/mq/shim"
	"github.com/zerodown/zerodown/example/mq/store"
	"go.uber.org/goleak"
)

// runEnv makes the test binary run main instead of the tests, so that the
// tests can send real signals to a real service process.
const runEnv = "EXAMPLE_MQ_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runEnv) == "1" {
		main()
		os.Exit(0)
	}
	goleak.VerifyTestMain(m, goleak.IgnoreCurrent())
}

// broker starts an in-process Kafka (franz-go's kfake) with topic of parts
// partitions, and returns its address.
func broker(t *testing.T, topic string, parts int32) string {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(parts, topic))
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return strings.Join(c.ListenAddrs(), ",")
}

// An instance is the service running in a child process.
type instance struct {
	*proctest.Process
	base    string // the API's URL
	raceLog string
}

// startInstance runs the service on brokers, its store at path, with more
// flags args, and returns once its API answers GET /ping.
func startInstance(t *testing.T, brokers, topic, path string, args ...string) *instance {
	t.Helper()
	port := freePort(t)
	raceLog := filepath.Join(t.TempDir(), "race")
	cmd := exec.Command(os.Args[0], append([]string{"-name", "smoke", "-brokers", brokers, "-topic", topic,
		"-store", path, "-rest-port", strconv.Itoa(port), "-wrapup", "100ms", "-wait", "5s"}, args...)...)
	// go-zero's gracefulStop reads wrapUpTime without the lock that its
	// Setup writes it under (core/proc/shutdown.go:87 in v1.10.3), a race in
	// every go-zero service; raceReports skips that one on the stock build.
	cmd.Env = append(os.Environ(), runEnv+"=1", "GORACE=exitcode=0 log_path="+raceLog)
	inst := &instance{Process: proctest.StartCommand(t, cmd, ""), base: "http://127.0.0.1:" + strconv.Itoa(port), raceLog: raceLog}
	inst.awaitReady(t)
	return inst
}

// awaitReady polls GET /ping until it answers 200.
func (i *instance) awaitReady(t *testing.T) {
	t.Helper()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	watchdog := time.After(proctest.Watchdog)
	for {
		if resp, err := http.Get(i.base + "/ping"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-tick.C:
		case <-watchdog:
			t.Fatalf("API not ready after %v:\n%s", proctest.Watchdog, i.Output())
		}
	}
}

// push posts each id to the API and requires a 200.
func (i *instance) push(t *testing.T, ids ...string) {
	t.Helper()
	for _, id := range ids {
		resp, err := http.Post(i.base+"/push?id="+id, "text/plain", nil)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, "POST /push?id=%s", id)
	}
}

// awaitRows polls the store until it holds n distinct ids.
func awaitRows(t *testing.T, path string, n int) {
	t.Helper()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	watchdog := time.After(proctest.Watchdog)
	for {
		if len(handled(t, path)) >= n {
			return
		}
		select {
		case <-tick.C:
		case <-watchdog:
			t.Fatalf("%d of %d ids in the store after %v", len(handled(t, path)), n, proctest.Watchdog)
		}
	}
}

// handled returns how many times each id was handled: its rows, late or not.
func handled(t *testing.T, path string) map[string]int {
	t.Helper()
	rows, err := store.ReadRows(path)
	require.NoError(t, err)
	n := make(map[string]int)
	for _, r := range rows {
		n[r.ID]++
	}
	return n
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func ids(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + strconv.Itoa(i+1)
	}
	return out
}

// The service pushes what its API is given, handles each id once, and exits
// 0 at SIGTERM; on either build, with nothing in flight at the signal.
func TestMQ_PushesHandlesThenExitsZeroOnSIGTERM(t *testing.T) {
	topic := "smoke"
	brokers := broker(t, topic, 2)
	path := filepath.Join(t.TempDir(), "db")
	inst := startInstance(t, brokers, topic, path)
	all := ids("id-", 20)
	inst.push(t, all...)
	awaitRows(t, path, len(all))

	inst.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, inst.Wait(t), inst.Output())
	assert.Empty(t, raceReports(t, inst.raceLog), "data races in the service")
	got := handled(t, path)
	for _, id := range all {
		assert.Equal(t, 1, got[id], "%s handled %d times", id, got[id])
	}
	rows, err := store.ReadRows(path)
	require.NoError(t, err)
	for _, r := range rows {
		assert.False(t, r.Late, "%s handled after the store closed", r.ID)
	}
	assert.Contains(t, inst.Output(), "mq ("+shim.Build+" build): 20 handled, 0 of them after the store closed")
}

// goZeroRace marks the race report of go-zero's own gracefulStop.
const goZeroRace = "go-zero/core/proc.gracefulStop()"

// raceReports returns the race reports written under prefix, but, on the
// stock build, go-zero's own: zerodown's proc orders its write before
// go-zero's read, so the zerodown build must have none.
func raceReports(t *testing.T, prefix string) []string {
	t.Helper()
	files, err := filepath.Glob(prefix + ".*")
	require.NoError(t, err)
	var reports []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, r := range strings.Split(string(data), "WARNING: DATA RACE")[1:] {
			if shim.Build != "stock" || !strings.Contains(r, goZeroRace) {
				reports = append(reports, r)
			}
		}
	}
	return reports
}
