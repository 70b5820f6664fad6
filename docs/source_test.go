package docs

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// root is the repository's root, relative to this package.
const root = ".."

// A line is one line of a document, with where it is and what kind of text it
// holds.
type line struct {
	file  string // relative to root
	num   int
	text  string
	fence string // the fenced block's language ("" outside one; "-" for a fence without one)
}

func (l line) String() string { return l.file + ":" + strconv.Itoa(l.num) }

// markdownFiles returns README.md, every Markdown file under docs/ and
// every example's README.md.
func markdownFiles(t *testing.T) []string {
	t.Helper()
	files := []string{"README.md"}
	for _, dir := range []string{"docs", "example"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			if !d.IsDir() && strings.HasSuffix(p, ".md") && (dir == "docs" || d.Name() == "README.md") {
				files = append(files, filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// docGoFiles returns every package's doc.go.
func docGoFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != root {
			return filepath.SkipDir
		}
		if d.Name() == "doc.go" {
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var fenceRE = regexp.MustCompile("^\\s*```\\s*([A-Za-z]*)")

// readMarkdown returns the lines of a Markdown file, each with the language
// of the fenced block it is in; fence lines themselves are left out.
func readMarkdown(t *testing.T, file string) []line {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, file))
	if err != nil {
		t.Fatal(err)
	}
	var out []line
	fence := ""
	for i, text := range strings.Split(string(data), "\n") {
		if m := fenceRE.FindStringSubmatch(text); m != nil {
			if fence == "" {
				fence = m[1]
				if fence == "" {
					fence = "-"
				}
			} else {
				fence = ""
			}
			continue
		}
		out = append(out, line{file: file, num: i + 1, text: text, fence: fence})
	}
	return out
}

// readDocGo returns the comment lines of a doc.go, the comment markers cut;
// lines indented by a tab in the comment (preformatted) are in fence "-".
func readDocGo(t *testing.T, file string) []line {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, file))
	if err != nil {
		t.Fatal(err)
	}
	var out []line
	for i, text := range strings.Split(string(data), "\n") {
		c, ok := strings.CutPrefix(text, "//")
		if !ok || strings.HasPrefix(c, "go:") {
			continue
		}
		l := line{file: file, num: i + 1, text: strings.TrimPrefix(c, " ")}
		if strings.HasPrefix(c, "\t") || strings.HasPrefix(c, " \t") {
			l.fence, l.text = "-", strings.TrimPrefix(strings.TrimPrefix(c, " "), "\t")
		}
		out = append(out, l)
	}
	return out
}

// allLines returns the lines of every Markdown file and every doc.go.
func allLines(t *testing.T) []line {
	t.Helper()
	var out []line
	for _, f := range markdownFiles(t) {
		out = append(out, readMarkdown(t, f)...)
	}
	for _, f := range docGoFiles(t) {
		out = append(out, readDocGo(t, f)...)
	}
	return out
}

var codeSpanRE = regexp.MustCompile("`([^`]+)`")

// codeSpans returns the text of each inline code span of a prose line.
func codeSpans(text string) []string {
	var out []string
	for _, m := range codeSpanRE.FindAllStringSubmatch(text, -1) {
		out = append(out, m[1])
	}
	return out
}
