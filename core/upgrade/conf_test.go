package upgrade_test

import (
	"errors"
	"testing"
	"time"

	"github.com/zerodown/zerodown/core/upgrade"
)

// TestSetup: a bad conf, and a conf that differs from an earlier server's,
// are errors when the servers are built; a zero conf means the defaults.
func TestSetup(t *testing.T) {
	if err := upgrade.Setup(upgrade.Conf{ReadyTimeout: -time.Second}); !errors.Is(err, upgrade.ErrBadConf) {
		t.Fatalf("negative ReadyTimeout: %v, want ErrBadConf", err)
	}
	if err := upgrade.Setup(upgrade.Conf{}); err != nil {
		t.Fatal(err)
	}
	if err := upgrade.Setup(upgrade.Conf{ReadyTimeout: 30 * time.Second}); err != nil {
		t.Fatalf("the default given explicitly: %v", err)
	}
	if !upgrade.Enabled() {
		t.Fatal("not Enabled after Setup")
	}
	if err := upgrade.Setup(upgrade.Conf{Disabled: true}); !errors.Is(err, upgrade.ErrBadConf) {
		t.Fatalf("a conflicting conf: %v, want ErrBadConf", err)
	}
}
