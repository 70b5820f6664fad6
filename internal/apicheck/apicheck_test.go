package apicheck

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testSource(t *testing.T, name string) Source {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", name, "*.go"))
	require.NoError(t, err)
	return Source{Path: "example.com/" + name, Name: name, Files: files}
}

func TestMissing(t *testing.T) {
	var c Checker
	got, err := c.missing(testSource(t, "ours"), testSource(t, "theirs"))
	require.NoError(t, err)
	assert.Equal(t, []string{
		"ours.Conf.Timeout: field int64 here, field time.Duration in go-zero",
		"ours.Env: func (string) time.Duration here, func (string) string in go-zero",
		"ours.Option: type func(*·options) here, type func(*·Server) in go-zero",
		"ours.Server.Serve: missing (go-zero: method (net/http.ResponseWriter, *net/http.Request))",
	}, got, "Rate, ErrBad, Stopper and Alias refer to go-zero's; Register takes one more variadic option")
}

func TestMissing_Itself(t *testing.T) {
	var c Checker
	got, err := c.missing(testSource(t, "theirs"), testSource(t, "theirs"))
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestImportName(t *testing.T) {
	for path, want := range map[string]string{
		"net/http":                          "http",
		"github.com/redis/go-redis/v9":      "redis",
		"gopkg.in/yaml.v3":                  "yaml",
		"github.com/zeromicro/go-zero/rest": "rest",
	} {
		assert.Equal(t, want, importName(path), path)
	}
}
