package proc

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

// triggerRecorder is a TriggerObserver that records what it is told.
type triggerRecorder struct {
	recorder
}

func (r *triggerRecorder) StateChanged(s State, _ time.Time)             { r.add("state " + s.String()) }
func (r *triggerRecorder) HookStarted(_ Phase, name string, _ time.Time) { r.add("start " + name) }
func (r *triggerRecorder) HookEnded(_ Phase, name string, o Outcome, _ time.Duration, _ error) {
	r.add("end " + name + " " + o.String())
}
func (r *triggerRecorder) ForceQuit(running []string) { r.add("force quit " + joinNames(running)) }
func (r *triggerRecorder) Triggered(by string, reason error) {
	msg := "<nil>"
	if reason != nil {
		msg = reason.Error()
	}
	r.add("triggered " + by + " " + msg)
}

func joinNames(names []string) string {
	out := "["
	for i, n := range names {
		if i > 0 {
			out += " "
		}
		out += n
	}
	return out + "]"
}

func TestRegistry_TriggerObserverLearnsTheTrigger(t *testing.T) {
	logtest.Discard(t)
	tests := []struct {
		name   string
		give   func(r testRegistry)
		want   string
		reason bool
	}{
		{name: "signal", give: func(r testRegistry) { r.Done(); r.sigs <- syscall.SIGTERM },
			want: "triggered signal 15 (terminated) <nil>"},
		{name: "terminate", give: func(r testRegistry) { r.Terminate(errors.New("lost the broker")) },
			want: "triggered Terminate lost the broker"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				obs := &triggerRecorder{}
				r := newTestRegistry(t, ShutdownConf{}, WithObserver(obs))
				tt.give(r)
				<-r.Finished()
				require.NotEmpty(t, obs.get())
				assert.Equal(t, []string{tt.want, "state wrapping-up"}, obs.get()[:2])
			})
		})
	}
}

func TestRegistry_SecondSignalIsReportedAsForceQuit(t *testing.T) {
	logtest.Discard(t)
	synctest.Test(t, func(t *testing.T) {
		obs := &triggerRecorder{}
		r := newTestRegistry(t, ShutdownConf{WaitTime: time.Hour}, WithObserver(obs))
		release := make(chan struct{})
		require.NoError(t, r.AddWrapUpHook("slow", func(context.Context) error { <-release; return nil }))

		r.sigs <- syscall.SIGTERM
		<-r.Done()
		synctest.Wait() // the hook is running
		r.sigs <- syscall.SIGINT
		assert.Equal(t, 128+int(syscall.SIGINT), <-r.exits)
		assert.Contains(t, obs.get(), "force quit [slow]", "events: %v", obs.get())
		close(release)
		require.NoError(t, r.Wait())
	})
}
