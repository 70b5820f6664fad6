//go:build linux || darwin || freebsd

package proc

import gzproc "github.com/zeromicro/go-zero/core/proc"

// Profile is go-zero's proc.Profile: an active profiling session, on the
// platforms where go-zero has one.
type Profile = gzproc.Profile
