package gozero

import (
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// go-zero starts goroutines in init (core/proc, core/stat); IgnoreCurrent
	// skips those. Anything a test starts must be gone at exit.
	goleak.VerifyTestMain(m, goleak.IgnoreCurrent())
}
