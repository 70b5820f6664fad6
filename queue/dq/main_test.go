package dq

import (
	"fmt"
	"os"
	"testing"

	"github.com/zeromicro/go-zero/core/logx"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if scenario := os.Getenv(scenarioEnv); scenario != "" {
		os.Exit(runScenario(scenario)) // a subprocess of a test
	}
	logx.SetLevel(logx.ErrorLevel)
	opts := []goleak.Option{goleak.IgnoreCurrent()}
	code := m.Run()
	if code == 0 {
		if err := goleak.Find(opts...); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	os.Exit(code)
}
