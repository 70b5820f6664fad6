package docs

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

var (
	goDirectiveRE = regexp.MustCompile(`(?m)^go (1\.\d+)`)
	// "Go 1.25", "Go >= 1.25", "Go ≥ 1.25", "Go 1.25 or newer"
	goClaimRE = regexp.MustCompile(`\bGo\s*(?:>=|≥)?\s*(1\.\d+)`)
)

// TestDocs_GoVersionIsGoMods checks that every Go version the docs require
// is the one go.mod requires.
func TestDocs_GoVersionIsGoMods(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := goDirectiveRE.FindSubmatch(data)
	if m == nil {
		t.Fatal("go.mod has no go directive")
	}
	want := string(m[1])
	for _, l := range allLines(t) {
		for _, c := range goClaimRE.FindAllStringSubmatch(l.text, -1) {
			if c[1] != want {
				t.Errorf("%s: says Go %s; go.mod requires go %s", l, c[1], want)
			}
		}
	}
}
