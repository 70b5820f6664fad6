// Package rewrite switches Go source from go-zero's servers and lifecycle to
// zerodown's by their import paths: zerodown's rest, zrpc, core/proc,
// core/threading, core/service, queue/kq and queue/dq (go-queue's kq and dq)
// keep go-zero's (and go-queue's) package names and signatures, so nothing
// else changes.
package rewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"strconv"
)

// Imports maps each go-zero import path that zerodown replaces to its
// replacement. Other go-zero packages (core/conf, rest/httpx, ...) stay.
var Imports = map[string]string{
	"github.com/zeromicro/go-zero/core/proc":      "github.com/zerodown/zerodown/core/proc",
	"github.com/zeromicro/go-zero/core/service":   "github.com/zerodown/zerodown/core/service",
	"github.com/zeromicro/go-zero/core/threading": "github.com/zerodown/zerodown/core/threading",
	"github.com/zeromicro/go-zero/rest":           "github.com/zerodown/zerodown/rest",
	"github.com/zeromicro/go-zero/zrpc":           "github.com/zerodown/zerodown/zrpc",
	"github.com/zeromicro/go-queue/kq":            "github.com/zerodown/zerodown/queue/kq",
	"github.com/zeromicro/go-queue/dq":            "github.com/zerodown/zerodown/queue/dq",
}

// A Change is one import of a file switched to zerodown.
type Change struct {
	// File is the file's name as given.
	File string
	// From and To are the import paths before and after.
	From, To string
}

// String returns "file: from -> to".
func (c Change) String() string {
	return fmt.Sprintf("%s: %s -> %s", c.File, c.From, c.To)
}

// File returns src with its imports of [Imports] switched, the import blocks
// sorted and the file formatted as gofmt does, and the changes made. If there
// is nothing to switch it returns src itself and no changes. name is used in
// errors and changes. A file that does not parse is an error.
func File(name string, src []byte) ([]byte, []Change, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil, nil, fmt.Errorf("parse %s: %w", name, err)
	}
	changes := switchImports(name, f)
	if len(changes) == 0 {
		return src, nil, nil
	}
	ast.SortImports(fset, f)
	var out bytes.Buffer
	if err := format.Node(&out, fset, f); err != nil {
		return nil, nil, fmt.Errorf("format %s: %w", name, err)
	}
	return out.Bytes(), changes, nil
}

// Pending returns the imports of src that [File] would switch, without
// changing anything.
func Pending(name string, src []byte) ([]Change, error) {
	f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	return switchImports(name, f), nil
}

// switchImports switches the import paths of f in place.
func switchImports(name string, f *ast.File) []Change {
	var changes []Change
	for _, imp := range f.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		if to, ok := Imports[path]; ok {
			imp.Path.Value = strconv.Quote(to)
			changes = append(changes, Change{File: name, From: path, To: to})
		}
	}
	return changes
}
