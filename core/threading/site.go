package threading

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/zerodown/zerodown/core/proc"
)

// works holds the proc.Work of each start site, by the program counter of
// the call: the name is made once per site, so a tracked start costs one
// runtime.Callers and one map read.
var works sync.Map // uintptr -> *proc.Work

// workAt returns the Work of the call site skip frames above its caller:
// workAt(1) in GoSafe is the place that called GoSafe. The functions that
// call it are not inlined, so that the frames are what they look like.
//
//go:noinline
func workAt(skip int) *proc.Work {
	var pcs [1]uintptr
	if runtime.Callers(skip+2, pcs[:]) == 0 {
		return proc.NewWork("unknown")
	}
	if w, ok := works.Load(pcs[0]); ok {
		return w.(*proc.Work)
	}
	w := proc.NewWork(siteName(pcs[0]))
	works.Store(pcs[0], w)
	return w
}

// siteName names the call at pc, e.g. "main.main (cmd/api/main.go:42)".
func siteName(pc uintptr) string {
	frame, _ := runtime.CallersFrames([]uintptr{pc}).Next()
	if frame.Function == "" {
		return "unknown"
	}
	return fmt.Sprintf("%s (%s:%d)", frame.Function, shortPath(frame.File), frame.Line)
}

// shortPath returns the last two elements of path, e.g. "api/main.go".
func shortPath(path string) string {
	dir, file := filepath.Split(path)
	return filepath.Join(filepath.Base(strings.TrimSuffix(dir, "/")), file)
}
