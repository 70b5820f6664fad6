package apicheck

import (
	"fmt"
	"go/ast"
	"go/token"
	"path"
	"strconv"
	"strings"
)

// local marks the names of the package itself in rendered text, so that the
// same name in ours and in go-zero's package renders the same.
const local = "·"

// A renderer renders type expressions of one file as text in which every
// name is qualified by its package path (local for the package's own).
type renderer struct {
	imports map[string]string // import name -> path
	// qualify maps a qualified name (path.Name) to the text that stands
	// for it; it returns the name unchanged when no rule applies.
	qualify func(pkgPath, name string) string
}

func newRenderer(f *ast.File, qualify func(pkgPath, name string) string) *renderer {
	r := &renderer{imports: map[string]string{}, qualify: qualify}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := importName(p)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		r.imports[name] = p
	}
	return r
}

// importName guesses the package name of an import path without a name:
// its last element, without a major version suffix.
func importName(p string) string {
	base := path.Base(p)
	if strings.HasPrefix(base, "v") && len(base) > 1 && strings.Trim(base[1:], "0123456789") == "" {
		base = path.Base(path.Dir(p))
	}
	if i := strings.LastIndex(base, "."); i >= 0 && strings.HasPrefix(base[i:], ".v") {
		base = base[:i]
	}
	return strings.TrimPrefix(base, "go-")
}

// ref returns path.Name for a qualified identifier x.Name, or "" if e is
// not one.
func (r *renderer) ref(e ast.Expr) string {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok || r.imports[x.Name] == "" {
		return ""
	}
	return r.imports[x.Name] + "." + sel.Sel.Name
}

func (r *renderer) expr(e ast.Expr) string {
	switch t := e.(type) {
	case nil:
		return ""
	case *ast.Ident:
		if isPredeclared(t.Name) {
			return t.Name
		}
		return r.qualify(local, t.Name)
	case *ast.SelectorExpr:
		if x, ok := t.X.(*ast.Ident); ok && r.imports[x.Name] != "" {
			return r.qualify(r.imports[x.Name], t.Sel.Name)
		}
		return r.expr(t.X) + "." + t.Sel.Name
	case *ast.StarExpr:
		return "*" + r.expr(t.X)
	case *ast.ParenExpr:
		return r.expr(t.X)
	case *ast.Ellipsis:
		return "..." + r.expr(t.Elt)
	case *ast.ArrayType:
		if t.Len == nil {
			return "[]" + r.expr(t.Elt)
		}
		return "[" + r.expr(t.Len) + "]" + r.expr(t.Elt)
	case *ast.BasicLit:
		return t.Value
	case *ast.MapType:
		return "map[" + r.expr(t.Key) + "]" + r.expr(t.Value)
	case *ast.ChanType:
		return chanDir(t.Dir) + r.expr(t.Value)
	case *ast.FuncType:
		return "func" + r.signature(t)
	case *ast.IndexExpr:
		return r.expr(t.X) + "[" + r.expr(t.Index) + "]"
	case *ast.IndexListExpr:
		return r.expr(t.X) + "[" + r.list(t.Indices) + "]"
	case *ast.StructType:
		return "struct{" + r.fields(t.Fields, "; ") + "}"
	case *ast.InterfaceType:
		return "interface{" + r.fields(t.Methods, "; ") + "}"
	case *ast.UnaryExpr:
		return t.Op.String() + r.expr(t.X)
	case *ast.BinaryExpr:
		return r.expr(t.X) + " " + t.Op.String() + " " + r.expr(t.Y)
	case *ast.CallExpr:
		return r.expr(t.Fun) + "(" + r.list(t.Args) + ")"
	default:
		return fmt.Sprintf("<%T>", e)
	}
}

func chanDir(d ast.ChanDir) string {
	switch d {
	case ast.SEND:
		return "chan<- "
	case ast.RECV:
		return "<-chan "
	default:
		return "chan "
	}
}

func (r *renderer) list(es []ast.Expr) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = r.expr(e)
	}
	return strings.Join(parts, ", ")
}

// signature renders the parameter and result types of a function type,
// without their names.
func (r *renderer) signature(t *ast.FuncType) string {
	s := "(" + strings.Join(r.types(t.Params), ", ") + ")"
	switch res := r.types(t.Results); len(res) {
	case 0:
	case 1:
		s += " " + res[0]
	default:
		s += " (" + strings.Join(res, ", ") + ")"
	}
	return s
}

// types renders the type of each entry of fl, once per name.
func (r *renderer) types(fl *ast.FieldList) []string {
	if fl == nil {
		return nil
	}
	var out []string
	for _, f := range fl.List {
		n := max(len(f.Names), 1)
		for range n {
			out = append(out, r.expr(f.Type))
		}
	}
	return out
}

// fields renders the fields or methods of a struct or an interface.
func (r *renderer) fields(fl *ast.FieldList, sep string) string {
	var parts []string
	for _, f := range fl.List {
		typ := r.expr(f.Type)
		if ft, ok := f.Type.(*ast.FuncType); ok {
			typ = r.signature(ft)
		}
		if len(f.Names) == 0 {
			parts = append(parts, typ)
		}
		for _, n := range f.Names {
			parts = append(parts, n.Name+" "+typ)
		}
	}
	return strings.Join(parts, sep)
}

func isPredeclared(name string) bool {
	return token.IsKeyword(name) || strings.Contains(predeclared, " "+name+" ")
}

const predeclared = " any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 int32 int64 " +
	"rune string uint uint8 uint16 uint32 uint64 uintptr true false iota nil append cap clear close complex copy " +
	"delete imag len make max min new panic print println real recover "
