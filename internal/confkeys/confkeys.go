package confkeys

import (
	"flag"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync"

	"github.com/zeromicro/go-zero/core/logx"
	"gopkg.in/yaml.v3"
)

var (
	mu sync.Mutex // guards following
	// known holds, per section name in lower case, the keys its struct
	// types know, in lower case, with their spelling.
	known    = map[string]map[string]string{}
	reported = map[string]bool{} // files already checked
)

// Add records that a yaml section named section is read into a struct of
// type t (its keys are t's json names, or field names); several types may
// share a section name (rest's and zrpc's Drain). A struct-typed field is a
// section of its own. Add returns true, so that a package can register at
// its variables' initialization.
func Add(section string, t reflect.Type) bool {
	mu.Lock()
	defer mu.Unlock()
	addLocked(section, t)
	return true
}

func addLocked(section string, t reflect.Type) {
	keys := known[strings.ToLower(section)]
	if keys == nil {
		keys = map[string]string{}
		known[strings.ToLower(section)] = keys
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		keys[strings.ToLower(name)] = name
		if f.Type.Kind() == reflect.Struct && f.Type.PkgPath() != "time" {
			addLocked(name, f.Type)
		}
	}
}

// A Finding is a key that no registered section knows.
type Finding struct {
	Path    string // where the key is, e.g. "Rpc.Shutdown.WaitTimeout"
	Key     string
	Closest string // the known key it is closest to, "" if none is close
}

func (f Finding) String() string {
	if f.Closest == "" {
		return fmt.Sprintf("conf: unknown key %s (go-zero ignores it)", f.Path)
	}
	return fmt.Sprintf("conf: unknown key %s (go-zero ignores it); did you mean %s?", f.Path, f.Closest)
}

// Check returns the unknown keys of the registered sections in the yaml
// doc, in the order of the document. A section is checked only in a mapping
// that has a Name key, as every go-zero ServiceConf does, so that an
// application's own section of the same name is left alone.
func Check(doc []byte) ([]Finding, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		return nil, err
	}
	mu.Lock()
	defer mu.Unlock()
	var out []Finding
	walk(&root, "", &out)
	return out, nil
}

// walk looks for registered sections in every mapping under n.
func walk(n *yaml.Node, path string, out *[]Finding) {
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			walk(c, path, out)
		}
	case yaml.MappingNode:
		server := hasKey(n, "name") // a ServiceConf: RestConf, RpcServerConf, ...
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i].Value, n.Content[i+1]
			p := join(path, key)
			if keys, ok := known[strings.ToLower(key)]; ok && server && val.Kind == yaml.MappingNode {
				checkSection(val, p, keys, out)
				continue
			}
			walk(val, p, out)
		}
	}
}

// hasKey reports whether the mapping n has key, in any case.
func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if strings.EqualFold(n.Content[i].Value, key) {
			return true
		}
	}
	return false
}

func checkSection(n *yaml.Node, path string, keys map[string]string, out *[]Finding) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i].Value, n.Content[i+1]
		p := join(path, key)
		if _, ok := keys[strings.ToLower(key)]; !ok {
			*out = append(*out, Finding{Path: p, Key: key, Closest: closest(key, keys)})
			continue
		}
		if sub, ok := known[strings.ToLower(key)]; ok && val.Kind == yaml.MappingNode {
			checkSection(val, p, sub, out)
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// ReportOnce checks the file of the -f flag, if the program defines one and
// it reads, and logs each unknown key, once per file and process. A file
// that does not parse is left to go-zero's loader.
func ReportOnce() {
	f := flag.Lookup("f")
	if f == nil || f.Value.String() == "" {
		return
	}
	path := f.Value.String()
	mu.Lock()
	done := reported[path]
	reported[path] = true
	mu.Unlock()
	if done {
		return
	}
	doc, err := os.ReadFile(path)
	if err != nil {
		return
	}
	findings, err := Check(doc)
	if err != nil {
		return
	}
	for _, finding := range findings {
		logx.Errorf("%s: %s", path, finding)
	}
}
