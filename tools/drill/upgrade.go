package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/zerodown/zerodown/tools/drill/internal/fleet"
	"github.com/zerodown/zerodown/tools/drill/internal/load"
	"github.com/zerodown/zerodown/tools/drill/internal/table"
	"github.com/zerodown/zerodown/tools/drill/internal/timeline"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	testpb "google.golang.org/grpc/interop/grpc_testing"
)

const (
	// upgrades is how many restarts the "in-place upgrade" scenario makes.
	upgrades = 3
	// upgradeSteady is the load time before the first restart and after each.
	upgradeSteady = time.Second
	// upgradeWork is the work time of each write of the scenario's load.
	upgradeWork = 20 * time.Millisecond
)

// upgradeRun runs the "in-place upgrade" scenario on b: one instance, no
// load balancer, mixed load straight at it, restarted 3 times in a row. The
// zerodown build upgrades in place at SIGHUP; the stock build is restarted
// as without it: SIGTERM, wait for the exit, start again on the same ports.
func (d *drill) upgradeRun(sc scenario, b build) (*result, error) {
	dir := filepath.Join(d.dir, b.name+"-"+sc.key)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	spec := fleet.Spec{Bin: b.bin, Dir: dir, WrapUpTime: d.conf.WrapUpTime, WaitTime: d.conf.WaitTime}
	inPlace := b.name != "stock"
	pidFile := filepath.Join(dir, "service.pid")
	if inPlace {
		if err := adoptOrphans(); err != nil {
			return nil, fmt.Errorf("in-place upgrade: %w", err)
		}
		spec.Args = []string{"-upgrade", "-pidfile", pidFile}
	}
	inst, err := fleet.Start(spec, "i0")
	if err != nil {
		return nil, err
	}
	spec.RestPort, spec.RpcPort = port(inst.RestAddr), port(inst.RpcAddr)
	res := new(result)
	loops, closeLoad, err := upgradeLoad(d.conf, inst, res)
	if err != nil {
		stopAll([]*fleet.Instance{inst})
		return nil, err
	}
	wait(time.Now().Add(upgradeSteady))

	g := generation{inst: inst, pid: inst.Pid()}
	for range upgrades {
		var next generation
		var exit fleet.Exit
		var ready time.Duration
		if inPlace {
			next, ready, exit, err = upgradeInPlace(g, pidFile, d.conf.WaitTime, res.timeline)
		} else {
			next, ready, exit, err = killAndStart(g, spec, d.conf.WaitTime, res.timeline)
		}
		if err != nil {
			stopLoops(loops)
			closeLoad()
			g.kill()
			return nil, err
		}
		d.progress("%-9s %-8s pid %d -> %d, serving again %v after the signal, old exit %d",
			sc.key, b.name, g.pid, next.pid, ready.Round(time.Millisecond), exit.Code)
		res.exits, res.ready = append(res.exits, exit), append(res.ready, ready)
		g = next
		wait(time.Now().Add(upgradeSteady))
	}
	stopLoops(loops)
	closeLoad()
	g.stop(d.conf.WaitTime)
	if res.found, err = readStores(dir); err != nil {
		return nil, err
	}
	return res, nil
}

// upgradeLoad starts REST writes on new and on keep-alive connections, gRPC
// unary writes, and endless gRPC streams, all straight at inst's ports.
func upgradeLoad(c config, inst *fleet.Instance, res *result) ([]*load.Loop, func(), error) {
	conn, err := grpc.NewClient(inst.RpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, nil, err
	}
	client := testpb.NewTestServiceClient(conn)
	keepAlive := &http.Client{Timeout: load.CallTimeout}
	base := "http://" + inst.RestAddr
	streams := load.New()
	loops := []*load.Loop{
		load.New().Run(c.Workers, c.MaxCalls,
			load.REST(load.NewHTTPClient(), base, "n", upgradeWork, res.load("REST, new connections"))),
		load.New().Run(c.Workers, c.MaxCalls,
			load.REST(keepAlive, base, "k", upgradeWork, res.load("REST, keep-alive"))),
		load.New().Run(c.Workers, c.MaxCalls, load.Unary(client, "g", upgradeWork, res.load("gRPC unary"))),
		streams.Run(c.Streams, c.MaxCalls, load.Stream(client, streamInterval, streams.Stopping(), &res.streams)),
	}
	return loops, func() { keepAlive.CloseIdleConnections(); _ = conn.Close() }, nil
}

