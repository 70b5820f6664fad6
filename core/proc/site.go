package proc

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
)

// listenerAPI are the functions of this package that add a go-zero style
// listener: the site of a listener is the first frame outside them.
var listenerAPI = map[string]bool{
	pkgPath + ".AddWrapUpListener":               true,
	pkgPath + ".AddShutdownListener":             true,
	pkgPath + ".(*Registry).AddWrapUpListener":   true,
	pkgPath + ".(*Registry).AddShutdownListener": true,
	pkgPath + ".(*Registry).addListener":         true,
	pkgPath + ".listenerSite":                    true,
}

const pkgPath = "github.com/zerodown/zerodown/core/proc"

// listenerSite names the place that added a go-zero style listener, as the
// function and file:line of the AddShutdownListener (or AddWrapUpListener)
// call, e.g. "main.main (cmd/api/main.go:42)": the force-quit log then points
// at the line to fix, where a listener's own function would only say
// "main.main.func4".
func listenerSite() string {
	var pcs [8]uintptr
	frames := runtime.CallersFrames(pcs[:runtime.Callers(1, pcs[:])])
	for {
		f, more := frames.Next()
		if !listenerAPI[f.Function] {
			return fmt.Sprintf("%s (%s:%d)", f.Function, shortPath(f.File), f.Line)
		}
		if !more {
			return "unknown"
		}
	}
}

// shortPath returns the last two elements of path, e.g. "api/main.go".
func shortPath(path string) string {
	dir, file := filepath.Split(path)
	return filepath.Join(filepath.Base(strings.TrimSuffix(dir, "/")), file)
}
