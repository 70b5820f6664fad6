package report

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestTruncate(t *testing.T) {
	tests := []struct {
		name     string
		giveText string
		giveMax  int
		wantText string
	}{
		{name: "short", giveText: "a\nb\n", giveMax: 64, wantText: "a\nb\n"},
		{name: "exact", giveText: strings.Repeat("x", 64), giveMax: 64, wantText: strings.Repeat("x", 64)},
		{name: "cut at a line", giveText: "summary\n" + strings.Repeat("x", 100), giveMax: 64,
			wantText: "summary" + truncated},
		{name: "one long line, cut at a rune", giveText: strings.Repeat("é", 100), giveMax: 64,
			wantText: strings.Repeat("é", 23) + truncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := truncate(tt.giveText, tt.giveMax)
			assert.Equal(t, tt.wantText, got)
			assert.LessOrEqual(t, len(got), tt.giveMax)
			assert.True(t, utf8.ValidString(got), "valid UTF-8: %q", got)
		})
	}
}

func TestShortError(t *testing.T) {
	tests := []struct {
		name    string
		giveErr error
		want    string
	}{
		{name: "nil", giveErr: nil, want: ""},
		{name: "first line", giveErr: errors.New("panic: boom\ngoroutine 7 [running]:"), want: "panic: boom"},
		{name: "long", giveErr: errors.New(strings.Repeat("é", 150)), want: strings.Repeat("é", 100) + "..."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, shortError(tt.giveErr))
		})
	}
}
