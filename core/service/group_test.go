package service

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/zeromicro/go-zero/core/logx"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/core/proc/proctest"
	"github.com/zerodown/zerodown/queue/kq"
	"github.com/zerodown/zerodown/rest"
)

const scenarioEnv = "SERVICE_TEST_SCENARIO"

type plainService struct {
	name      string
	stopTakes time.Duration
	stop      chan struct{}
}

func (s *plainService) Start() { <-s.stop }
func (s *plainService) Stop() {
	fmt.Println("plain service stop", s.name)
	time.Sleep(s.stopTakes) // the work of stopping
	fmt.Println("plain service stopped", s.name)
	close(s.stop)
}

// scenarioGroup is a looklook-style mq service: a ServiceGroup with a rest
// server, a kq consumer and a plain Service, and a DB closed by a shutdown
// listener. It prints its timeline.
func scenarioGroup() int {
	shutdown := proc.ShutdownConf{WrapUpTime: 300 * time.Millisecond, WaitTime: 5 * time.Second}
	svc := ServiceConf{Name: "mq", Log: logx.LogConf{Level: "info"}}
	proc.AddShutdownListener(func() { fmt.Println("db closed") })

	var rc rest.RestConf
	rc.ServiceConf = svc
	rc.Host = "127.0.0.1"
	rc.Shutdown.WrapUpTime, rc.Shutdown.WaitTime = shutdown.WrapUpTime, shutdown.WaitTime
	server := rest.MustNewServer(rc)

	kc := kq.KqConf{ServiceConf: svc, Brokers: strings.Split(os.Getenv("SERVICE_BROKERS"), ","),
		Group: "mq", Topic: "orders", Offset: "first", Conns: 1, Processors: 8,
		MinBytes: 1, MaxBytes: 1 << 20, ForceCommit: true}
	kc.Shutdown.WrapUpTime, kc.Shutdown.WaitTime = shutdown.WrapUpTime, shutdown.WaitTime
	queue := kq.MustNewQueue(kc, kq.WithHandle(func(ctx context.Context, key, value string) error {
		fmt.Println("handler start", value)
		time.Sleep(200 * time.Millisecond) // the work
		fmt.Println("handler done", value)
		return nil
	}), kq.WithMaxWait(100*time.Millisecond))

	go func() {
		<-proc.Done()
		fmt.Println("t0")
	}()
	go func() {
		<-proc.Draining()
		fmt.Println("drain")
	}()
	group := NewServiceGroup()
	defer group.Stop()
	group.Add(server)
	group.Add(queue)
	group.Add(&plainService{name: "first", stop: make(chan struct{})})
	group.Add(&plainService{name: "second", stopTakes: 100 * time.Millisecond, stop: make(chan struct{})})
	fmt.Println("ready")
	group.Start()
	fmt.Println("group start returned")
	return 0
}

// A ServiceGroup stops each member in its phase: the consumer at t0, the
// server after the propagation delay, the plain Services in the shutdown
// phase, one at a time in reverse order of Add, before the DB close; Start
// returns after all of it, exit 0.
//
// go-zero's ServiceGroup stops all members at once from a shutdown listener,
// after the drain: the consumer keeps pulling through the whole shutdown (with
// go-queue's kq), and "first" stops while "second" still stops (this test
// run with go-zero's group fails on the reverse order).
func TestServiceGroup_SigtermStopsEachMemberInItsPhase(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess test")
	}
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(1, "orders"))
	require.NoError(t, err)
	defer c.Close()
	brokers := strings.Join(c.ListenAddrs(), ",")
	cl, err := kgo.NewClient(kgo.SeedBrokers(c.ListenAddrs()...), kgo.DefaultProduceTopic("orders"))
	require.NoError(t, err)
	defer cl.Close()
	for _, v := range []string{"1", "2"} {
		require.NoError(t, cl.ProduceSync(context.Background(), &kgo.Record{Value: []byte(v)}).FirstErr())
	}

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), scenarioEnv+"=group", "SERVICE_BROKERS="+brokers)
	p := proctest.StartCommand(t, cmd, "ready")
	p.Await(t, "handler start 1")
	p.Signal(t, syscall.SIGTERM)
	require.Equal(t, 0, p.Wait(t), p.Output())
	// Processors 8: both records start at once; both finish, none starts after t0.
	m := p.Markers()
	t.Log(strings.Join(m, "\n"))
	index := func(s string) int {
		for i, l := range m {
			if l == s {
				return i
			}
		}
		t.Errorf("no %q in %q", s, m)
		return -1
	}
	t0, drain, plain, db, ret := index("t0"), index("drain"), index("plain service stop second"), index("db closed"), index("group start returned")
	assert.Less(t, index("plain service stopped second"), index("plain service stop first"),
		"plain services stop one at a time in reverse order of Add")
	assert.Less(t, index("plain service stopped first"), db, "the plain services stop before the DB close")
	assert.Less(t, t0, drain, "t0 before the drain")
	assert.Less(t, drain, plain, "the servers drain before the plain service stops")
	assert.Less(t, plain, db, "the plain service stops before the DB close")
	assert.Less(t, db, ret, "Start returns after the whole sequence")
	for _, v := range []string{"1", "2"} {
		if i := indexOf(m, "handler start "+v); i >= 0 {
			assert.Less(t, i, t0+1, "handler %s started after t0", v)
			assert.Less(t, index("handler done "+v), plain, "handler %s done before the plain stop", v)
		}
	}
	out := p.Output()
	stopped := strings.Index(out, "kq: kq orders: stopped fetching")
	drained := strings.Index(out, "drained")
	assert.True(t, stopped >= 0 && drained > stopped, "the consumer stops before the server drains:\n%s", out)
}

func indexOf(m []string, s string) int {
	for i, l := range m {
		if l == s {
			return i
		}
	}
	return -1
}
