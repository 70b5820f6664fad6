package docs

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var linkRE = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// TestDocs_LinksResolve checks that every relative link of the Markdown
// files names a file or directory of the tree.
func TestDocs_LinksResolve(t *testing.T) {
	for _, f := range markdownFiles(t) {
		for _, l := range readMarkdown(t, f) {
			if l.fence != "" {
				continue
			}
			for _, m := range linkRE.FindAllStringSubmatch(l.text, -1) {
				target, _, _ := strings.Cut(m[1], "#")
				if target == "" || strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				p := path.Join(path.Dir(f), target)
				if _, err := os.Stat(filepath.Join(root, p)); err != nil {
					t.Errorf("%s: link %s: %s does not exist", l, m[1], p)
				}
			}
		}
	}
}
