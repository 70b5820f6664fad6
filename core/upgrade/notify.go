package upgrade

import (
	"fmt"
	"net"
	"os"
	"strings"
)

// notifySocketEnv names the socket of systemd's service manager.
const notifySocketEnv = "NOTIFY_SOCKET"

// Notify sends state to the service manager, as sd_notify(3) does, if
// NOTIFY_SOCKET is set, and reports whether it sent it: "READY=1",
// "RELOADING=1", "STOPPING=1", "MAINPID=123", several joined by newlines. A
// socket name that begins with @ is in the abstract namespace. An error is
// returned only if NOTIFY_SOCKET is set and the send failed.
func Notify(state string) (bool, error) {
	path := os.Getenv(notifySocketEnv)
	if path == "" {
		return false, nil
	}
	if strings.HasPrefix(path, "@") {
		path = "\x00" + path[1:]
	}
	conn, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		return false, fmt.Errorf("upgrade: sd_notify %q: %w", state, err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte(state)); err != nil {
		return false, fmt.Errorf("upgrade: sd_notify %q: %w", state, err)
	}
	return true, nil
}
