package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// testedEnv is set by .ci/run once it has run these tests on their own.
const testedEnv = "ZERODOWN_GOCTL_TESTED"

// goctlVersion is the goctl that CI generates services with.
const goctlVersion = "v1.9.2"

var (
	goctlOnce sync.Once
	goctlPath string
	goctlErr  error
)

// goctl returns the path of goctl goctlVersion, built from the module proxy
// once and kept beside the build cache (GOCACHE/../zerodown-goctl/VERSION),
// so later runs reuse it. The test is skipped, saying why, if it cannot be
// downloaded or built (no network).
func goctl(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("goctl end-to-end test: builds goctl and two services")
	}
	if os.Getenv(testedEnv) != "" {
		t.Skip(testedEnv + " is set: .ci/run has run this test on its own, verbose")
	}
	goctlOnce.Do(func() { goctlPath, goctlErr = buildGoctl() })
	if goctlErr != nil {
		t.Skipf("SKIPPED, NOT PASSED: goctl %s cannot be built here (no network to the module proxy?): %v",
			goctlVersion, goctlErr)
	}
	return goctlPath
}

func buildGoctl() (string, error) {
	cache, err := goEnv("GOCACHE")
	if err != nil {
		return "", err
	}
	dir := filepath.Join(filepath.Dir(cache), "zerodown-goctl", goctlVersion)
	bin := filepath.Join(dir, "goctl")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	out, err := command(os.TempDir(), "go", "mod", "download", "-json",
		"github.com/zeromicro/go-zero/tools/goctl@"+goctlVersion)
	if err != nil {
		return "", err
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal(out, &mod); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(dir, "goctl-*")
	if err != nil {
		return "", err
	}
	_ = tmp.Close()
	if _, err := command(mod.Dir, "go", "build", "-o", tmp.Name(), "."); err != nil {
		_ = os.Remove(tmp.Name())
		return "", err
	}
	return bin, os.Rename(tmp.Name(), bin) // atomic: a concurrent run sees all or nothing
}

func goEnv(name string) (string, error) {
	out, err := command(".", "go", "env", name)
	return strings.TrimSpace(string(out)), err
}

// command runs name with args in dir and returns its stdout, or an error
// with its stderr.
func command(dir, name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, &cmdError{cmd: name + " " + strings.Join(args, " "), err: err, stderr: stderr.String() + string(out)}
	}
	return out, nil
}

type cmdError struct {
	cmd, stderr string
	err         error
}

func (e *cmdError) Error() string { return e.cmd + ": " + e.err.Error() + ": " + e.stderr }

// run runs name with args in dir and fails the test if it fails.
func run(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	out, err := command(dir, name, args...)
	require.NoError(t, err)
	return string(out)
}

// protocTools skips the test, saying why, if protoc or its Go plugins are not
// on PATH (.ci/run installs them).
func protocTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"protoc", "protoc-gen-go", "protoc-gen-go-grpc"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("SKIPPED, NOT PASSED: %s is not on PATH (.ci/run installs it): %v", tool, err)
		}
	}
}

// buildPlugin builds this command into dir and returns its path.
func buildPlugin(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "goctl-plugin")
	run(t, ".", "go", "build", "-o", bin, ".")
	return bin
}

// newModule makes dir the root of module name, which builds against this
// repository (replace) with the versions of its go.mod and go.sum, so that
// building it needs nothing from the network.
func newModule(t *testing.T, dir, name string) {
	t.Helper()
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(gomod), "\n")
	require.True(t, ok)
	mod := "module " + name + "\n" + rest +
		"\nrequire github.com/zerodown/zerodown v0.0.0\n\nreplace github.com/zerodown/zerodown => " + root + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
}
