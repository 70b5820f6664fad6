package mdsection

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSet_ReplacesOnlyItsSection(t *testing.T) {
	doc := "# T\n\nprose\n\n" + Begin("a") + "\nold a\n" + End("a") + "\n\nmiddle\n\n" +
		Begin("b") + "\nold b\n" + End("b") + "\ntail\n"
	got, err := Set([]byte(doc), "b", "## B", "new b\nline 2\n")
	require.NoError(t, err)
	want := "# T\n\nprose\n\n" + Begin("a") + "\nold a\n" + End("a") + "\n\nmiddle\n\n" +
		Begin("b") + "\nnew b\nline 2\n" + End("b") + "\ntail\n"
	assert.Equal(t, want, string(got))
	assert.Equal(t, []string{"a", "b"}, Keys(got))
}

func TestSet_AddsANewSectionBeforeNewHere(t *testing.T) {
	doc := "# T\n\n" + NewHere + "\n\n## Notes\n"
	got, err := Set([]byte(doc), "c", "### C", "body")
	require.NoError(t, err)
	want := "# T\n\n### C\n\n" + Begin("c") + "\nbody\n" + End("c") + "\n\n" + NewHere + "\n\n## Notes\n"
	assert.Equal(t, want, string(got))

	again, err := Set(got, "c", "### C", "body 2")
	require.NoError(t, err)
	assert.Contains(t, string(again), "\nbody 2\n")
	assert.NotContains(t, string(again), "\nbody\n")
}

func TestSet_AddsAtTheEndWithoutNewHere(t *testing.T) {
	got, err := Set([]byte("# T\n"), "c", "### C", "body")
	require.NoError(t, err)
	assert.Equal(t, "# T\n\n### C\n\n"+Begin("c")+"\nbody\n"+End("c")+"\n", string(got))
}

func TestSet_RefusesBrokenMarkers(t *testing.T) {
	tests := []struct {
		name, doc, key string
	}{
		{name: "bad key", doc: "", key: "A B"},
		{name: "begin without end", doc: Begin("a") + "\nx\n", key: "a"},
		{name: "end before begin", doc: End("a") + "\n" + Begin("a"), key: "a"},
		{name: "two begins", doc: Begin("a") + Begin("a") + End("a"), key: "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Set([]byte(tt.doc), tt.key, "## A", "x")
			assert.Error(t, err)
		})
	}
}
