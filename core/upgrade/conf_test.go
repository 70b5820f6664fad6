package upgrade

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/zeromicro/go-zero/core/logx/logtest"
)

// TestSetup: the servers of one process must agree on the upgrade, off
// (a zero Conf or the Disabled of older yaml alike) or Enabled with the same
// fields; a bad conf is an error when the servers are built.
func TestSetup(t *testing.T) {
	on := Conf{Enabled: true}
	tests := []struct {
		name      string
		giveFirst Conf
		giveNext  Conf
		wantErr   string // "" for none
	}{
		{name: "off and Disabled agree", giveFirst: Conf{}, giveNext: Conf{Disabled: true}},
		{name: "off fields do nothing", giveFirst: Conf{PIDFile: "/a"}, giveNext: Conf{ReadyTimeout: time.Second}},
		{name: "the default given explicitly", giveFirst: on, giveNext: Conf{Enabled: true, ReadyTimeout: 30 * time.Second}},
		{name: "off then enabled", giveFirst: Conf{}, giveNext: on, wantErr: "disagree on the in-place upgrade"},
		{name: "enabled then Disabled", giveFirst: on, giveNext: Conf{Disabled: true}, wantErr: "disagree on the in-place upgrade"},
		{name: "enabled, other fields", giveFirst: on, giveNext: Conf{Enabled: true, PIDFile: "/a"}, wantErr: "different Upgrade confs"},
		{name: "Enabled and Disabled", giveFirst: Conf{}, giveNext: Conf{Enabled: true, Disabled: true}, wantErr: "both true"},
		{name: "negative ReadyTimeout", giveFirst: Conf{}, giveNext: Conf{Enabled: true, ReadyTimeout: -time.Second}, wantErr: "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := newUpgrader(func() int { return 100 }, func() bool { return false })
			if err := u.setup(tt.giveFirst); err != nil {
				t.Fatalf("first Setup(%+v): %v", tt.giveFirst, err)
			}
			err := u.setup(tt.giveNext)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("Setup(%+v) after Setup(%+v): %v, want nil", tt.giveNext, tt.giveFirst, err)
			}
			if tt.wantErr != "" && (!errors.Is(err, ErrBadConf) || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Setup(%+v) after Setup(%+v): %v, want ErrBadConf with %q", tt.giveNext, tt.giveFirst, err, tt.wantErr)
			}
		})
	}
}

// TestListen_RefusesWhereItCannotWork: asked for, the upgrade stays off in
// PID 1 of a PID namespace and when SIGHUP was ignored at start; the first
// Listen says why, once, and every Listen is net.Listen.
func TestListen_RefusesWhereItCannotWork(t *testing.T) {
	tests := []struct {
		name       string
		givePID    int
		giveIgnore bool
		wantWhy    string
	}{
		{name: "pid 1", givePID: 1, wantWhy: "PID 1 of its PID namespace"},
		{name: "SIGHUP ignored", givePID: 100, giveIgnore: true, wantWhy: "SIGHUP was ignored when the process started"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs := logtest.NewCollector(t)
			u := newUpgrader(func() int { return tt.givePID }, func() bool { return tt.giveIgnore })
			if err := u.setup(Conf{Enabled: true}); err != nil {
				t.Fatal(err)
			}
			for range 2 {
				ln, err := u.listen("tcp", "127.0.0.1:0")
				if err != nil {
					t.Fatal(err)
				}
				if _, ok := ln.(*listener); ok {
					t.Errorf("Listen returned an upgrade listener, want net.Listen's")
				}
				_ = ln.Close()
			}
			if u.tf != nil {
				t.Errorf("tableflip started")
			}
			if n := strings.Count(logs.String(), tt.wantWhy); n != 1 {
				t.Errorf("%q logged %d times, want once; logs:\n%s", tt.wantWhy, n, logs.String())
			}
		})
	}
}

// TestListen_OffFreesThePort: with the upgrade off, closing the listener
// frees the port, and a second Listen on a taken port says "address already
// in use".
func TestListen_OffFreesThePort(t *testing.T) {
	u := newUpgrader(func() int { return 100 }, func() bool { return false })
	if err := u.setup(Conf{}); err != nil {
		t.Fatal(err)
	}
	ln, err := u.listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if _, err := u.listen("tcp", addr); err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Errorf("Listen on the taken %s: %v, want address already in use", addr, err)
	}
	_ = ln.Close()
	again, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("net.Listen on %s after Close: %v", addr, err)
	}
	_ = again.Close()
}
