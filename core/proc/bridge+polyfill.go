//go:build !(linux || darwin || freebsd)

package proc

// DisarmGoZero does nothing on this platform: go-zero's proc has no shutdown
// timer here.
func DisarmGoZero() {}

// bridgeGoZero does nothing on this platform: go-zero's proc runs no listeners
// here.
func (r *Registry) bridgeGoZero() {}