// A generation is one process of the service: the drill's own child, or a
// process that an in-place upgrade started (inst nil).
type generation struct {
	inst *fleet.Instance
	pid  int
}

// upgradeInPlace sends SIGHUP to g and returns the new process once the pid
// file names it (it writes it when ready), how long that took, and g's exit.
func upgradeInPlace(g generation, pidFile string, waitTime time.Duration, tl *timeline.Timeline) (generation, time.Duration, fleet.Exit, error) {
	start := time.Now()
	tl.Mark("HUP")
	if err := g.signal(syscall.SIGHUP); err != nil {
		return generation{}, 0, fleet.Exit{}, err
	}
	ticker := time.NewTicker(2 * time.Millisecond)
	defer ticker.Stop()
	deadline := start.Add(30 * time.Second)
	for {
		data, _ := os.ReadFile(pidFile)
		if pid, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil && pid != g.pid {
			ready := time.Since(start)
			exit := g.wait(start, waitTime+exitGrace)
			return generation{pid: pid}, ready, exit, nil
		}
		if time.Now().After(deadline) {
			return generation{}, 0, fleet.Exit{}, fmt.Errorf("no new pid in %s 30s after SIGHUP to %d", pidFile, g.pid)
		}
		<-ticker.C
	}
}

// killAndStart restarts g as without an in-place upgrade: SIGTERM, wait for
// the exit, start again on the same ports. It returns the time from SIGTERM
// until the new process answers.
func killAndStart(g generation, spec fleet.Spec, waitTime time.Duration, tl *timeline.Timeline) (generation, time.Duration, fleet.Exit, error) {
	start := time.Now()
	tl.Mark("TERM")
	if err := g.signal(syscall.SIGTERM); err != nil {
		return generation{}, 0, fleet.Exit{}, err
	}
	exit := g.wait(start, waitTime+exitGrace)
	inst, err := fleet.Start(spec, "i0")
	if err != nil {
		return generation{}, 0, exit, err
	}
	return generation{inst: inst, pid: inst.Pid()}, time.Since(start), exit, nil
}

func (g generation) signal(sig syscall.Signal) error {
	if g.inst != nil {
		return g.inst.Signal(sig)
	}
	return syscall.Kill(g.pid, sig)
}

// wait waits for g to exit, SIGKILLs it after timeout, and reports how it
// exited, counting from signalled.
func (g generation) wait(signalled time.Time, timeout time.Duration) fleet.Exit {
	if g.inst != nil {
		return g.inst.Wait(timeout)
	}
	code, killed := reap(g.pid, timeout)
	return fleet.Exit{Name: "pid " + strconv.Itoa(g.pid), Code: code, After: time.Since(signalled), Killed: killed}
}

// stop sends SIGTERM to g and waits for it.
func (g generation) stop(waitTime time.Duration) {
	start := time.Now()
	if g.signal(syscall.SIGTERM) == nil {
		g.wait(start, waitTime+exitGrace)
	}
}

// kill ends g at once.
func (g generation) kill() {
	if g.signal(syscall.SIGKILL) == nil {
		g.wait(time.Now(), exitGrace)
	}
}

func port(addr string) int {
	_, p, _ := strings.Cut(addr, ":")
	n, _ := strconv.Atoi(p)
	return n
}

// upgradeRows adds the calls, the stream ends and the time until the
// service served again after each restart.
func upgradeRows(t *table.Table, title string, a, b *result) {
	callRows(t, title, a, b)
	streamRows(t, title, a, b)
	t.Add(title, "signal→new process ready, each", table.Text(durations(a.ready)), table.Text(durations(b.ready)))
}

func durations(ds []time.Duration) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprintf("%.2fs", d.Seconds())
	}
	return strings.Join(parts, " ")
}
