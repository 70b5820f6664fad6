package upgrade_test

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// watchdog bounds every wait of a family; no step should come near it.
const watchdog = 60 * time.Second

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// testsvc builds internal/testsvc once per test binary with go build, as a
// user builds the binary that is upgraded, and returns its path.
func testsvc(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("subprocess test")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "upgrade-test")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "testsvc")
		out, err := exec.Command("go", "build", "-o", binPath, "./internal/testsvc").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// subreaper makes this process the parent of the orphans of its
// descendants, so that a test can read the exit code of every generation:
// each old process is the parent of the next one, and exits first.
var subreaper = sync.OnceValue(func() error {
	const prSetChildSubreaper = 36
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); errno != 0 {
		return errno
	}
	return nil
})

// A family is testsvc and its successors, writing to one output.
type family struct {
	cmd  *exec.Cmd
	done chan struct{} // output ended: every process of the family has exited

	mu      sync.Mutex // guards following
	lines   []string
	changed chan struct{}
}

// startFamily runs bin -f conf and waits until it says it is ready; it
// returns the family and the first pid. Every process left at the end of
// the test is killed.
func startFamily(t *testing.T, bin, conf string) (*family, int) {
	t.Helper()
	return startFamilyCmd(t, exec.Command(bin, "-f", conf))
}

// startFamilyCmd is startFamily for a command that runs testsvc in its own
// process (nohup, which execs it).
func startFamilyCmd(t *testing.T, cmd *exec.Cmd) (*family, int) {
	t.Helper()
	if err := subreaper(); err != nil {
		t.Fatalf("prctl(PR_SET_CHILD_SUBREAPER): %v", err)
	}
	out, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = w, w
	f := &family{cmd: cmd, done: make(chan struct{}), changed: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	_ = w.Close()
	go f.read(out)
	t.Cleanup(func() {
		for _, pid := range f.pids() {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		<-f.done
		for _, pid := range f.pids() {
			var ws syscall.WaitStatus
			_, _ = syscall.Wait4(pid, &ws, syscall.WNOHANG, nil)
		}
		if t.Failed() {
			t.Logf("output:\n%s", f.output())
		}
	})
	pid := cmd.Process.Pid
	f.await(t, fmt.Sprintf("pid %d ready", pid))
	return f, pid
}

func (f *family) read(out *os.File) {
	defer close(f.done)
	defer out.Close()
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f.mu.Lock()
		f.lines = append(f.lines, sc.Text())
		close(f.changed)
		f.changed = make(chan struct{})
		f.mu.Unlock()
	}
}

// await blocks until a line contains s and returns the line.
func (f *family) await(t *testing.T, s string) string {
	t.Helper()
	return f.awaitFunc(t, s, func(l string) bool { return strings.Contains(l, s) })
}

// awaitFunc blocks until a line matches and returns it; what names it.
func (f *family) awaitFunc(t *testing.T, what string, match func(string) bool) string {
	t.Helper()
	timeout := time.After(watchdog)
	for seen := 0; ; {
		f.mu.Lock()
		lines, changed := f.lines, f.changed
		f.mu.Unlock()
		for ; seen < len(lines); seen++ {
			if match(lines[seen]) {
				return lines[seen]
			}
		}
		select {
		case <-changed:
		case <-f.done:
			t.Fatalf("output ended without %q", what)
		case <-timeout:
			t.Fatalf("no %q after %v", what, watchdog)
		}
	}
}

// count returns how many lines contain s.
func (f *family) count(s string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, l := range f.lines {
		if strings.Contains(l, s) {
			n++
		}
	}
	return n
}

// pids returns the pid of every process that said it was starting.
func (f *family) pids() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	var pids []int
	for _, l := range f.lines {
		var pid int
		if _, err := fmt.Sscanf(l, "pid %d starting", &pid); err == nil {
			pids = append(pids, pid)
		}
	}
	return pids
}

func (f *family) output() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.lines, "\n")
}

// upgrade sends SIGHUP to pid and returns the pid of the process that then
// says it is ready, and how long that took.
func (f *family) upgrade(t *testing.T, pid int) (int, time.Duration) {
	t.Helper()
	before := len(f.pids())
	start := time.Now()
	signal(t, pid, syscall.SIGHUP)
	f.await(t, fmt.Sprintf("taking over from pid %d", pid))
	pids := f.pids()
	if len(pids) != before+1 {
		t.Fatalf("%d processes started by one SIGHUP, want 1", len(pids)-before)
	}
	return pids[len(pids)-1], time.Since(start)
}

// wait returns the exit code of pid, a child of this process or an orphan
// that it adopted; -1 if a signal killed it.
func (f *family) wait(t *testing.T, pid int) int {
	t.Helper()
	if pid == f.cmd.Process.Pid {
		err := f.cmd.Wait()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		return 0
	}
	ws, err := reap(t, pid)
	if err != nil {
		t.Fatalf("wait for pid %d: %v", pid, err)
	}
	return ws.ExitStatus()
}

// reap waits for pid, a child or an adopted orphan, to exit.
func reap(t *testing.T, pid int) (syscall.WaitStatus, error) {
	t.Helper()
	type result struct {
		ws  syscall.WaitStatus
		err error
	}
	ch := make(chan result, 1)
	go func() {
		var r result
		for {
			_, r.err = syscall.Wait4(pid, &r.ws, 0, nil)
			if !errors.Is(r.err, syscall.EINTR) {
				break
			}
		}
		ch <- r
	}()
	select {
	case r := <-ch:
		return r.ws, r.err
	case <-time.After(watchdog):
		t.Fatalf("pid %d did not exit after %v", pid, watchdog)
		return 0, nil
	}
}

// stop sends SIGTERM to pid and fails t unless it exits 0.
func (f *family) stop(t *testing.T, pid int) {
	t.Helper()
	signal(t, pid, syscall.SIGTERM)
	if code := f.wait(t, pid); code != 0 {
		t.Fatalf("pid %d exited %d after SIGTERM, want 0", pid, code)
	}
}

func signal(t *testing.T, pid int, sig syscall.Signal) {
	t.Helper()
	if err := syscall.Kill(pid, sig); err != nil {
		t.Fatalf("kill -%v %d: %v", sig, pid, err)
	}
}

// freePort returns a loopback port that nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
