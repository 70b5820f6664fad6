//go:build linux || darwin || freebsd

package gozero

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// listenerManager mirrors go-zero's core/proc/shutdown.go listenerManager,
// field for field; the contract test checks that it still matches.
type listenerManager struct {
	lock      sync.Mutex
	waitGroup sync.WaitGroup
	listeners []func()
}

//go:linkname gzShutdownListeners github.com/zeromicro/go-zero/core/proc.shutdownListeners
var gzShutdownListeners *listenerManager

// wrapperFunc is the closure go-zero's addListener wraps every listener in:
// it calls the listener, then marks it called on the manager's WaitGroup.
const wrapperFunc = "github.com/zeromicro/go-zero/core/proc.(*listenerManager).addListener.func1"

// serverListeners are the functions of go-zero's servers' own shutdown
// listeners, registered at Start: they stop the server and its handlers.
var serverListeners = []string{
	"github.com/zeromicro/go-zero/rest/internal.start.",
	"github.com/zeromicro/go-zero/zrpc/internal.(*rpcServer).Start.",
}

// A Listener is a shutdown listener registered with go-zero's core/proc.
type Listener struct {
	// Name is the listener's own function and where it is defined, e.g.
	// "github.com/zeromicro/go-zero/core/executors.NewPeriodicalExecutor.func1
	// (executors/periodicalexecutor.go:61)", or go-zero's wrapper's if the
	// listener could not be unwrapped.
	Name string
	// Server reports a go-zero server's own stop (rest or zrpc).
	Server bool

	run func() // go-zero's wrapper: calls the listener, then marks it called
}

var (
	// running is the Name of the go-zero listener running now, for the force quit.
	running atomic.Pointer[string]
	// unrun counts the listeners taken and not run yet: go-zero's WaitGroup
	// still counts them.
	unrun atomic.Int64
)

// TakeShutdownListeners removes the shutdown listeners registered with
// go-zero's proc and returns them in the order to run them: go-zero's
// servers' stops first, then every other listener in reverse order of
// registration, like deferred calls (a DB close registered when the DB
// opened runs after the flush of an executor made over that DB). Listeners
// registered later stay for a later call. Until each returned listener has
// run, go-zero's waitForCalled of that phase keeps waiting.
func TakeShutdownListeners() []Listener {
	lm := gzShutdownListeners
	lm.lock.Lock()
	fns := lm.listeners
	lm.listeners = nil
	unrun.Add(int64(len(fns)))
	lm.lock.Unlock()

	var servers, others []Listener
	for i := len(fns) - 1; i >= 0; i-- {
		l := Listener{Name: listenerName(lm, fns[i]), run: fns[i]}
		for _, prefix := range serverListeners {
			l.Server = l.Server || strings.HasPrefix(l.Name, prefix)
		}
		if l.Server {
			servers = append(servers, l)
		} else {
			others = append(others, l)
		}
	}
	return append(servers, others...)
}

// Run calls the listener on the calling goroutine and returns the value of
// its panic, if it panicked; it is marked called either way.
func (l Listener) Run() (panicked any) {
	running.Store(&l.Name)
	defer running.Store(nil)
	defer unrun.Add(-1)
	defer func() { panicked = recover() }()
	l.run()
	return nil
}

// RunningListener returns the Name of the go-zero shutdown listener that a
// [Listener.Run] is running now, or "".
func RunningListener() string {
	if p := running.Load(); p != nil {
		return *p
	}
	return ""
}

// HoldShutdownWait makes go-zero's waitForCalled of the shutdown phase (which
// go-zero's rest and zrpc Start wait on before they return) wait until
// release is called, as well as for the listeners. If no listener is
// pending (registered, or taken and not run), nothing can be waiting on it:
// it holds nothing. release is idempotent.
func HoldShutdownWait() (release func()) {
	lm := gzShutdownListeners
	lm.lock.Lock()
	pending := len(lm.listeners) > 0 || unrun.Load() > 0
	if pending {
		lm.waitGroup.Add(1) // the count is above zero: a waiter may be waiting, as for any listener
	}
	lm.lock.Unlock()
	if !pending {
		return func() {}
	}
	return sync.OnceFunc(lm.waitGroup.Done)
}

// listenerName names the listener wrapped in fn, unwrapping go-zero's
// wrapper. A func value points to the closure: its code pointer, then its
// captured variables; go-zero's wrapper captures lm and the listener, in an
// order the compiler picks, so the listener is the captured word that is
// not lm. The closure holds both, so reading two words past the code
// pointer stays inside it.
func listenerName(lm *listenerManager, fn func()) string {
	closure := *(*unsafe.Pointer)(unsafe.Pointer(&fn))
	code := *(*uintptr)(closure)
	if funcName(code) != wrapperFunc {
		return describe(code)
	}
	for i := 1; i <= 2; i++ {
		v := *(*unsafe.Pointer)(unsafe.Add(closure, i*int(unsafe.Sizeof(uintptr(0)))))
		if v != unsafe.Pointer(lm) && v != nil {
			return describe(*(*uintptr)(v))
		}
	}
	return describe(code)
}

func funcName(pc uintptr) string {
	if f := runtime.FuncForPC(pc); f != nil {
		return f.Name()
	}
	return ""
}

// describe names the function at pc with the place it is defined.
func describe(pc uintptr) string {
	f := runtime.FuncForPC(pc)
	if f == nil {
		return "unknown"
	}
	file, line := f.FileLine(f.Entry())
	return fmt.Sprintf("%s (%s:%d)", f.Name(), shortPath(file), line)
}

// shortPath returns the last two elements of path, e.g. "proc/shutdown.go".
func shortPath(path string) string {
	if i := strings.LastIndexByte(path, '/'); i > 0 {
		if j := strings.LastIndexByte(path[:i], '/'); j >= 0 {
			return path[j+1:]
		}
	}
	return path
}
