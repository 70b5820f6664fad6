package gozero

import gzproc "github.com/zeromicro/go-zero/core/proc"

// WrapUp runs the wrap-up listeners registered with go-zero's proc and waits
// for them; listeners added later run on a later call. It deadlocks if
// called from one of them.
func WrapUp() { gzproc.WrapUp() }
