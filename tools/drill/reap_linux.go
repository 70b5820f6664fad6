package main

import (
	"errors"
	"syscall"
	"time"
)

// adoptOrphans makes the drill the parent of its descendants' orphans
// (PR_SET_CHILD_SUBREAPER): after an in-place upgrade the new process's
// parent exits, and the drill must be able to wait for it.
func adoptOrphans() error {
	const prSetChildSubreaper = 36
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); errno != 0 {
		return errno
	}
	return nil
}

// reap waits for pid, an adopted orphan, to exit and returns its exit code
// (128+signal if a signal ended it); after timeout it SIGKILLs it.
func reap(pid int, timeout time.Duration) (code int, killed bool) {
	done := make(chan syscall.WaitStatus, 1)
	go func() {
		var ws syscall.WaitStatus
		for {
			_, err := syscall.Wait4(pid, &ws, 0, nil)
			if !errors.Is(err, syscall.EINTR) {
				break
			}
		}
		done <- ws
	}()
	var ws syscall.WaitStatus
	select {
	case ws = <-done:
	case <-time.After(timeout):
		killed = true
		_ = syscall.Kill(pid, syscall.SIGKILL)
		ws = <-done
	}
	if ws.Signaled() {
		return 128 + int(ws.Signal()), killed
	}
	return ws.ExitStatus(), killed
}
