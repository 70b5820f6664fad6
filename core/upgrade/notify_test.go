package upgrade_test

import (
	"net"
	"path/filepath"
	"testing"

	"github.com/zerodown/zerodown/core/upgrade"
)

// TestNotify sends to a real unixgram socket, as systemd listens on one.
func TestNotify(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notify.sock")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	t.Setenv("NOTIFY_SOCKET", path)

	for _, state := range []string{"READY=1", "RELOADING=1", "STOPPING=1\nMAINPID=42"} {
		sent, err := upgrade.Notify(state)
		if !sent || err != nil {
			t.Fatalf("Notify(%q) = %v, %v", state, sent, err)
		}
		buf := make([]byte, 256)
		n, _, err := conn.ReadFromUnix(buf)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(buf[:n]); got != state {
			t.Fatalf("socket got %q, want %q", got, state)
		}
	}
}

func TestNotifyWithoutSocket(t *testing.T) {
	t.Setenv("NOTIFY_SOCKET", "")
	if sent, err := upgrade.Notify("READY=1"); sent || err != nil {
		t.Fatalf("Notify without NOTIFY_SOCKET = %v, %v; want false, nil", sent, err)
	}
	t.Setenv("NOTIFY_SOCKET", filepath.Join(t.TempDir(), "absent.sock"))
	if sent, err := upgrade.Notify("READY=1"); sent || err == nil {
		t.Fatalf("Notify to an absent socket = %v, %v; want false and an error", sent, err)
	}
}
