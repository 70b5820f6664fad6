package upgrade_test

import (
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestUpgradeNotifiesSystemd runs testsvc under a NOTIFY_SOCKET, as systemd
// does with Type=notify: READY=1 at start, RELOADING=1 at SIGHUP, READY=1
// with the new MAINPID from the new process, nothing from the old one after
// it handed over, STOPPING=1 at SIGTERM.
func TestUpgradeNotifiesSystemd(t *testing.T) {
	bin := testsvc(t)
	path := filepath.Join(t.TempDir(), "notify.sock")
	sock, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer sock.Close()
	t.Setenv("NOTIFY_SOCKET", path)
	svc := newService(t)
	conf := filepath.Join(t.TempDir(), "svc.yaml")
	svc.write(t, conf)

	f, pid := startFamily(t, bin, conf)
	expect(t, sock, "READY=1")
	next, _ := f.upgrade(t, pid)
	expect(t, sock, "RELOADING=1")
	expect(t, sock, fmt.Sprintf("READY=1\nMAINPID=%d", next))
	if code := f.wait(t, pid); code != 0 {
		t.Fatalf("old pid %d exited %d", pid, code)
	}
	expectNone(t, sock) // the old process has exited: what it sent is queued
	f.stop(t, next)
	expect(t, sock, "STOPPING=1")
}

// expect reads the next datagram from sock and fails t unless it is want.
func expect(t *testing.T, sock *net.UnixConn, want string) {
	t.Helper()
	if err := sock.SetReadDeadline(time.Now().Add(watchdog)); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 512)
	n, err := sock.Read(buf)
	if err != nil {
		t.Fatalf("no %q on NOTIFY_SOCKET: %v", want, err)
	}
	if got := string(buf[:n]); got != want {
		t.Fatalf("NOTIFY_SOCKET got %q, want %q", strings.TrimSpace(got), want)
	}
}

// expectNone fails t if a datagram is queued on sock.
func expectNone(t *testing.T, sock *net.UnixConn) {
	t.Helper()
	if err := sock.SetReadDeadline(time.Now()); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 512)
	if n, err := sock.Read(buf); err == nil {
		t.Fatalf("NOTIFY_SOCKET got %q, want nothing", buf[:n])
	}
}

// TestNotifiesSystemdWithoutUpgrade: with the upgrade off, a Type=notify
// unit still gets READY=1 once every server is ready and STOPPING=1 at
// SIGTERM.
func TestNotifiesSystemdWithoutUpgrade(t *testing.T) {
	bin := testsvc(t)
	path := filepath.Join(t.TempDir(), "notify.sock")
	sock, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer sock.Close()
	t.Setenv("NOTIFY_SOCKET", path)
	svc := newService(t)
	svc.off = true
	conf := filepath.Join(t.TempDir(), "svc.yaml")
	svc.write(t, conf)

	f, pid := startFamily(t, bin, conf)
	expect(t, sock, "READY=1")
	f.stop(t, pid)
	expect(t, sock, "STOPPING=1")
	expectNone(t, sock)
}
