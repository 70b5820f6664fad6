// Package flatconf compares and converts the flat conf structs of rest and
// zrpc with go-zero's: ours declare every field of go-zero's conf directly
// (same name, type and tag), so that go-zero's keyed literals compile, and
// add fields of their own beside them.
package flatconf

import (
	"fmt"
	"reflect"
)

// Missing returns, for each field of the struct type theirs that ours does
// not carry with the same name, type and tag, a line that names it and says
// what differs. It returns nil if ours carries every field.
func Missing(ours, theirs reflect.Type) []string {
	var missing []string
	for i := range theirs.NumField() {
		want := theirs.Field(i)
		got, ok := ours.FieldByName(want.Name)
		switch {
		case !ok || len(got.Index) != 1:
			missing = append(missing, fmt.Sprintf("%s.%s %v `%s`: not declared in %s",
				theirs, want.Name, want.Type, want.Tag, ours))
		case got.Type != want.Type || got.Tag != want.Tag || got.Anonymous != want.Anonymous:
			missing = append(missing, fmt.Sprintf("%s.%s %v `%s` (embedded %t): %s has %v `%s` (embedded %t)",
				theirs, want.Name, want.Type, want.Tag, want.Anonymous, ours, got.Type, got.Tag, got.Anonymous))
		}
	}
	return missing
}

// Narrow sets every field of the struct *dst to the field of the same name
// of the struct src. src must carry every field of *dst with the same type,
// as [Missing] checks; Narrow panics otherwise.
func Narrow[T, S any](dst *T, src S) {
	d := reflect.ValueOf(dst).Elem()
	s := reflect.ValueOf(src)
	for i := range d.NumField() {
		d.Field(i).Set(s.FieldByName(d.Type().Field(i).Name))
	}
}
