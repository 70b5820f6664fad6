package rewrite

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFile(t *testing.T) {
	tests := []struct {
		name        string
		give        string
		want        string
		wantChanges []Change
	}{
		{
			name: "switches and sorts",
			give: "package main\n\nimport (\n\t\"flag\"\n\n\t\"github.com/zeromicro/go-zero/core/conf\"\n\t\"github.com/zeromicro/go-zero/rest\"\n\t\"github.com/zeromicro/go-zero/zrpc\"\n)\n",
			want: "package main\n\nimport (\n\t\"flag\"\n\n\t\"github.com/zerodown/zerodown/rest\"\n\t\"github.com/zerodown/zerodown/zrpc\"\n\t\"github.com/zeromicro/go-zero/core/conf\"\n)\n",
			wantChanges: []Change{
				{File: "f.go", From: "github.com/zeromicro/go-zero/rest", To: "github.com/zerodown/zerodown/rest"},
				{File: "f.go", From: "github.com/zeromicro/go-zero/zrpc", To: "github.com/zerodown/zerodown/zrpc"},
			},
		},
		{
			name: "keeps an alias",
			give: "package main\n\nimport gz \"github.com/zeromicro/go-zero/core/proc\"\n\nvar _ = gz.Done\n",
			want: "package main\n\nimport gz \"github.com/zerodown/zerodown/core/proc\"\n\nvar _ = gz.Done\n",
			wantChanges: []Change{
				{File: "f.go", From: "github.com/zeromicro/go-zero/core/proc", To: "github.com/zerodown/zerodown/core/proc"},
			},
		},
		{
			name: "switches threading",
			give: "package logic\n\nimport \"github.com/zeromicro/go-zero/core/threading\"\n\nvar _ = threading.GoSafe\n",
			want: "package logic\n\nimport \"github.com/zerodown/zerodown/core/threading\"\n\nvar _ = threading.GoSafe\n",
			wantChanges: []Change{
				{File: "f.go", From: "github.com/zeromicro/go-zero/core/threading", To: "github.com/zerodown/zerodown/core/threading"},
			},
		},
		{
			name: "switches go-queue's kq and go-zero's core/service (looklook mq main)",
			give: "package main\n\nimport (\n\t\"github.com/zeromicro/go-queue/kq\"\n\t\"github.com/zeromicro/go-zero/core/service\"\n)\n\nvar _ = kq.MustNewQueue\nvar _ = service.NewServiceGroup\n",
			want: "package main\n\nimport (\n\t\"github.com/zerodown/zerodown/core/service\"\n\t\"github.com/zerodown/zerodown/queue/kq\"\n)\n\nvar _ = kq.MustNewQueue\nvar _ = service.NewServiceGroup\n",
			wantChanges: []Change{
				{File: "f.go", From: "github.com/zeromicro/go-queue/kq", To: "github.com/zerodown/zerodown/queue/kq"},
				{File: "f.go", From: "github.com/zeromicro/go-zero/core/service", To: "github.com/zerodown/zerodown/core/service"},
			},
		},
		{
			name: "switches go-queue's dq",
			give: "package main\n\nimport \"github.com/zeromicro/go-queue/dq\"\n\nvar _ = dq.NewConsumer\n",
			want: "package main\n\nimport \"github.com/zerodown/zerodown/queue/dq\"\n\nvar _ = dq.NewConsumer\n",
			wantChanges: []Change{
				{File: "f.go", From: "github.com/zeromicro/go-queue/dq", To: "github.com/zerodown/zerodown/queue/dq"},
			},
		},
		{
			name: "leaves other go-zero packages",
			give: "package handler\n\nimport \"github.com/zeromicro/go-zero/rest/httpx\"\n\nvar _ = httpx.Parse\n",
			want: "package handler\n\nimport \"github.com/zeromicro/go-zero/rest/httpx\"\n\nvar _ = httpx.Parse\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, changes, err := File("f.go", []byte(tt.give))
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
			assert.Equal(t, tt.wantChanges, changes)
		})
	}
}

func TestFile_NoChangeReturnsTheSourceItself(t *testing.T) {
	src := []byte("package main\n\nimport   \"fmt\"\n\nvar _ = fmt.Sprint\n") // not gofmt'ed: left alone
	got, changes, err := File("f.go", src)
	require.NoError(t, err)
	assert.Empty(t, changes)
	assert.True(t, bytes.Equal(src, got) && &got[0] == &src[0], "want src itself, got %q", got)
}

func TestFile_BadSource(t *testing.T) {
	_, _, err := File("broken.go", []byte("package main\n\nimport (\n"))
	assert.ErrorContains(t, err, "parse broken.go")
}

func TestChange_String(t *testing.T) {
	c := Change{File: "greet.go", From: "a", To: "b"}
	assert.Equal(t, "greet.go: a -> b", c.String())
}
