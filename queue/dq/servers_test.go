package dq

import (
	"bufio"
	"errors"
	"net"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/beanstalkd/go-beanstalk"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/stores/redis"

	"github.com/zerodown/zerodown/core/proc/proctest"
)

// bindRE is the line beanstalkd -V prints once it listens.
var bindRE = regexp.MustCompile(`^bind \d+ (127\.0\.0\.1:\d+)$`)

// startBeanstalkd starts a real beanstalkd on a loopback port of its
// choosing (-p 0; it says which), killed when the test ends, and returns its
// address. Without beanstalkd the test is skipped, saying so.
func startBeanstalkd(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("beanstalkd")
	if err != nil {
		t.Skip("SKIPPED, NOT PASSED: beanstalkd not installed (Debian: apt-get install beanstalkd; .ci/run does)")
	}
	cmd := exec.Command(path, "-V", "-l", "127.0.0.1", "-p", "0")
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start())
	addr := make(chan string, 1)
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := bindRE.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-drained
		_ = cmd.Wait()
	})
	select {
	case a := <-addr:
		// beanstalkd says "bind" before it calls listen
		await(t, "beanstalkd listening", func() bool {
			c, err := net.Dial("tcp", a)
			if err == nil {
				_ = c.Close()
			}
			return err == nil
		})
		return a
	case <-drained:
		t.Fatal("beanstalkd ended without listening")
	case <-time.After(proctest.Watchdog):
		t.Fatal("beanstalkd did not say where it listens")
	}
	return ""
}

// startRedis starts a miniredis and returns it with the conf to reach it.
func startRedis(t *testing.T) (*miniredis.Miniredis, redis.RedisConf) {
	t.Helper()
	m := miniredis.RunT(t)
	return m, redis.RedisConf{Host: m.Addr(), Type: redis.NodeType, NonBlock: true}
}

// dialTest connects to a beanstalkd for the test's own look at it.
func dialTest(t *testing.T, addr string) *beanstalk.Conn {
	t.Helper()
	conn, err := beanstalk.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// put puts body, wrapped as the producer does, on tube, ready now.
func put(t *testing.T, conn *beanstalk.Conn, tube, body string) uint64 {
	t.Helper()
	id, err := (&beanstalk.Tube{Conn: conn, Name: tube}).Put(wrap([]byte(body), time.Now()), PriNormal, 0, time.Minute)
	require.NoError(t, err)
	return id
}

// jobState returns the state of job id ("ready", "reserved", "delayed",
// "buried"), or "gone" if beanstalkd has no such job.
func jobState(t *testing.T, conn *beanstalk.Conn, id uint64) string {
	t.Helper()
	stats, err := conn.StatsJob(id)
	if errors.Is(err, beanstalk.ErrNotFound) {
		return "gone"
	}
	require.NoError(t, err)
	return stats["state"]
}

// tubeStat returns one figure of stats-tube, 0 for a tube that does not exist.
func tubeStat(t *testing.T, conn *beanstalk.Conn, tube, key string) int {
	t.Helper()
	stats, err := (&beanstalk.Tube{Conn: conn, Name: tube}).Stats()
	if errors.Is(err, beanstalk.ErrNotFound) {
		return 0
	}
	require.NoError(t, err)
	n, err := strconv.Atoi(stats[key])
	require.NoError(t, err)
	return n
}

// jobsIn returns how many jobs tube holds, in every state.
func jobsIn(t *testing.T, conn *beanstalk.Conn, tube string) int {
	t.Helper()
	n := 0
	for _, k := range []string{"current-jobs-ready", "current-jobs-reserved", "current-jobs-delayed", "current-jobs-buried"} {
		n += tubeStat(t, conn, tube, k)
	}
	return n
}

// await polls cond until it holds (a watchdog fails the test after
// proctest.Watchdog): for states only beanstalkd can tell, such as a
// consumer waiting in a Reserve.
func await(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(proctest.Watchdog)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s after %v", what, proctest.Watchdog)
		}
		<-tick.C
	}
}
