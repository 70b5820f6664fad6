package upgrade_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// service is a testsvc config: its ports and whether it hangs at start.
type service struct {
	rest, rpc int
	hang      bool
	timeout   time.Duration // Upgrade.ReadyTimeout
	off       bool          // no Upgrade.Enabled: the upgrade was not asked for
}

func newService(t *testing.T) service {
	return service{rest: freePort(t), rpc: freePort(t), timeout: 20 * time.Second}
}

// write writes the yaml of s to path, as a deploy rewrites a config.
func (s service) write(t *testing.T, path string) {
	t.Helper()
	yaml := fmt.Sprintf(`Rest:
  Name: upgrade-test
  Host: 127.0.0.1
  Port: %[1]d
  Log: {Encoding: plain, Stat: false}
  Shutdown: {WrapUpTime: 1s, WaitTime: 10s}
  Upgrade: {Enabled: %[5]v, ReadyTimeout: %[2]v}
Rpc:
  Name: upgrade-test-rpc
  ListenOn: 127.0.0.1:%[3]d
  Log: {Encoding: plain, Stat: false}
  Shutdown: {WrapUpTime: 1s, WaitTime: 10s}
  Upgrade: {Enabled: %[5]v, ReadyTimeout: %[2]v}
Hang: %[4]v
`, s.rest, s.timeout, s.rpc, s.hang, !s.off)
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestUpgradeUnderLoad upgrades a REST and a zrpc server three times in a
// row under load: no call fails or is refused, every old process exits 0,
// every new one answers.
func TestUpgradeUnderLoad(t *testing.T) {
	bin := testsvc(t)
	svc := newService(t)
	conf := filepath.Join(t.TempDir(), "svc.yaml")
	svc.write(t, conf)
	f, pid := startFamily(t, bin, conf)
	l := startLoad(t, svc.rest, svc.rpc)
	l.served(t, pid, 50)

	for i := range 3 {
		next, took := f.upgrade(t, pid)
		if code := f.wait(t, pid); code != 0 {
			t.Fatalf("upgrade %d: old pid %d exited %d, want 0", i+1, pid, code)
		}
		l.served(t, next, 50)
		t.Logf("upgrade %d: pid %d -> %d, ready %v after SIGHUP", i+1, pid, next, took.Round(time.Millisecond))
		pid = next
	}
	l.check(t)
	if n := f.count("shutting down without propagation delay"); n != 3 {
		t.Errorf("%d hand-overs logged, want 3", n)
	}
	if n := f.count(": ready after "); n != 3 {
		t.Errorf("%d ready upgrades in the shutdown reports, want 3", n)
	}
	if n := f.count("asked for WrapUpTime"); n != 0 {
		t.Errorf("%d false conf errors logged at the hand-overs, want none", n)
	}
	f.stop(t, pid)
}

// TestUpgradeFailsSafely: a new binary whose config does not load, then one
// that is never ready, leave the old process serving with no call lost; two
// SIGHUPs in a row then start one upgrade, which succeeds.
func TestUpgradeFailsSafely(t *testing.T) {
	bin := testsvc(t)
	svc := newService(t)
	svc.timeout = 3 * time.Second
	conf := filepath.Join(t.TempDir(), "svc.yaml")
	svc.write(t, conf)
	f, pid := startFamily(t, bin, conf)
	l := startLoad(t, svc.rest, svc.rpc)
	l.served(t, pid, 50)
	failed := fmt.Sprintf("upgrade: failed, pid %d keeps serving", pid)

	if err := os.WriteFile(conf, []byte("Rest: [broken"), 0o600); err != nil {
		t.Fatal(err)
	}
	signal(t, pid, syscall.SIGHUP)
	t.Logf("broken config: %s", f.await(t, failed))
	l.served(t, pid, 50)

	hang := svc
	hang.hang = true
	hang.write(t, conf)
	signal(t, pid, syscall.SIGHUP)
	f.await(t, "timed out")
	if n := f.count(failed); n != 2 {
		t.Fatalf("%d failed upgrades logged, want 2", n)
	}
	l.served(t, pid, 50)

	svc.write(t, conf)
	before := len(f.pids())
	signal(t, pid, syscall.SIGHUP)
	signal(t, pid, syscall.SIGHUP)
	f.await(t, fmt.Sprintf("taking over from pid %d", pid))
	if code := f.wait(t, pid); code != 0 {
		t.Fatalf("old pid %d exited %d, want 0", pid, code)
	}
	if n := len(f.pids()) - before; n != 1 {
		t.Fatalf("two SIGHUPs started %d processes, want 1", n)
	}
	if n := f.count(": failed after "); n != 2 {
		t.Errorf("%d failed upgrades in the shutdown report of pid %d, want 2", n, pid)
	}
	next := f.pids()[before]
	l.served(t, next, 50)
	l.check(t)
	f.stop(t, next)
}

// TestSIGTERMDuringUpgrade: SIGTERM while the new process starts kills the
// new process and stops the old one cleanly.
func TestSIGTERMDuringUpgrade(t *testing.T) {
	bin := testsvc(t)
	svc := newService(t)
	conf := filepath.Join(t.TempDir(), "svc.yaml")
	svc.write(t, conf)
	f, pid := startFamily(t, bin, conf)

	hang := svc
	hang.hang = true
	hang.write(t, conf)
	signal(t, pid, syscall.SIGHUP)
	var child int
	f.awaitFunc(t, "a new pid starting", func(l string) bool {
		_, err := fmt.Sscanf(l, "pid %d starting", &child)
		return err == nil && child != pid
	})
	f.stop(t, pid)
	f.await(t, "upgrade: failed")
	if ws, err := reap(t, child); err == nil && !ws.Signaled() {
		t.Errorf("new pid %d ended with %v, want killed", child, ws)
	}
	if err := syscall.Kill(child, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("new pid %d still there after the old one stopped: %v", child, err)
	}
}
