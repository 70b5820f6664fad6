package docs

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestDocs_ChineseSaysTheSame checks that every English guide has a Chinese
// one with as many sections, the same code blocks' languages and the same
// code spans (names, keys, values, commands), so that a change to one shows
// as a difference in the other.
func TestDocs_ChineseSaysTheSame(t *testing.T) {
	en, err := filepath.Glob(filepath.Join(root, "docs/en/*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range en {
		name := filepath.Base(p)
		enFile, zhFile := "docs/en/"+name, "docs/zh/"+name
		if _, err := os.Stat(filepath.Join(root, zhFile)); err != nil {
			t.Errorf("%s has no Chinese version %s", enFile, zhFile)
			continue
		}
		e, z := summarize(readMarkdown(t, enFile)), summarize(readMarkdown(t, zhFile))
		if e.sections != z.sections {
			t.Errorf("%s has %d sections, %s has %d", enFile, e.sections, zhFile, z.sections)
		}
		if !slices.Equal(e.fences, z.fences) {
			t.Errorf("%s has code blocks %v, %s has %v", enFile, e.fences, zhFile, z.fences)
		}
		for _, s := range missing(e.spans, z.spans) {
			t.Errorf("%s: `%s` is not in %s", e.where[s], s, zhFile)
		}
		for _, s := range missing(z.spans, e.spans) {
			t.Errorf("%s: `%s` is not in %s", z.where[s], s, enFile)
		}
	}
}

type summary struct {
	sections int
	fences   []string
	spans    []string
	where    map[string]line
}

func summarize(lines []line) summary {
	s := summary{where: map[string]line{}}
	for i, l := range lines {
		if l.fence != "" {
			if i == 0 || lines[i-1].fence == "" || lines[i-1].num != l.num-1 {
				s.fences = append(s.fences, l.fence)
			}
			continue
		}
		if strings.HasPrefix(l.text, "## ") {
			s.sections++
		}
		for _, span := range codeSpans(l.text) {
			if _, ok := s.where[span]; !ok {
				s.where[span] = l
				s.spans = append(s.spans, span)
			}
		}
	}
	return s
}

// missing returns the items of a that b lacks.
func missing(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
