package rewrite

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Dir switches the imports of every .go file under dir, as [File] does, and
// returns the changes, with file names relative to dir. With write false it
// only reports what it would change (as [Pending]). Directories named
// vendor or testdata, or beginning with "." or "_", are skipped, as the go
// command skips them. A file is rewritten in place, keeping its mode, only if
// it changes; Dir stops at the first file it cannot read, parse or write,
// having rewritten the files before it.
func Dir(dir string, write bool) ([]Change, error) {
	var all []Change
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != dir && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		changes, err := rewritePath(dir, path, write)
		all = append(all, changes...)
		return err
	})
	if err != nil {
		return all, fmt.Errorf("rewrite %s: %w", dir, err)
	}
	return all, nil
}

func skipDir(name string) bool {
	return name == "vendor" || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

func rewritePath(dir, path string, write bool) ([]Change, error) {
	rel, err := filepath.Rel(dir, path)
	if err != nil {
		rel = path
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !write {
		return Pending(rel, src)
	}
	out, changes, err := File(rel, src)
	if err != nil || len(changes) == 0 {
		return nil, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, out, info.Mode().Perm()); err != nil {
		return nil, err
	}
	return changes, nil
}
