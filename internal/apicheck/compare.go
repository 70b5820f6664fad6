package apicheck

import (
	"fmt"
	"go/ast"
	"slices"
	"strings"
)

// A Checker compares packages of the module in Dir with go-zero's.
type Checker struct {
	// Dir is a directory of the module whose go.mod selects the versions.
	Dir string

	defs map[string]*ast.TypeSpec // path.Name of an internal type -> its spec
	imps map[string]*ast.File     // path.Name -> the file that declares it
}

// Missing returns one line for each exported declaration of a go-zero
// package that its stand-in lacks or declares differently (see the package
// doc), sorted; nil if none lacks any. pairs maps the import path of each
// stand-in to that of its go-zero package.
func (c *Checker) Missing(pairs map[string]string) ([]string, error) {
	var paths []string
	for ours, theirs := range pairs {
		paths = append(paths, ours, theirs)
	}
	srcs, err := List(c.Dir, paths...)
	if err != nil {
		return nil, err
	}
	var out []string
	for ours, theirs := range pairs {
		lines, err := c.missing(srcs[ours], srcs[theirs])
		if err != nil {
			return nil, err
		}
		out = append(out, lines...)
	}
	slices.Sort(out)
	return out, nil
}

func (c *Checker) missing(ours, theirs Source) ([]string, error) {
	theirFiles, err := theirs.parse()
	if err != nil {
		return nil, err
	}
	ourFiles, err := ours.parse()
	if err != nil {
		return nil, err
	}
	aliases := exportedAliases(theirFiles)
	want := collect(theirs.Path, theirFiles, func(p, name string) string {
		return c.qualifyTheirs(p, name, aliases, 0)
	})
	got := collect(ours.Path, ourFiles, func(p, name string) string {
		if p == local || p == theirs.Path {
			return local + name
		}
		return p + "." + name
	})
	return compare(ours.Name, got, want), nil
}

// exportedAliases maps path.Name to Alias for each `type Alias = x.Name`
// of files, x being another package.
func exportedAliases(files []*ast.File) map[string]string {
	aliases := map[string]string{}
	for _, f := range files {
		r := newRenderer(f, nil)
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, spec := range gd.Specs {
				if ts, ok := spec.(*ast.TypeSpec); ok && ts.Assign.IsValid() && ts.Name.IsExported() {
					if ref := r.ref(ts.Type); ref != "" {
						aliases[ref] = ts.Name.Name
					}
				}
			}
		}
	}
	return aliases
}

// qualifyTheirs renders a name used in go-zero's package: its own names and
// the internal names it re-exports as local ones; the internal names it
// does not re-export as their definition.
func (c *Checker) qualifyTheirs(p, name string, aliases map[string]string, depth int) string {
	switch {
	case p == local:
		return local + name
	case aliases[p+"."+name] != "":
		return local + aliases[p+"."+name]
	case strings.Contains(p+"/", "/internal/") && depth < 4:
		if spec, f := c.internalDef(p, name); spec != nil {
			r := newRenderer(f, func(q, n string) string {
				if q == local {
					q = p
				}
				return c.qualifyTheirs(q, n, aliases, depth+1)
			})
			return r.expr(spec.Type)
		}
	}
	return p + "." + name
}

// internalDef returns the spec of type name of the package p and its file,
// or nil if it is not found.
func (c *Checker) internalDef(p, name string) (*ast.TypeSpec, *ast.File) {
	if c.defs == nil {
		c.defs, c.imps = map[string]*ast.TypeSpec{}, map[string]*ast.File{}
	}
	key := p + "." + name
	if spec, ok := c.defs[key]; ok {
		return spec, c.imps[key]
	}
	c.defs[key] = nil
	srcs, err := List(c.Dir, p)
	if err != nil {
		return nil, nil
	}
	files, err := srcs[p].parse()
	if err != nil {
		return nil, nil
	}
	for _, f := range files {
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok {
				for _, spec := range gd.Specs {
					if ts, ok := spec.(*ast.TypeSpec); ok && ts.Name.Name == name {
						c.defs[key], c.imps[key] = ts, f
					}
				}
			}
		}
	}
	return c.defs[key], c.imps[key]
}

// compare returns what got lacks of want, each line naming pkg.Name.
func compare(pkg string, got, want API) []string {
	var out []string
	same := map[string]bool{} // types of ours that are go-zero's
	for name, w := range want.Decls {
		if w.Kind != Type {
			continue
		}
		if g, ok := got.Decls[name]; ok && g.Kind == Type && (g.Ref == want.Path+"."+name || (w.Ref != "" && g.Ref == w.Ref)) {
			same[name] = true
		}
	}
	for name, w := range want.Decls {
		if owner, _, ok := strings.Cut(name, "."); ok && same[owner] {
			continue
		}
		if msg := mismatch(got.Decls[name], w, want.Path+"."+name, same[name]); msg != "" {
			out = append(out, fmt.Sprintf("%s.%s: %s", pkg, name, msg))
		}
	}
	slices.Sort(out)
	return out
}

// mismatch says how g differs from w ("" if it does not); ref is w's
// path.Name, same that g is w by an alias.
func mismatch(g, w Decl, ref string, same bool) string {
	switch {
	case g.Kind == "":
		return fmt.Sprintf("missing (go-zero: %s %s)", w.Kind, w.Text)
	case g.Kind != w.Kind:
		return fmt.Sprintf("a %s here, a %s in go-zero", g.Kind, w.Kind)
	case same || g.Ref == ref:
		return ""
	case w.Ref != "" && g.Ref == w.Ref:
		return ""
	case g.Text == w.Text && (w.Kind == Func || w.Kind == Method || w.Kind == Type || w.Kind == Field || w.Ref == ""):
		return ""
	case (w.Kind == Func || w.Kind == Method) && extraVariadic(g, w):
		return ""
	}
	return fmt.Sprintf("%s here, %s in go-zero", show(g), show(w))
}

// extraVariadic reports whether got is want with one more, variadic,
// parameter at the end: every call of want compiles with got.
func extraVariadic(got, want Decl) bool {
	n := len(want.Params)
	return got.Results == want.Results && len(got.Params) == n+1 &&
		slices.Equal(got.Params[:n], want.Params) && strings.HasPrefix(got.Params[n], "...") &&
		(n == 0 || !strings.HasPrefix(want.Params[n-1], "..."))
}

func show(d Decl) string {
	if d.Text == "" {
		return d.Kind
	}
	return d.Kind + " " + d.Text
}
