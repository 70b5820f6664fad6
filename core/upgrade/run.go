package upgrade

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cloudflare/tableflip"
	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/readiness"
	"github.com/zeromicro/go-zero/core/logx"
)

// started is when the process started, near enough: a new process reports
// how long it took to be ready.
var started = time.Now()

// startLocked starts tableflip and the process's watchers, and reports
// whether it could; if not, it logs why, once, and the servers listen
// directly. u.mu must be held.
func (u *upgrader) startLocked() bool {
	if why := u.cannotRun(); why != "" {
		logx.Errorf("upgrade: in-place upgrade off although Upgrade.Enabled is true: %s", why)
		u.failed = true
		return false
	}
	tf, err := tableflip.New(tableflip.Options{UpgradeTimeout: u.conf.ReadyTimeout, PIDFile: u.conf.PIDFile})
	if err != nil {
		logx.Errorf("upgrade: in-place upgrade off: %v", err)
		u.failed = true
		return false
	}
	u.tf = tf
	go u.awaitReady()
	go u.awaitShutdown()
	go u.watchSignals()
	return true
}

// cannotRun says why an upgrade cannot work in this process, or "".
func (u *upgrader) cannotRun() string {
	if u.pid() == 1 {
		return "this process is PID 1 of its PID namespace (a container's init): the kernel kills the new " +
			"process when this one exits; run it under an init (docker run --init, tini) or let the " +
			"orchestrator restart it"
	}
	if u.hupIgnored() {
		return "SIGHUP was ignored when the process started (nohup?): a hang-up must not restart it; " +
			"start it under a service manager (systemd) to upgrade at SIGHUP"
	}
	return ""
}

// hupIgnoredAtStart reports whether SIGHUP is ignored: Go keeps a signal
// that was ignored at start ignored until signal.Notify asks for it, and
// nothing in this module asks for SIGHUP before the upgrade starts.
func hupIgnoredAtStart() bool {
	return signal.Ignored(syscall.SIGHUP)
}

// notifyWithoutUpgrade tells the service manager, if any (NOTIFY_SOCKET),
// READY=1 once every server of proc.DefaultRegistry is ready and
// STOPPING=1 at the shutdown, as the upgrade does: a Type=notify unit works
// with the upgrade off too. Without NOTIFY_SOCKET it does nothing.
func notifyWithoutUpgrade() {
	if os.Getenv(notifySocketEnv) == "" {
		return
	}
	go func() {
		if readiness.For(proc.DefaultRegistry).WaitReady(context.Background()) == nil {
			notify("READY=1")
		}
		<-proc.DefaultRegistry.Done()
		notify("STOPPING=1")
	}()
}

// awaitReady opens the gate once every server of proc.DefaultRegistry is
// ready, then tells the old process, if any, and the service manager.
func (u *upgrader) awaitReady() {
	if err := readiness.For(proc.DefaultRegistry).WaitReady(context.Background()); err != nil {
		logx.Infof("upgrade: pid %d never ready: %v", os.Getpid(), err)
		return
	}
	close(u.open)
	if err := u.tf.Ready(); err != nil {
		logx.Errorf("upgrade: pid %d ready, but: %v", os.Getpid(), err)
	}
	state := "READY=1"
	if u.tf.HasParent() {
		state += "\nMAINPID=" + strconv.Itoa(os.Getpid())
		logx.WithDuration(time.Since(started)).Infof("upgrade: pid %d ready, taking over from pid %d",
			os.Getpid(), os.Getppid())
	}
	notify(state)
}

// awaitShutdown stops any upgrade in progress when the shutdown begins (the
// new process is killed) and tells the service manager, unless this process
// is stopping because it handed over.
func (u *upgrader) awaitShutdown() {
	<-proc.DefaultRegistry.Done()
	u.tf.Stop()
	if !proc.DefaultRegistry.HandedOver() {
		notify("STOPPING=1")
	}
}

// watchSignals starts an upgrade at each SIGHUP, unless one is in progress
// or the shutdown has begun. SIGHUP stays handled until the process exits:
// a SIGHUP during the drain must not kill it.
func (u *upgrader) watchSignals() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGHUP)
	var busy atomic.Bool
	for range ch {
		select {
		case <-proc.DefaultRegistry.Done():
			logx.Infof("upgrade: SIGHUP ignored: pid %d is shutting down", os.Getpid())
			continue
		default:
		}
		if !busy.CompareAndSwap(false, true) {
			logx.Infof("upgrade: SIGHUP ignored: an upgrade is in progress")
			continue
		}
		go func() {
			defer busy.Store(false)
			u.upgrade()
		}()
	}
}

// upgrade starts the binary at its own path with the same arguments, hands
// it the sockets, and waits until it is ready, or has failed, or
// ReadyTimeout has passed. Once it is ready, this process shuts down
// without propagation delay; otherwise it keeps serving.
func (u *upgrader) upgrade() {
	start := time.Now()
	logx.Infof("upgrade: SIGHUP: pid %d starts %s %v", os.Getpid(), os.Args[0], os.Args[1:])
	observe(func(o Observer) { o.UpgradeStarted(start) })
	notify("RELOADING=1")
	err := u.tf.Upgrade()
	d := time.Since(start)
	if err != nil {
		logx.WithDuration(d).Errorf("upgrade: failed, pid %d keeps serving: %v", os.Getpid(), err)
		observe(func(o Observer) { o.UpgradeFailed(d, err) })
		select {
		case <-proc.DefaultRegistry.Done():
		default:
			notify("READY=1")
		}
		return
	}
	logx.WithDuration(d).Infof("upgrade: new process ready %v after SIGHUP", d.Round(time.Millisecond))
	observe(func(o Observer) { o.UpgradeReady(d) })
	u.retire()
	proc.DefaultRegistry.HandOver(fmt.Sprintf("upgrade: new process ready after %v", d.Round(time.Millisecond)))
}

// notify sends state to the service manager, logging a failure.
func notify(state string) {
	if _, err := Notify(state); err != nil {
		logx.Error(err)
	}
}
