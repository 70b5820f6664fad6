package plugin

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goctlService copies goctl's output for an API service to a new directory.
func goctlService(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS("../rewrite/testdata/greet")))
	return dir
}

// goctlInput is what goctl writes on a plugin's stdin (plugin.Plugin of
// goctl 1.9.2), with the parts Run does not read left out.
func goctlInput(t *testing.T, dir string) *bytes.Reader {
	t.Helper()
	data, err := json.Marshal(map[string]any{
		"Api": map[string]any{}, "ApiFilePath": dir + "/greet.api", "Style": "gozero", "Dir": dir,
	})
	require.NoError(t, err)
	return bytes.NewReader(data)
}

func TestRun_AsAGoctlPlugin(t *testing.T) {
	dir := goctlService(t)
	var out bytes.Buffer
	require.NoError(t, Run(nil, goctlInput(t, dir), &out))
	assert.Contains(t, out.String(), "internal/handler/routes.go: github.com/zeromicro/go-zero/rest -> github.com/zerodown/zerodown/rest\n")
	assert.True(t, strings.HasSuffix(out.String(), "switched 5 imports in "+dir+" to zerodown\n"), out.String())

	out.Reset()
	require.NoError(t, Run([]string{"-check", "-dir", dir}, nil, &out))
	assert.Equal(t, dir+" uses zerodown\n", out.String())
}

func TestRun_CheckFailsWithImportsLeft(t *testing.T) {
	dir := goctlService(t)
	var out bytes.Buffer
	err := Run([]string{"-check", "-dir", dir}, nil, &out)
	assert.ErrorIs(t, err, ErrPending)
	assert.Equal(t, 5, strings.Count(out.String(), " -> "), out.String())
	src, readErr := os.ReadFile(dir + "/greet.go")
	require.NoError(t, readErr)
	assert.Contains(t, string(src), `"github.com/zeromicro/go-zero/rest"`, "-check changes nothing")
}

func TestRun_BadInput(t *testing.T) {
	tests := []struct {
		name      string
		giveArgs  []string
		giveStdin string
		wantErr   string
	}{
		{name: "no dir, no goctl input", giveStdin: "", wantErr: "stdin is not goctl's plugin input"},
		{name: "not json", giveStdin: "hello", wantErr: "stdin is not goctl's plugin input"},
		{name: "no Dir", giveStdin: `{"ApiFilePath": "a.api"}`, wantErr: "has no Dir"},
		{name: "missing dir", giveArgs: []string{"-dir", "/nonexistent/zerodown"}, wantErr: "/nonexistent/zerodown"},
		{name: "stray argument", giveArgs: []string{"-dir", ".", "extra"}, wantErr: "unexpected arguments"},
		{name: "unknown flag", giveArgs: []string{"-nope"}, wantErr: "-nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := Run(tt.giveArgs, strings.NewReader(tt.giveStdin), &out)
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
}
