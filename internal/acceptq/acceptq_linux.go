package acceptq

import (
	"context"
	"fmt"
	"net"

	"golang.org/x/sys/unix"
)

// Quiesce makes the kernel queue at most one more connection on ln (it
// lowers the listening socket's backlog to 0: further SYNs are dropped while
// one waits, and their clients retry later, to a closed port, which refuses
// them), then returns once the accept queue is empty (the server's accept
// loop, which must still run, has taken what was queued), or with ctx's error
// when ctx ends first. The caller closes ln at once afterwards. Where it
// cannot work it returns [ErrUnsupported] at once, having changed nothing.
func Quiesce(ctx context.Context, ln net.Listener) error {
	tl, ok := ln.(*net.TCPListener)
	if !ok {
		return ErrUnsupported
	}
	rc, err := tl.SyscallConn()
	if err != nil {
		return fmt.Errorf("acceptq: %w", err)
	}
	var lerr error
	if err := rc.Control(func(fd uintptr) { lerr = unix.Listen(int(fd), 0) }); err != nil {
		return fmt.Errorf("acceptq: %w", err)
	}
	if lerr != nil {
		return fmt.Errorf("acceptq: lower the backlog: %w", lerr)
	}
	return wait(ctx, func() (int, error) { return queued(rc) })
}

// queued returns the length of the accept queue: for a listening socket,
// Linux reports it in tcpi_unacked.
func queued(rc interface{ Control(func(uintptr)) error }) (int, error) {
	var (
		info *unix.TCPInfo
		gerr error
	)
	if err := rc.Control(func(fd uintptr) {
		info, gerr = unix.GetsockoptTCPInfo(int(fd), unix.IPPROTO_TCP, unix.TCP_INFO)
	}); err != nil {
		return 0, fmt.Errorf("acceptq: %w", err)
	}
	if gerr != nil {
		return 0, fmt.Errorf("acceptq: tcp_info: %w", gerr)
	}
	return int(info.Unacked), nil
}
