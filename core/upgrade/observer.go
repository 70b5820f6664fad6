package upgrade

import (
	"sync"
	"time"
)

// An Observer learns of every upgrade of the process: metrics and the
// shutdown report are built on it. Its methods are called synchronously
// and must not block.
type Observer interface {
	// UpgradeStarted reports that a signal started an upgrade at at.
	UpgradeStarted(at time.Time)
	// UpgradeReady reports that the new process became ready d after the
	// signal: this process hands over and shuts down.
	UpgradeReady(d time.Duration)
	// UpgradeFailed reports that the upgrade failed d after the signal and
	// why: this process keeps serving.
	UpgradeFailed(d time.Duration, err error)
}

var (
	observersMu sync.Mutex
	observers   []Observer
)

// AddObserver makes obs learn of every later upgrade of the process.
func AddObserver(obs Observer) {
	observersMu.Lock()
	defer observersMu.Unlock()
	observers = append(observers, obs)
}

func observe(fn func(Observer)) {
	observersMu.Lock()
	obs := append([]Observer(nil), observers...)
	observersMu.Unlock()
	for _, o := range obs {
		fn(o)
	}
}
