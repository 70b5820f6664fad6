package docs

import (
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zerodown/zerodown/core/proc"
	"github.com/zerodown/zerodown/rest"
	"github.com/zerodown/zerodown/zrpc"
	"gopkg.in/yaml.v3"
)

// A field is one key of a conf, as go-zero's conf package reads it.
type field struct {
	path     string // Drain.Timeout
	conf     string // zrpc.RpcServerConf
	def      string // the default tag's value, "" without one
	hasDef   bool
	isStruct bool
	typ      reflect.Type
}

// confs are the structs whose yaml the docs describe.
var confs = map[string]reflect.Type{
	"proc.ShutdownConf":  reflect.TypeFor[proc.ShutdownConf](),
	"rest.RestConf":      reflect.TypeFor[rest.RestConf](),
	"zrpc.RpcServerConf": reflect.TypeFor[zrpc.RpcServerConf](),
}

var durationType = reflect.TypeFor[time.Duration]()

// confFields returns every key of every conf, as go-zero's conf reads them:
// the json tag's name or the field's, embedded structs inlined.
func confFields() []field {
	var out []field
	var walk func(conf, prefix string, t reflect.Type)
	walk = func(conf, prefix string, t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
				walk(conf, prefix, ft)
				continue
			}
			if name == "" {
				name = f.Name
			}
			fl := field{path: prefix + name, conf: conf, typ: ft}
			for _, o := range strings.Split(opts, ",") {
				if v, ok := strings.CutPrefix(o, "default="); ok {
					fl.def, fl.hasDef = v, true
				}
			}
			fl.isStruct = ft.Kind() == reflect.Struct && ft != durationType
			out = append(out, fl)
			if fl.isStruct {
				walk(conf, fl.path+".", ft)
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(confs)) {
		walk(name, "", confs[name])
	}
	return out
}

// lookup returns the fields that key names: its full path, or a path that
// ends with it (`WrapUpTime` is Shutdown.WrapUpTime).
func lookup(fields []field, key string) []field {
	var out []field
	for _, f := range fields {
		if f.path == key || strings.HasSuffix(f.path, "."+key) {
			out = append(out, f)
		}
	}
	return out
}

// sameValue reports whether a documented value equals a default tag's.
func sameValue(doc, def string) bool {
	if doc == def {
		return true
	}
	d1, err1 := time.ParseDuration(doc)
	d2, err2 := time.ParseDuration(def)
	return err1 == nil && err2 == nil && d1 == d2
}

// checkDefault reports a documented default that no field of that name has.
func checkDefault(fields []field, key, value string) string {
	matches := lookup(fields, key)
	if len(matches) == 0 {
		return ""
	}
	var tags []string
	for _, f := range matches {
		if !f.hasDef {
			continue
		}
		if sameValue(value, f.def) {
			return ""
		}
		tags = append(tags, fmt.Sprintf("%s %s `json:\",default=%s\"`", f.conf, f.path, f.def))
	}
	if len(tags) == 0 {
		return "" // no default tag: computed in code, not checkable here
	}
	return fmt.Sprintf("says %s defaults to %s; the code: %s", key, value, strings.Join(tags, ", "))
}

var (
	// WrapUpTime (1s), `Drain.Timeout` (3s), `Drain.QuietPeriod`，500ms
	parenDefaultRE = regexp.MustCompile("`?\\b([A-Z][A-Za-z]*(?:\\.[A-Z][A-Za-z]*)*)`?\\s*[(（]\\s*([0-9][0-9.]*(?:ns|µs|ms|s|m|h))\\s*[)）,，]")
	// `Drain.QuietPeriod`, 500ms,
	commaDefaultRE = regexp.MustCompile("`([A-Z][A-Za-z]*(?:\\.[A-Z][A-Za-z]*)*)`\\s*[,，]\\s*([0-9][0-9.]*(?:ns|µs|ms|s|m|h))\\s*[)）,，]")
	// `WaitTime: 5.5s`
	keyValueRE = regexp.MustCompile(`^([A-Z][A-Za-z]*(?:\.[A-Z][A-Za-z]*)*):\s*(.+)$`)
	// `Drain.QuietPeriod` names a conf path
	confPathRE = regexp.MustCompile(`^([A-Z][A-Za-z]*)(?:\.[A-Z][A-Za-z]*)+$`)
)

