package proc

import gzproc "github.com/zeromicro/go-zero/core/proc"

// The names of go-zero's core/proc that are not about the shutdown, so that
// code which switched its import to this package keeps compiling. They are
// go-zero's own: aliases, or functions that call go-zero's.

// DefaultMemProfileRate is the default memory profiling rate; see go-zero's
// proc.DefaultMemProfileRate.
const DefaultMemProfileRate = gzproc.DefaultMemProfileRate

// Stopper is go-zero's proc.Stopper: what [StartProfile] returns.
type Stopper = gzproc.Stopper

// Env returns the value of the environment variable name, read once and
// cached, as go-zero's proc.Env does.
func Env(name string) string {
	return gzproc.Env(name)
}

// EnvInt returns the int value of the environment variable name and
// whether it is one, as go-zero's proc.EnvInt does.
func EnvInt(name string) (int, bool) {
	return gzproc.EnvInt(name)
}

// Pid returns the pid of the current process.
func Pid() int {
	return gzproc.Pid()
}

// ProcessName returns the name of the current process, its command name.
func ProcessName() string {
	return gzproc.ProcessName()
}

// StartProfile starts go-zero's profiling session (CPU, memory, mutex,
// block, trace, thread creation); call Stop on the value returned to stop
// it. As in go-zero, a SIGINT while it runs stops the profiles, resets
// every signal handler (zerodown's too) and re-sends SIGINT, which ends the
// process without a shutdown sequence: use it in development only.
func StartProfile() Stopper {
	return gzproc.StartProfile()
}
