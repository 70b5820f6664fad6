package rewrite

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goctlOutput copies testdata, goctl 1.9.2's own output for an API service
// (greet) and part of an RPC service (hello), to a new directory.
func goctlOutput(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS("testdata")))
	return dir
}

var wantChanged = []string{
	"greet/greet.go: github.com/zeromicro/go-zero/rest -> github.com/zerodown/zerodown/rest",
	"greet/internal/config/config.go: github.com/zeromicro/go-zero/rest -> github.com/zerodown/zerodown/rest",
	"greet/internal/handler/events/eventshandler.go: github.com/zeromicro/go-zero/core/threading -> github.com/zerodown/zerodown/core/threading",
	"greet/internal/handler/routes.go: github.com/zeromicro/go-zero/rest -> github.com/zerodown/zerodown/rest",
	"greet/internal/svc/servicecontext.go: github.com/zeromicro/go-zero/rest -> github.com/zerodown/zerodown/rest",
	"hello/hello.go: github.com/zeromicro/go-zero/core/service -> github.com/zerodown/zerodown/core/service",
	"hello/hello.go: github.com/zeromicro/go-zero/zrpc -> github.com/zerodown/zerodown/zrpc",
	"hello/helloclient/hello.go: github.com/zeromicro/go-zero/zrpc -> github.com/zerodown/zerodown/zrpc",
	"hello/internal/config/config.go: github.com/zeromicro/go-zero/zrpc -> github.com/zerodown/zerodown/zrpc",
}

func TestDir_SwitchesGoctlOutput(t *testing.T) {
	dir := goctlOutput(t)
	before := snapshot(t, dir)

	pending, err := Dir(dir, false)
	require.NoError(t, err)
	assert.Equal(t, wantChanged, strs(pending), "a dry run reports")
	assert.Equal(t, before, snapshot(t, dir), "a dry run changes nothing")

	changes, err := Dir(dir, true)
	require.NoError(t, err)
	assert.Equal(t, wantChanged, strs(changes))
	after := snapshot(t, dir)
	for name, src := range after {
		if strings.HasSuffix(name, ".go") {
			assert.NotContains(t, src, `"github.com/zeromicro/go-zero/rest"`, name)
			assert.NotContains(t, src, `"github.com/zeromicro/go-zero/zrpc"`, name)
		}
		if !strings.Contains(strings.Join(wantChanged, "\n"), filepath.ToSlash(name)+":") {
			assert.Equal(t, before[name], src, "%s changed", name)
		}
	}

	again, err := Dir(dir, true)
	require.NoError(t, err)
	assert.Empty(t, again, "a second run has nothing to do")
}

func TestDir_SkipsWhatTheGoCommandSkips(t *testing.T) {
	dir := t.TempDir()
	src := "package x\n\nimport \"github.com/zeromicro/go-zero/rest\"\n\nvar _ rest.Route\n"
	for _, sub := range []string{"vendor", "testdata", ".git", "_old", "kept"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, sub), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, sub, "x.go"), []byte(src), 0o600))
	}
	changes, err := Dir(dir, true)
	require.NoError(t, err)
	assert.Equal(t, []string{"kept/x.go: github.com/zeromicro/go-zero/rest -> github.com/zerodown/zerodown/rest"},
		strs(changes))
	info, err := os.Stat(filepath.Join(dir, "kept", "x.go"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the file keeps its mode")
}

func TestDir_StopsAtABadFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.go"), []byte("package x\nimport (\n"), 0o644))
	_, err := Dir(dir, true)
	assert.ErrorContains(t, err, "bad.go")

	_, err = Dir(filepath.Join(dir, "missing"), true)
	assert.Error(t, err)
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[rel] = string(data)
		return err
	}))
	return files
}

func strs(changes []Change) []string {
	out := make([]string, len(changes))
	for i, c := range changes {
		out[i] = filepath.ToSlash(c.String())
	}
	return out
}