// TestDocs_DefaultsMatchConfTags checks every default the docs state in
// prose against the conf structs' default tags.
func TestDocs_DefaultsMatchConfTags(t *testing.T) {
	fields := confFields()
	for _, l := range allLines(t) {
		if l.fence != "" {
			continue
		}
		matches := parenDefaultRE.FindAllStringSubmatch(l.text, -1)
		for _, m := range append(matches, commaDefaultRE.FindAllStringSubmatch(l.text, -1)...) {
			if msg := checkDefault(fields, m[1], m[2]); msg != "" {
				t.Errorf("%s: %s", l, msg)
			}
		}
		for _, span := range codeSpans(l.text) {
			for key, value := range spanValues(span) {
				if msg := checkDefault(fields, key, value); msg != "" {
					t.Errorf("%s: `%s` %s", l, span, msg)
				}
			}
		}
	}
}

// spanValues returns the keys and values of a `Key: value` or
// `Key: {K: v, ...}` code span, nested keys joined with dots.
func spanValues(span string) map[string]string {
	m := keyValueRE.FindStringSubmatch(span)
	if m == nil {
		return nil
	}
	var v any
	if err := yaml.Unmarshal([]byte(span), &v); err != nil {
		return nil
	}
	out := map[string]string{}
	flatten("", v, out)
	return out
}

func flatten(prefix string, v any, out map[string]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, c := range v {
			flatten(prefix+k+".", c, out)
		}
	case []any:
	default:
		out[strings.TrimSuffix(prefix, ".")] = fmt.Sprint(v)
	}
}

// TestDocs_ConfPathsExist checks that every conf path the docs put in
// backquotes, and every key of a yaml config block, is a key of a conf.
func TestDocs_ConfPathsExist(t *testing.T) {
	fields := confFields()
	top := map[string]bool{}
	for _, f := range fields {
		if !strings.Contains(f.path, ".") {
			top[f.path] = true
		}
	}
	for _, l := range allLines(t) {
		if l.fence != "" {
			continue
		}
		for _, span := range codeSpans(l.text) {
			path := strings.TrimSuffix(strings.Fields(span + " ")[0], ":")
			if m := confPathRE.FindStringSubmatch(path); m != nil && top[m[1]] && len(lookup(fields, path)) == 0 {
				t.Errorf("%s: `%s` is not a key of %s", l, path, strings.Join(slices.Sorted(maps.Keys(confs)), ", "))
			}
			for key := range spanValues(span) {
				if top[strings.Split(key, ".")[0]] && len(lookup(fields, key)) == 0 {
					t.Errorf("%s: `%s`: %s is not a conf key", l, span, key)
				}
			}
		}
	}
	for _, f := range markdownFiles(t) {
		for _, b := range yamlBlocks(readMarkdown(t, f)) {
			checkYamlBlock(t, fields, b)
		}
	}
}

// yamlBlocks returns the fenced yaml blocks of a document.
func yamlBlocks(lines []line) [][]line {
	var out [][]line
	for i, l := range lines {
		if l.fence != "yaml" {
			continue
		}
		if i == 0 || lines[i-1].fence != "yaml" || lines[i-1].num != l.num-1 {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], l)
	}
	return out
}

var defaultCommentRE = regexp.MustCompile(`#.*(default|默认)`)

// checkYamlBlock checks a config block: every key is a conf key, and the
// values on lines whose comment says "default" are the defaults. Kubernetes
// objects (with apiVersion, kind or spec) are left to the manifest test.
func checkYamlBlock(t *testing.T, fields []field, block []line) {
	t.Helper()
	texts := make([]string, len(block))
	for i, l := range block {
		texts[i] = l.text
	}
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(strings.Join(texts, "\n")), &doc); err != nil {
		t.Errorf("%s: yaml block does not parse: %v", block[0], err)
		return
	}
	for _, k8s := range []string{"apiVersion", "kind", "spec"} {
		if _, ok := doc[k8s]; ok {
			return
		}
	}
	all := map[string]string{}
	flatten("", doc, all)
	for key := range all {
		if !fullPathExists(fields, key) {
			t.Errorf("%s: yaml block: %s is not a key of %s", block[0], key,
				strings.Join(slices.Sorted(maps.Keys(confs)), ", "))
		}
	}
	for _, l := range block {
		if !defaultCommentRE.MatchString(l.text) {
			continue
		}
		text, _, _ := strings.Cut(l.text, "#")
		var v any
		if err := yaml.Unmarshal([]byte(strings.TrimSpace(text)), &v); err != nil {
			continue
		}
		values := map[string]string{}
		flatten("", v, values)
		for key, value := range values {
			if msg := checkDefault(fields, key, value); msg != "" {
				t.Errorf("%s: %s", l, msg)
			}
		}
	}
}

// fullPathExists reports whether path, from a conf's top, is one of its keys.
func fullPathExists(fields []field, path string) bool {
	for _, f := range fields {
		if f.path == path {
			return true
		}
	}
	return false
}
