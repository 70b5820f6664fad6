package confkeys

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/zeromicro/go-zero/core/logx/logtest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreCurrent())
}

type shutdownConf struct {
	WrapUpTime time.Duration `json:",default=1s"`
	WaitTime   time.Duration `json:",default=5.5s"`
}

type restDrain struct {
	Timeout     time.Duration `json:",default=3s"`
	QuietPeriod time.Duration `json:",default=500ms"`
}

type rpcDrain struct {
	Timeout       time.Duration `json:",default=3s"`
	StreamTimeout time.Duration `json:",default=2s"`
}

var _ = Add("Shutdown", reflect.TypeFor[shutdownConf]()) &&
	Add("Drain", reflect.TypeFor[restDrain]()) && Add("Drain", reflect.TypeFor[rpcDrain]())

const doc = `Name: svc
shutdown: {WaitTimeout: 3s, wrapuptime: 1s}
Rest:
  Name: api
  Drain: {Timeout: 1s, StreamTimeout: 1s, QuitePeriod: 1s}
Rpc:
  Name: rpc
  Drain: {Timout: 1s, Frobnicate: 2}
Mine:
  Drain: {Anything: 1}
`

func TestCheck(t *testing.T) {
	got, err := Check([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []Finding{
		{Path: "shutdown.WaitTimeout", Key: "WaitTimeout", Closest: "WaitTime"},
		{Path: "Rest.Drain.QuitePeriod", Key: "QuitePeriod", Closest: "QuietPeriod"},
		{Path: "Rpc.Drain.Timout", Key: "Timout", Closest: "Timeout"},
		{Path: "Rpc.Drain.Frobnicate", Key: "Frobnicate"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Check:\n got %+v\nwant %+v", got, want)
	}
	if s := want[0].String(); !strings.Contains(s, "did you mean WaitTime?") {
		t.Errorf("String() = %q, want the closest key", s)
	}
}

func TestReportOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "svc.yaml")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	fs := flag.CommandLine
	t.Cleanup(func() { flag.CommandLine = fs })
	flag.CommandLine = flag.NewFlagSet("svc", flag.ContinueOnError)
	flag.String("f", path, "the config file")

	logs := logtest.NewCollector(t)
	ReportOnce()
	ReportOnce()
	if n := strings.Count(logs.String(), "unknown key shutdown.WaitTimeout"); n != 1 {
		t.Fatalf("reported %d times, want once:\n%s", n, logs.String())
	}
}
