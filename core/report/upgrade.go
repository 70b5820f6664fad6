package report

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	"github.com/zerodown/zerodown/core/upgrade"
)

// maxUpgrades bounds the upgrades a report keeps: the last ones.
const maxUpgrades = 10

var _ upgrade.Observer = (*Recorder)(nil)

// Outcomes of an in-place upgrade, in [Upgrade].Outcome.
const (
	// UpgradeReady means the new process became ready: this one handed over.
	UpgradeReady = "ready"
	// UpgradeFailed means the new process failed or was not ready in time:
	// this one kept serving.
	UpgradeFailed = "failed"
	// UpgradeRunning means the upgrade had not ended when the report was
	// emitted.
	UpgradeRunning = "running"
)

// An Upgrade is one in-place upgrade that the process attempted (see package
// core/upgrade): the shutdown report of a process that handed over lists the
// failed attempts before the one that succeeded.
type Upgrade struct {
	// Start is when the signal started it.
	Start time.Time
	// Outcome is [UpgradeReady], [UpgradeFailed] or [UpgradeRunning].
	Outcome string
	// After is the time from the signal to the outcome.
	After time.Duration
	// Error says why it failed.
	Error string
}

// UpgradeStarted implements [upgrade.Observer].
func (r *Recorder) UpgradeStarted(at time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.upgrades = append(r.upgrades, Upgrade{Start: at, Outcome: UpgradeRunning})
	if len(r.upgrades) > maxUpgrades {
		r.upgrades = slices.Delete(r.upgrades, 0, len(r.upgrades)-maxUpgrades)
	}
}

// UpgradeReady implements [upgrade.Observer].
func (r *Recorder) UpgradeReady(d time.Duration) {
	r.endUpgrade(UpgradeReady, d, nil)
}

// UpgradeFailed implements [upgrade.Observer].
func (r *Recorder) UpgradeFailed(d time.Duration, err error) {
	r.endUpgrade(UpgradeFailed, d, err)
}

func (r *Recorder) endUpgrade(outcome string, d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if n := len(r.upgrades); n > 0 && r.upgrades[n-1].Outcome == UpgradeRunning {
		u := &r.upgrades[n-1]
		u.Outcome, u.After, u.Error = outcome, d, shortError(err)
	}
}

func writeUpgrades(b *bytes.Buffer, ups []Upgrade) {
	for _, u := range ups {
		fmt.Fprintf(b, "upgrade at %s: %s", u.Start.Format(time.RFC3339), u.Outcome)
		if u.Outcome != UpgradeRunning {
			fmt.Fprintf(b, " after %v", round(u.After))
		}
		if u.Error != "" {
			fmt.Fprintf(b, ": %s", u.Error)
		}
		b.WriteByte('\n')
	}
}
