package docs

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// timelines says where each copy of the shutdown timeline is: the file and
// the heading it follows.
var timelines = []struct{ file, heading string }{
	{"docs/en/shutdown.md", "## The timeline"},
	{"README.md", "## The timeline"},
	{"core/proc/doc.go", "# The timeline"},
	{"docs/zh/shutdown.md", "## 时间线"},
}

// timeline returns the first preformatted block after heading.
func timeline(t *testing.T, file, heading string) []line {
	t.Helper()
	var lines []line
	if strings.HasSuffix(file, ".go") {
		lines = readDocGo(t, file)
	} else {
		lines = readMarkdown(t, file)
	}
	var out []line
	seen := false
	for _, l := range lines {
		switch {
		case !seen:
			seen = l.fence == "" && strings.TrimSpace(l.text) == heading
		case l.fence == "-":
			out = append(out, l)
		case len(out) > 0:
			return out
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s: no timeline block after %q", file, heading)
	}
	return out
}

// codeTokenRE matches what a translation keeps: calls, identifiers, signals,
// numbers and durations.
var codeTokenRE = regexp.MustCompile(`[A-Za-z_]\w*\([^)]*\)|t0(?:\+\w+)?|\d+(?:\.\d+)?(?:ms|s)?(?:\+\w+)?|\b[A-Z][a-z]+[A-Z]\w*|\b[A-Z][A-Z_/]{2,}\b`)

func codeTokens(s string) []string {
	return codeTokenRE.FindAllString(s, -1)
}

// TestDocs_OneTimeline checks that README.md, core/proc/doc.go and
// docs/en/shutdown.md show the same timeline, and that docs/zh/shutdown.md
// shows it line for line with the same names, numbers and durations.
func TestDocs_OneTimeline(t *testing.T) {
	want := timeline(t, timelines[0].file, timelines[0].heading)
	for _, tl := range timelines[1:] {
		got := timeline(t, tl.file, tl.heading)
		if len(got) != len(want) {
			t.Errorf("%s: the timeline has %d lines, %s has %d", got[0], len(got), want[0], len(want))
			continue
		}
		for i := range want {
			if strings.HasPrefix(tl.file, "docs/zh/") {
				if w, g := codeTokens(want[i].text), codeTokens(got[i].text); !slices.Equal(w, g) {
					t.Errorf("%s: the timeline line names %q; %s names %q", got[i], g, want[i], w)
				}
				continue
			}
			if strings.TrimRight(got[i].text, " ") != strings.TrimRight(want[i].text, " ") {
				t.Errorf("%s: the timeline line\n\t%s\ndiffers from %s:\n\t%s", got[i], got[i].text, want[i], want[i].text)
			}
		}
	}
}
