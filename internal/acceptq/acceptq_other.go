//go:build !linux

package acceptq

import (
	"context"
	"net"
)

// Quiesce returns [ErrUnsupported]: it needs Linux's socket filters.
func Quiesce(context.Context, net.Listener) error {
	return ErrUnsupported
}
