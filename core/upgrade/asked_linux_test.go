package upgrade_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zerodown/zerodown/core/proc/proctest"
)

// refused is logged once when the upgrade was asked for but cannot work.
const refused = "in-place upgrade off although Upgrade.Enabled is true"

// TestSIGHUPWithoutUpgrade: a service that did not ask for the upgrade
// keeps go-zero's SIGHUP: its default action ends the process, and no new
// process starts.
func TestSIGHUPWithoutUpgrade(t *testing.T) {
	bin := testsvc(t)
	svc := newService(t)
	svc.off = true
	conf := filepath.Join(t.TempDir(), "svc.yaml")
	svc.write(t, conf)
	f, pid := startFamily(t, bin, conf)
	if got := getPID(t, svc.rest); got != pid {
		t.Fatalf("pid %d answered, want %d", got, pid)
	}

	signal(t, pid, syscall.SIGHUP)
	err := f.cmd.Wait()
	ws, _ := f.cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ws.Signaled() || ws.Signal() != syscall.SIGHUP {
		t.Fatalf("pid %d after SIGHUP: %v, want killed by SIGHUP as on go-zero", pid, err)
	}
	<-f.done
	if n := len(f.pids()); n != 1 {
		t.Errorf("%d processes started, want 1 (no upgrade)", n)
	}
	if n := f.count("upgrade:"); n != 0 {
		t.Errorf("%d upgrade lines logged, want none", n)
	}
}

// TestUpgradeRefusedUnderNohup: asked for, the upgrade still stays off when
// SIGHUP was ignored at start (nohup): it says why once, a hang-up is
// ignored, and the process serves on and stops cleanly.
func TestUpgradeRefusedUnderNohup(t *testing.T) {
	bin := testsvc(t)
	nohup, err := exec.LookPath("nohup")
	if err != nil {
		t.Skipf("no nohup: %v", err)
	}
	svc := newService(t)
	conf := filepath.Join(t.TempDir(), "svc.yaml")
	svc.write(t, conf)
	f, pid := startFamilyCmd(t, exec.Command(nohup, bin, "-f", conf))
	f.await(t, "SIGHUP was ignored when the process started")

	signal(t, pid, syscall.SIGHUP)
	if got := getPID(t, svc.rest); got != pid {
		t.Fatalf("pid %d answered after SIGHUP, want %d", got, pid)
	}
	f.stop(t, pid)
	if n := len(f.pids()); n != 1 {
		t.Errorf("%d processes started, want 1 (no upgrade)", n)
	}
	if n := f.count(refused); n != 1 {
		t.Errorf("%q logged %d times, want once", refused, n)
	}
}

// TestUpgradeRefusedAsPID1: asked for, the upgrade stays off in PID 1 of a
// new PID namespace (unshare --pid --fork), where the kernel would kill the
// new process with the old one: it says why once, and a SIGHUP starts no
// new process but does what it does on go-zero.
func TestUpgradeRefusedAsPID1(t *testing.T) {
	bin := testsvc(t)
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skipf("no unshare: %v", err)
	}
	if out, err := exec.Command(unshare, "--pid", "--fork", "true").CombinedOutput(); err != nil {
		t.Skipf("unshare --pid --fork cannot run here (needs CAP_SYS_ADMIN): %v: %s", err, out)
	}
	svc := newService(t)
	conf := filepath.Join(t.TempDir(), "svc.yaml")
	svc.write(t, conf)
	cmd := exec.Command(unshare, "--pid", "--fork", "--kill-child", bin, "-f", conf)
	p := proctest.StartCommand(t, cmd, "pid 1 ready")
	inner := childOf(t, cmd.Process.Pid)
	if got := getPID(t, svc.rest); got != 1 {
		t.Fatalf("pid %d answered, want 1 (its pid in its namespace)", got)
	}

	// SIGHUP keeps the action it has on go-zero: Go's runtime ends the
	// process (in PID 1 with exit status 2, as the kernel ignores the
	// default action there).
	if err := syscall.Kill(inner, syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	if code := p.Wait(t); code == 0 {
		t.Errorf("exit 0 after SIGHUP, want SIGHUP's default action:\n%s", p.Output())
	}
	out := p.Output()
	if n := strings.Count(out, refused+": this process is PID 1"); n != 1 {
		t.Errorf("the refusal logged %d times, want once:\n%s", n, out)
	}
	if n := strings.Count(out, "starting"); n != 1 {
		t.Errorf("%d processes started, want 1:\n%s", n, out)
	}
}

// childOf returns the pid of the only child of pid, as this namespace sees it.
func childOf(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	if err != nil {
		t.Fatalf("children of %d: %v", pid, err)
	}
	child, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("children of %d: %q", pid, b)
	}
	return child
}

// getPID returns the pid that the REST server on port answers with.
func getPID(t *testing.T, port int) int {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Get(fmt.Sprintf("http://127.0.0.1:%d/pid", port))
	if err != nil {
		t.Fatalf("GET /pid: %v", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(string(b))
	if err != nil {
		t.Fatalf("GET /pid: %q", b)
	}
	return pid
}
