package upgrade

import (
	"fmt"
	"net"
	"os"
	"sync"
	"syscall"

	"github.com/cloudflare/tableflip"
)

// std is the process's upgrader: there is one per process, since the
// sockets and the signal are the process's.
var std = newUpgrader(os.Getpid, hupIgnoredAtStart)

func newUpgrader(pid func() int, hupIgnored func() bool) *upgrader {
	return &upgrader{keys: map[string]*listener{}, open: make(chan struct{}), pid: pid, hupIgnored: hupIgnored}
}

// An upgrader hands the process's listening sockets to a new process.
type upgrader struct {
	open       chan struct{} // closed when the process is ready: gated listeners accept
	pid        func() int    // os.Getpid
	hupIgnored func() bool   // whether SIGHUP was ignored when the process started
	notifyOnce sync.Once     // the service manager's READY=1 without the upgrade
	mu         sync.Mutex    // guards following
	conf       Conf
	set        bool                 // conf was given
	tf         *tableflip.Upgrader  // nil until the first Listen, or if unsupported
	failed     bool                 // tableflip could not start: listen directly
	keys       map[string]*listener // the last listener handed out for each network+addr
	lns        []*listener          // every listener handed out
}

// Setup records c as the upgrade conf of the process and reports whether it
// can be used: it must be valid, and every server must agree with the
// first: all off (no Enabled; Disabled or a zero Conf alike), or all
// Enabled with the same fields (a zero one meaning its default). Servers on
// proc.DefaultRegistry call it when they are built, so that a bad conf is an
// error at start-up.
func Setup(c Conf) error {
	return std.setup(c)
}

func (u *upgrader) setup(c Conf) error {
	if err := c.Validate(); err != nil {
		return err
	}
	c = c.normalized()
	u.mu.Lock()
	defer u.mu.Unlock()
	switch {
	case u.set && u.conf.Enabled != c.Enabled:
		return fmt.Errorf("%w: servers of one process disagree on the in-place upgrade: one has "+
			"Upgrade.Enabled %t, another %t; give every server the same Upgrade section", ErrBadConf,
			u.conf.Enabled, c.Enabled)
	case u.set && u.conf != c:
		return fmt.Errorf("%w: servers of one process give different Upgrade confs: %+v and %+v; "+
			"give every server the same Upgrade section", ErrBadConf, u.conf, c)
	}
	u.conf, u.set = c, true
	return nil
}

// Enabled reports whether the process was asked to upgrade in place: a conf
// with Enabled was given with Setup. The upgrade still stays off where it
// cannot work (see [Listen]).
func Enabled() bool {
	return std.enabled()
}

func (u *upgrader) enabled() bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.set && u.conf.Enabled
}

// Listen returns the listener of a server on network and addr: the socket
// inherited from the old process after an upgrade, or a new one, which a
// later upgrade hands over. A new process accepts on it only once all of
// it is ready. Without a conf (see [Setup]) that is Enabled, Listen is
// net.Listen (and, under systemd's Type=notify, the process still tells
// READY=1 once ready and STOPPING=1 at its shutdown). Enabled, it is
// net.Listen too where an upgrade cannot work, which the first Listen logs:
// in PID 1 of a PID namespace (the kernel kills the new process when the old
// one, the namespace's init, exits), or when SIGHUP was ignored at start (as
// under nohup: a hang-up must not restart the service).
//
// With the upgrade on, two servers of one process cannot listen on the same
// address at once, and the process holds each socket for its successor
// until it exits: a server that stops alone does not free its port
// (connections wait in the queue rather than being refused), and a later
// server on the same address of this process takes the same socket over.
func Listen(network, addr string) (net.Listener, error) {
	return std.listen(network, addr)
}

func (u *upgrader) listen(network, addr string) (net.Listener, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if !u.set || !u.conf.Enabled || u.failed {
		u.notifyOnce.Do(notifyWithoutUpgrade)
		return net.Listen(network, addr)
	}
	key := network + " " + addr
	if u.tf == nil && !u.startLocked() {
		u.notifyOnce.Do(notifyWithoutUpgrade)
		return net.Listen(network, addr)
	}
	var open <-chan struct{} = u.open
	if !u.tf.HasParent() {
		open = alwaysOpen // the first process has nobody to wait for
	}
	l, err := u.listenerLocked(key, network, addr, open)
	if err != nil {
		return nil, err
	}
	u.keys[key] = l
	u.lns = append(u.lns, l)
	return l, nil
}

// listenerLocked returns a listener on the socket of key: a new or inherited
// one, or the socket of a server of this process that has stopped (the
// upgrade holds it, so a later server on the same address takes it over).
// u.mu must be held.
func (u *upgrader) listenerLocked(key, network, addr string, open <-chan struct{}) (*listener, error) {
	if prev := u.keys[key]; prev != nil {
		if !prev.isClosed() {
			return nil, fmt.Errorf("upgrade: listen on %s %s: another server of this process listens there: %w",
				network, addr, syscall.EADDRINUSE)
		}
		ln, err := net.FileListener(prev.file)
		if err != nil {
			return nil, fmt.Errorf("upgrade: listen again on %s %s: %w", network, addr, err)
		}
		return newListener(ln, open, prev.file), nil
	}
	ln, err := u.tf.Listen(network, addr)
	if err != nil {
		return nil, fmt.Errorf("upgrade: listen on %s %s: %w", network, addr, err)
	}
	filer, ok := ln.(interface{ File() (*os.File, error) })
	if !ok {
		_ = ln.Close()
		return nil, fmt.Errorf("upgrade: listen on %s %s: %T cannot be handed over", network, addr, ln)
	}
	file, err := filer.File()
	if err != nil {
		_ = ln.Close()
		return nil, fmt.Errorf("upgrade: listen on %s %s: %w", network, addr, err)
	}
	return newListener(ln, open, file), nil
}

// alwaysOpen is the gate of the first process's listeners.
var alwaysOpen = func() <-chan struct{} {
	ch := make(chan struct{})
	close(ch)
	return ch
}()

// retire makes every listener of the process stop accepting: the new
// process accepts on the sockets.
func (u *upgrader) retire() {
	u.mu.Lock()
	lns := u.lns
	u.mu.Unlock()
	for _, l := range lns {
		l.retire()
	}
}
