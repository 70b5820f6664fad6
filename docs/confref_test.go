package docs

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	// ## `rest.RestConf`
	refHeadingRE = regexp.MustCompile("^## `([a-z]+\\.[A-Za-z]+)`$")
	// | `Drain.Timeout` | `3s` | ... |
	refRowRE = regexp.MustCompile("^\\| `([A-Za-z.]+)` \\| ([^|]+) \\|")
)

// TestDocs_ConfReferenceMatchesTags checks the conf reference, en and zh,
// against the structs: every yaml key of each conf is listed once, nothing
// else is, and the default is the default tag's (— or one in parentheses,
// set in code, for a key without one).
func TestDocs_ConfReferenceMatchesTags(t *testing.T) {
	want := map[string]map[string]field{}
	for _, f := range confFields() {
		if want[f.conf] == nil {
			want[f.conf] = map[string]field{}
		}
		want[f.conf][f.path] = f
	}
	for _, file := range []string{"docs/en/conf.md", "docs/zh/conf.md"} {
		got := map[string]map[string]bool{}
		conf := ""
		for _, l := range readMarkdown(t, file) {
			if m := refHeadingRE.FindStringSubmatch(l.text); m != nil {
				conf = m[1]
				if _, ok := want[conf]; !ok {
					t.Errorf("%s: %s is not a conf the docs test knows", l, conf)
				}
				got[conf] = map[string]bool{}
				continue
			}
			m := refRowRE.FindStringSubmatch(l.text)
			if m == nil || conf == "" {
				continue
			}
			key, def := m[1], strings.TrimSpace(m[2])
			f, ok := want[conf][key]
			switch {
			case !ok:
				t.Errorf("%s: %s is not a key of %s", l, key, conf)
				continue
			case got[conf][key]:
				t.Errorf("%s: %s listed twice", l, key)
			}
			got[conf][key] = true
			wantDef := "—"
			if f.hasDef {
				wantDef = "`" + f.def + "`"
			}
			if def != wantDef && (f.hasDef || !strings.HasPrefix(def, "(")) {
				t.Errorf("%s: %s %s defaults to %s, the tag says %s", l, conf, key, def, wantDef)
			}
		}
		for _, c := range slices.Sorted(maps.Keys(want)) {
			for _, key := range slices.Sorted(maps.Keys(want[c])) {
				if !got[c][key] {
					t.Errorf("%s: %s %s is missing", file, c, key)
				}
			}
		}
	}
}
