package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/zerodown/zerodown/core/proc/proctest"
)

// startService runs bin with args in dir and waits until it prints a line
// that contains ready; the process is killed, if still running, when the
// test ends.
func startService(t *testing.T, dir, bin, ready string, args ...string) *proctest.Process {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	p := proctest.StartCommand(t, cmd, "")
	p.AwaitFunc(t, ready, func(l string) bool { return strings.Contains(l, ready) })
	return p
}
