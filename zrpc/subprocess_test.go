package zrpc

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// scenarioEnv names the scenario a subprocess of a test runs.
const scenarioEnv = "ZRPC_TEST_SCENARIO"

// scenarios are run by TestMain in a subprocess; each returns the exit code.
var scenarios = map[string]func() int{
	"sigterm": scenarioSigterm,
	"rolling": scenarioRolling,
	"streams": scenarioStreams,
}

// runScenario runs the named scenario in this process and returns its exit code.
func runScenario(name string) int {
	run, ok := scenarios[name]
	if !ok {
		fmt.Println("unknown scenario", name)
		return 2
	}
	return run()
}

// A subprocess is the test binary running a scenario.
type subprocess struct {
	cmd   *exec.Cmd
	lines chan string   // every line of its output, closed at its end
	done  chan struct{} // closed when it has exited

	mu     sync.Mutex // guards following
	output []string
	code   int
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
	cmd.Stdout, cmd.Stderr = w, w
	require.NoError(t, cmd.Start())
	_ = w.Close()
	p := &subprocess{cmd: cmd, lines: make(chan string, 1<<12), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		defer close(p.lines)
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			p.mu.Lock()
			p.output = append(p.output, sc.Text())
			p.mu.Unlock()
			select {
			case p.lines <- sc.Text():
			default: // nobody awaits this many lines
			}
		}
		_ = out.Close()
		err := cmd.Wait()
		var ee *exec.ExitError
		p.mu.Lock()
		if errors.As(err, &ee) {
			p.code = ee.ExitCode()
		}
		p.mu.Unlock()
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
	})
	return p
}

// await returns the next line that starts with prefix.
func (p *subprocess) await(t *testing.T, prefix string) string {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-p.lines:
			if !ok {
				t.Fatalf("process ended without printing %q:\n%s", prefix, p.text())
			}
			if strings.HasPrefix(line, prefix) {
				return line
			}
		case <-timeout:
			t.Fatalf("no %q after 30s:\n%s", prefix, p.text())
		}
	}
}

// wait awaits the exit and returns the exit code.
func (p *subprocess) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("process did not exit after 30s:\n%s", p.text())
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.code
}

func (p *subprocess) text() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.output, "\n")
}

// markers returns the lines that are not JSON logs, in order.
func (p *subprocess) markers() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, l := range p.output {
		if !strings.HasPrefix(l, "{") {
			out = append(out, l)
		}
	}
	return out
}
