package rest

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

	"github.com/stretchr/testify/require"
)

// subprocess is a scenario of scenario_test.go running in a child process:
// the test binary re-runs itself with scenarioEnv set.
type subprocess struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the output has ended and the process exited

	mu    sync.Mutex // guards following
	lines []string
	marks map[string]chan struct{}
	code  int
}

func startScenario(t *testing.T, name string) *subprocess {
	t.Helper()
	if testing.Short() {
		t.Skip("subprocess test")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	// The race detector sleeps 1s at exit unless told not to.
	cmd.Env = append(os.Environ(), scenarioEnv+"="+name, "GORACE=atexit_sleep_ms=0")
	out, w, err := os.Pipe()
	require.NoError(t, err)
	cmd.Stdout, cmd.Stderr = w, w // logx writes errors to stderr
	p := &subprocess{cmd: cmd, done: make(chan struct{}), marks: map[string]chan struct{}{}}
	require.NoError(t, cmd.Start())
	w.Close()

	exited := make(chan struct{})
	go func() {
		defer close(exited)
		err := cmd.Wait()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			p.mu.Lock()
			p.code = ee.ExitCode()
			p.mu.Unlock()
		}
	}()
	go func() {
		defer close(p.done)
		defer out.Close()
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			p.add(sc.Text())
		}
		<-exited
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
	})
	p.await(t, "ready")
	return p
}

func (p *subprocess) add(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lines = append(p.lines, line)
	if ch, ok := p.marks[line]; ok {
		close(ch)
	}
	p.marks[line] = closedChan
}

var closedChan = func() chan struct{} { ch := make(chan struct{}); close(ch); return ch }()

// await blocks until the process printed line, with a watchdog.
func (p *subprocess) await(t *testing.T, line string) {
	t.Helper()
	p.mu.Lock()
	ch, ok := p.marks[line]
	if !ok {
		ch = make(chan struct{})
		p.marks[line] = ch
	}
	p.mu.Unlock()
	select {
	case <-ch:
	case <-p.done:
		t.Fatalf("process ended without printing %q:\n%s", line, p.output())
	case <-time.After(watchdog):
		t.Fatalf("no %q after %v:\n%s", line, watchdog, p.output())
	}
}

// value returns the rest of the first line that begins with prefix.
func (p *subprocess) value(t *testing.T, prefix string) string {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, l := range p.lines {
		if v, ok := strings.CutPrefix(l, prefix); ok {
			return v
		}
	}
	t.Fatalf("no line begins with %q", prefix)
	return ""
}

func (p *subprocess) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	require.NoError(t, p.cmd.Process.Signal(sig))
}

// wait awaits the exit and returns the exit code.
func (p *subprocess) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(watchdog):
		t.Fatalf("process did not exit after %v:\n%s", watchdog, p.output())
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.code
}

func (p *subprocess) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.lines, "\n")
}

// markers returns the lines that are not logx JSON, in order.
func (p *subprocess) markers() []string {
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
