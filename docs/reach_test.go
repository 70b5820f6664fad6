package docs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocs_EveryGuideLinkedFromREADME checks that README links every guide,
// English and Chinese.
func TestDocs_EveryGuideLinkedFromREADME(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	guides, err := filepath.Glob(filepath.Join(root, "docs", "*", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range guides {
		rel, err := filepath.Rel(root, g)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(readme), "]("+filepath.ToSlash(rel)) {
			t.Errorf("README.md does not link %s", rel)
		}
	}
}
