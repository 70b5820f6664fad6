package apicheck

import (
	"go/ast"
	"go/token"
	"strings"
)

// Kinds of declarations.
const (
	Const  = "const"
	Var    = "var"
	Func   = "func"
	Type   = "type"
	Method = "method"
	Field  = "field"
)

type (
	// An API is the exported declarations of a package, by name; the
	// methods and fields of a type T are named T.Name.
	API struct {
		Path  string
		Decls map[string]Decl
	}

	// A Decl is one exported declaration.
	Decl struct {
		Kind string
		// Text is the rendered type or signature: a function's or method's
		// signature, a field's type, a defined type's underlying type
		// ("struct" or "interface" for those, whose members are Decls of
		// their own), a variable's or constant's type, or its value when
		// it has no type.
		Text string
		// Params and Results are a function's or method's parameter types
		// and rendered results.
		Params  []string
		Results string
		// Ref is path.Name when the declaration is another package's name:
		// an alias type, or a var or const whose value is that name.
		Ref string
	}
)

// collect returns the exported declarations of files, rendered with
// qualify (see renderer).
func collect(pkgPath string, files []*ast.File, qualify func(pkgPath, name string) string) API {
	api := API{Path: pkgPath, Decls: map[string]Decl{}}
	for _, f := range files {
		r := newRenderer(f, qualify)
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				api.addFunc(r, d)
			case *ast.GenDecl:
				api.addGen(r, d)
			}
		}
	}
	return api
}

func (a API) addFunc(r *renderer, d *ast.FuncDecl) {
	if !d.Name.IsExported() {
		return
	}
	if d.Recv == nil {
		a.Decls[d.Name.Name] = r.funcDecl(Func, d.Type)
		return
	}
	recv := receiverName(d.Recv.List[0].Type)
	if ast.IsExported(recv) {
		a.Decls[recv+"."+d.Name.Name] = r.funcDecl(Method, d.Type)
	}
}

// receiverName returns T of a receiver of type T, *T or T[P].
func receiverName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

func (a API) addGen(r *renderer, d *ast.GenDecl) {
	for i, spec := range d.Specs {
		switch s := spec.(type) {
		case *ast.TypeSpec:
			if s.Name.IsExported() {
				a.addType(r, s)
			}
		case *ast.ValueSpec:
			a.addValue(r, d.Tok, s, i, d.Specs)
		}
	}
}

func (a API) addType(r *renderer, s *ast.TypeSpec) {
	name := s.Name.Name
	if s.Assign.IsValid() {
		a.Decls[name] = Decl{Kind: Type, Text: r.expr(s.Type), Ref: r.ref(s.Type)}
		return
	}
	switch t := s.Type.(type) {
	case *ast.StructType:
		a.Decls[name] = Decl{Kind: Type, Text: "struct"}
		a.addMembers(r, name, Field, t.Fields)
	case *ast.InterfaceType:
		a.Decls[name] = Decl{Kind: Type, Text: "interface"}
		a.addMembers(r, name, Method, t.Methods)
	default:
		a.Decls[name] = Decl{Kind: Type, Text: r.expr(s.Type)}
	}
}

// addMembers adds the exported fields of a struct, or the methods (and
// embedded interfaces) of an interface, named type.Name.
func (a API) addMembers(r *renderer, typ, kind string, fl *ast.FieldList) {
	for _, f := range fl.List {
		d := Decl{Kind: kind, Text: r.expr(f.Type)}
		if ft, ok := f.Type.(*ast.FuncType); ok {
			d = r.funcDecl(kind, ft)
		}
		names := make([]string, 0, len(f.Names))
		for _, n := range f.Names {
			names = append(names, n.Name)
		}
		if len(names) == 0 { // embedded: named after its type
			names = append(names, embeddedName(f.Type))
		}
		for _, n := range names {
			if ast.IsExported(n) {
				a.Decls[typ+"."+n] = d
			}
		}
	}
}

func (r *renderer) funcDecl(kind string, t *ast.FuncType) Decl {
	return Decl{Kind: kind, Text: r.signature(t), Params: r.types(t.Params),
		Results: strings.Join(r.types(t.Results), ", ")}
}

func embeddedName(e ast.Expr) string {
	if sel, ok := e.(*ast.SelectorExpr); ok {
		return sel.Sel.Name
	}
	return receiverName(e)
}

// addValue adds the exported names of a const or var spec; a const spec
// without values repeats the last one with values (iota).
func (a API) addValue(r *renderer, tok token.Token, s *ast.ValueSpec, i int, specs []ast.Spec) {
	kind := Var
	if tok == token.CONST {
		kind = Const
	}
	typ, values := s.Type, s.Values
	if tok == token.CONST && typ == nil && len(values) == 0 {
		for j := i - 1; j >= 0; j-- {
			if prev := specs[j].(*ast.ValueSpec); len(prev.Values) > 0 || prev.Type != nil {
				typ, values = prev.Type, prev.Values
				break
			}
		}
	}
	for j, n := range s.Names {
		if !n.IsExported() {
			continue
		}
		d := Decl{Kind: kind}
		if j < len(values) {
			d.Ref = r.ref(values[j])
			d.Text = r.expr(values[j])
		}
		if typ != nil {
			d.Text = r.expr(typ)
		}
		a.Decls[n.Name] = d
	}
}

// members returns the names of the members of type typ in a.
func (a API) members(typ string) []string {
	var out []string
	for name := range a.Decls {
		if strings.HasPrefix(name, typ+".") {
			out = append(out, name)
		}
	}
	return out
}
