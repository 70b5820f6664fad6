//go:build !linux

package main

import (
	"errors"
	"time"
)

// adoptOrphans is Linux-only: the in-place upgrade scenario needs to wait
// for processes that the drill did not start.
func adoptOrphans() error {
	return errors.New("the in-place upgrade scenario runs on Linux only")
}

// reap is never called without adoptOrphans.
func reap(int, time.Duration) (int, bool) {
	return -1, false
}
