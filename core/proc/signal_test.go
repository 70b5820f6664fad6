package proc

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// subprocess is a scenario running in a child process.
type subprocess struct {
	cmd   *exec.Cmd
	ready chan struct{}
	done  chan struct{} // closed when the output has ended and the process exited

	mu    sync.Mutex
	lines []string
	marks map[string]chan struct{}
	code  int
	exit  time.Time
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
	p := &subprocess{cmd: cmd, ready: make(chan struct{}), done: make(chan struct{}), marks: map[string]chan struct{}{}}
	require.NoError(t, cmd.Start())
	w.Close()

	exited := make(chan struct{})
	go func() {
		defer close(exited)
		err := cmd.Wait()
		p.mu.Lock()
		defer p.mu.Unlock()
		p.exit = time.Now()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			p.code = ee.ExitCode()
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
	case <-time.After(30 * time.Second):
		t.Fatalf("no %q after 30s:\n%s", line, p.output())
	}
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
	case <-time.After(30 * time.Second):
		t.Fatalf("process did not exit after 30s:\n%s", p.output())
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

func TestSignal_Order(t *testing.T) {
	p := startScenario(t, "order")
	p.signal(t, syscall.SIGTERM)
	require.Equal(t, 0, p.wait(t), p.output())

	got := p.markers()
	before := func(a, b string) {
		t.Helper()
		ia, ib := slices.Index(got, a), slices.Index(got, b)
		require.True(t, ia >= 0 && ib >= 0 && ia < ib, "want %q before %q, got %q", a, b, got)
	}
	before("request done 200", "db close start")
	before("wrap-up done", "go-zero listener")
	before("go-zero listener", "db close start")
	before("db close start", "db close done")
	before("db close done", "main returns")
	runs := slices.DeleteFunc(slices.Clone(got), func(l string) bool { return l != "go-zero listener" })
	assert.Len(t, runs, 1, "go-zero's listener runs once, in our drain phase")
}

func TestSignal_ForceQuitNamesTheStuckListener(t *testing.T) {
	p := startScenario(t, "stuck")
	p.signal(t, syscall.SIGTERM)
	assert.Equal(t, ExitCodeForceQuit, p.wait(t))
	out := p.output()
	assert.Contains(t, out, "force quitting")
	assert.Contains(t, out, "closeDBForever", "the stuck listener must be named")
	assert.Contains(t, out, "scenario_test.go", "the stuck listener's stack must be printed")
}

func TestSignal_SecondSignalExitsAtOnce(t *testing.T) {
	p := startScenario(t, "second-signal")
	p.signal(t, syscall.SIGTERM)
	p.await(t, "wrap-up started")
	p.signal(t, syscall.SIGTERM)
	assert.Equal(t, 128+int(syscall.SIGTERM), p.wait(t))
	assert.Contains(t, p.output(), "again during shutdown")
}

func TestSignal_PanickingListenerDoesNotStopTheRest(t *testing.T) {
	p := startScenario(t, "panic")
	p.signal(t, syscall.SIGINT)
	assert.Equal(t, 0, p.wait(t), p.output())
	assert.Equal(t, []string{"ready", "after panic", "wait: proc: shutdown hook \"github.com/zerodown/zerodown/core/proc.scenarioPanic.func2\": panic: panic: listener bug", "main returns"}, p.markers())
}

func TestSignal_IdleProgramExitsAtOnce(t *testing.T) {
	p := startScenario(t, "idle")
	sent := time.Now()
	p.signal(t, syscall.SIGTERM)
	require.Equal(t, 0, p.wait(t), p.output())
	p.mu.Lock()
	took := p.exit.Sub(sent)
	p.mu.Unlock()
	t.Logf("SIGTERM to exit: %v", took)
	assert.Less(t, took, 2*time.Second, "an idle program has nothing to wait for")
}

func TestSignal_GoZeroTimerActsFirstUnlessDisarmed(t *testing.T) {
	p := startScenario(t, "go-zero-armed")
	p.signal(t, syscall.SIGTERM)
	assert.Equal(t, 128+int(syscall.SIGTERM), p.wait(t),
		"go-zero's self-kill re-sends SIGTERM, which reads as a second signal")
	assert.NotContains(t, p.output(), "db close done")
}

func TestSignal_TerminateWithReasonExitsFatal(t *testing.T) {
	p := startScenario(t, "fatal")
	assert.Equal(t, ExitCodeFatal, p.wait(t), p.output())
	assert.Contains(t, p.output(), "lost the broker")
	assert.Contains(t, p.markers(), "db close done")
	assert.NotContains(t, p.markers(), "main returns", "main must not return, and exit 0, before the fatal exit")
}
