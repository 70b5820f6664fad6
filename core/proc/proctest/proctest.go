// Package proctest runs a scenario of a test in a child process, so that the
// test can send it real signals and read its real exit code and output.
//
// The child is the test binary itself, run with an environment variable that
// its TestMain reads to run the scenario instead of the tests:
//
//	func TestMain(m *testing.M) {
//		if name := os.Getenv(scenarioEnv); name != "" {
//			os.Exit(runScenario(name))
//		}
//		goleak.VerifyTestMain(m)
//	}
//
// proctest imports nothing of zerodown, so the internal tests of any package,
// core/proc's included, can use it.
package proctest

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Watchdog bounds every wait of a Process; no scenario should come near it.
const Watchdog = 30 * time.Second

// A Process is a scenario running in a child process. Its methods are safe
// for concurrent use.
type Process struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the output has ended and the process exited

	mu      sync.Mutex // guards following
	lines   []string
	changed chan struct{} // closed, and replaced, at every new line
	code    int
	exited  time.Time
}

// Pid returns the process id of the child.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Start runs the test binary with env ("NAME=scenario") set, and, if ready is
// not empty, waits until the child prints the line ready. Output on stdout
// and stderr is collected line by line. The child is killed, if still
// running, when the test ends. In -short mode the test is skipped.
func Start(t testing.TB, env, ready string) *Process {
	t.Helper()
	if testing.Short() {
		t.Skip("subprocess test")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), env)
	return StartCommand(t, cmd, ready)
}

// StartCommand runs cmd, a program of the test's choosing (a built service),
// as [Start] runs a scenario: output collected line by line, killed when the
// test ends, and, if ready is not empty, awaited until it prints ready.
func StartCommand(t testing.TB, cmd *exec.Cmd, ready string) *Process {
	t.Helper()
	// The race detector sleeps 1s at exit unless told not to.
	cmd.Env = append(cmd.Environ(), "GORACE=atexit_sleep_ms=0")
	out, w, err := os.Pipe()
	if err != nil {
		t.Fatalf("pipe: %v", err)
	}
	cmd.Stdout, cmd.Stderr = w, w // logx writes errors to stderr
	p := &Process{cmd: cmd, done: make(chan struct{}), changed: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", cmd, err)
	}
	_ = w.Close()

	exited := make(chan struct{})
	go p.wait(exited)
	go p.read(out, exited)
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
	})
	if ready != "" {
		p.Await(t, ready)
	}
	return p
}

func (p *Process) wait(exited chan<- struct{}) {
	defer close(exited)
	err := p.cmd.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.exited = time.Now()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		p.code = ee.ExitCode()
	}
}

func (p *Process) read(out *os.File, exited <-chan struct{}) {
	defer close(p.done)
	defer out.Close()
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		p.mu.Lock()
		p.lines = append(p.lines, sc.Text())
		close(p.changed)
		p.changed = make(chan struct{})
		p.mu.Unlock()
	}
	<-exited
}

// Await blocks until the child has printed line, and fails the test if the
// child ends first or after [Watchdog].
func (p *Process) Await(t testing.TB, line string) {
	t.Helper()
	p.AwaitFunc(t, line, func(l string) bool { return l == line })
}

// AwaitPrefix blocks until the child has printed a line that begins with
// prefix, and returns that line; see [Process.Await].
func (p *Process) AwaitPrefix(t testing.TB, prefix string) string {
	t.Helper()
	return p.AwaitFunc(t, prefix, func(l string) bool { return strings.HasPrefix(l, prefix) })
}

// AwaitFunc blocks until the child has printed a line for which match is
// true, and returns it; what names the awaited line in a failure.
func (p *Process) AwaitFunc(t testing.TB, what string, match func(string) bool) string {
	t.Helper()
	timeout := time.After(Watchdog)
	for seen := 0; ; {
		p.mu.Lock()
		lines, changed := p.lines, p.changed
		p.mu.Unlock()
		for ; seen < len(lines); seen++ {
			if match(lines[seen]) {
				return lines[seen]
			}
		}
		select {
		case <-changed:
		case <-p.done:
			if p.lineCount() == seen {
				t.Fatalf("process ended without printing %q:\n%s", what, p.Output())
			}
		case <-timeout:
			t.Fatalf("no %q after %v:\n%s", what, Watchdog, p.Output())
		}
	}
}

func (p *Process) lineCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.lines)
}

// Signal sends sig to the child.
func (p *Process) Signal(t testing.TB, sig syscall.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal %v: %v", sig, err)
	}
}

// Wait awaits the child's exit and its output's end, and returns its exit
// code (-1 if a signal killed it).
func (p *Process) Wait(t testing.TB) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(Watchdog):
		t.Fatalf("process did not exit after %v:\n%s", Watchdog, p.Output())
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.code
}

// Exited returns when the child exited, or the zero time if it has not.
func (p *Process) Exited() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.exited
}

// Output returns what the child has printed so far.
func (p *Process) Output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.lines, "\n")
}

// Markers returns the lines that are not logx JSON entries, in order: what
// a scenario printed itself.
func (p *Process) Markers() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, l := range p.lines {
		if !strings.HasPrefix(l, "{") {
			out = append(out, l)
		}
	}
	return out
}
