package apicheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
)

// listed is what `go list -json` says of a package.
type listed struct {
	ImportPath string
	Name       string
	Dir        string
	GoFiles    []string
	Error      *struct{ Err string }
}

// List runs `go list -json` for the import paths paths in dir (a directory
// of the module whose go.mod selects their versions) and returns, for each
// path, its directory and Go files for the current platform. It needs the
// go command and the module cache (go test has both), nothing built.
func List(dir string, paths ...string) (map[string]Source, error) {
	cmd := exec.Command("go", append([]string{"list", "-e", "-find", "-json=ImportPath,Name,Dir,GoFiles,Error"}, paths...)...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list %v: %w: %s", paths, err, stderr.Bytes())
	}
	srcs := map[string]Source{}
	for dec := json.NewDecoder(bytes.NewReader(out)); dec.More(); {
		var p listed
		if err := dec.Decode(&p); err != nil {
			return nil, fmt.Errorf("go list %v: %w", paths, err)
		}
		if p.Error != nil {
			return nil, fmt.Errorf("go list %s: %s", p.ImportPath, p.Error.Err)
		}
		src := Source{Path: p.ImportPath, Name: p.Name}
		for _, f := range p.GoFiles {
			src.Files = append(src.Files, filepath.Join(p.Dir, f))
		}
		srcs[p.ImportPath] = src
	}
	return srcs, nil
}

// A Source is a package to parse: its import path, name and Go files.
type Source struct {
	Path  string
	Name  string
	Files []string
}

// parse parses the files of s.
func (s Source) parse() ([]*ast.File, error) {
	if len(s.Files) == 0 {
		return nil, errors.New("apicheck: no Go files in " + s.Path)
	}
	fset := token.NewFileSet()
	files := make([]*ast.File, 0, len(s.Files))
	for _, name := range s.Files {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}
