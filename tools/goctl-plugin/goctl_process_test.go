package main

import (
	"bufio"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// watchdog bounds every wait on a service; none should come near it.
const watchdog = 60 * time.Second

// A service is a generated service running in a child process.
type service struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited and its output ended

	mu    sync.Mutex // guards following
	lines []string
	line  chan struct{} // closed, and replaced, at every line
}

// startService runs bin with args in dir; the process is killed, if still
// running, when the test ends.
func startService(t *testing.T, dir, bin string, args ...string) *service {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(cmd.Environ(), "GORACE=atexit_sleep_ms=0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	s := &service{cmd: cmd, done: make(chan struct{}), line: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			s.mu.Lock()
			s.lines = append(s.lines, sc.Text())
			close(s.line)
			s.line = make(chan struct{})
			s.mu.Unlock()
		}
		_ = cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-s.done
	})
	return s
}

// await waits for a line that contains text.
func (s *service) await(t *testing.T, text string) {
	t.Helper()
	timeout := time.After(watchdog)
	for {
		s.mu.Lock()
		for _, l := range s.lines {
			if strings.Contains(l, text) {
				s.mu.Unlock()
				return
			}
		}
		next := s.line
		s.mu.Unlock()
		select {
		case <-next:
		case <-s.done:
			t.Fatalf("service exited before printing %q:\n%s", text, s.output())
		case <-timeout:
			t.Fatalf("no line with %q:\n%s", text, s.output())
		}
	}
}

// stop sends SIGTERM and returns the exit code.
func (s *service) stop(t *testing.T) int {
	t.Helper()
	s.term(t)
	return s.wait(t)
}

// term sends SIGTERM.
func (s *service) term(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
}

// wait returns the exit code once the process has exited.
func (s *service) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-s.done:
	case <-time.After(watchdog):
		t.Fatalf("service still running after SIGTERM:\n%s", s.output())
	}
	return s.cmd.ProcessState.ExitCode()
}

func (s *service) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.lines, "\n")
}
