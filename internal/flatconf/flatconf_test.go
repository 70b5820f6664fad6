package flatconf

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
)

type (
	Inner struct{ A int }

	theirs struct {
		Inner
		Host string `json:",default=0.0.0.0"`
		Port int
	}

	ours struct {
		Inner
		Host   string `json:",default=0.0.0.0"`
		Port   int
		Probes string
	}

	wrongTag struct {
		Inner
		Host string `json:",optional"`
		Port int
	}

	nested struct {
		theirs
	}
)

func TestMissing(t *testing.T) {
	assert.Empty(t, Missing(reflect.TypeFor[ours](), reflect.TypeFor[theirs]()))

	got := Missing(reflect.TypeFor[wrongTag](), reflect.TypeFor[theirs]())
	assert.Len(t, got, 1)
	assert.Contains(t, got[0], "flatconf.theirs.Host string `json:\",default=0.0.0.0\"`")
	assert.Contains(t, got[0], "`json:\",optional\"`")

	got = Missing(reflect.TypeFor[nested](), reflect.TypeFor[theirs]())
	assert.Len(t, got, 3, "promoted fields are not declared: a keyed literal cannot name them")
	assert.Contains(t, got[1], "theirs.Host string")
	assert.Contains(t, got[1], "not declared in flatconf.nested")
}

func TestNarrow(t *testing.T) {
	var got theirs
	Narrow(&got, ours{Inner: Inner{A: 1}, Host: "h", Port: 2, Probes: "p"})
	assert.Equal(t, theirs{Inner: Inner{A: 1}, Host: "h", Port: 2}, got)
	assert.Panics(t, func() { Narrow(&got, struct{ Host string }{}) })
}
