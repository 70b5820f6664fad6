package docs

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	shellFences = map[string]bool{"sh": true, "bash": true, "shell": true, "console": true}
	// separators between the commands of one line
	shellSepRE = regexp.MustCompile(`&&|\|\||[;&|]`)
	// a path a command names: ./x, ../x or dir/file
	pathRE = regexp.MustCompile(`^(?:\.{1,2}/[\w./-]*|[\w.-]+/[\w./-]*)$`)
)

// A command is one shell command of the docs.
type command struct {
	at   line
	args []string
}

// commands returns every command of the fenced shell blocks of the
// Markdown files, and every inline `go ...` command.
func commands(t *testing.T) []command {
	t.Helper()
	var out []command
	for _, f := range markdownFiles(t) {
		for _, l := range readMarkdown(t, f) {
			var texts []string
			switch {
			case shellFences[l.fence]:
				text, _, _ := strings.Cut(l.text, " #")
				texts = []string{strings.TrimPrefix(strings.TrimSpace(text), "$ ")}
			case l.fence == "":
				for _, span := range codeSpans(l.text) {
					if strings.HasPrefix(span, "go ") || strings.HasPrefix(span, "kubectl ") {
						texts = append(texts, span)
					}
				}
			}
			for _, text := range texts {
				for _, part := range shellSepRE.Split(text, -1) {
					if args := strings.Fields(part); len(args) > 0 {
						out = append(out, command{at: l, args: args})
					}
				}
			}
		}
	}
	return out
}

// TestDocs_CommandPathsExist checks that every path a documented command
// names exists, and that its -run and -bench select a test of the package.
func TestDocs_CommandPathsExist(t *testing.T) {
	cmds := commands(t)
	if len(cmds) < 10 {
		t.Fatalf("found only %d commands in the docs", len(cmds))
	}
	for _, c := range cmds {
		var pkgs []string
		for _, a := range c.args[1:] {
			if strings.Contains(a, "=") || strings.Contains(a, ":") || strings.HasPrefix(a, "-") || !pathRE.MatchString(a) {
				continue
			}
			p := strings.TrimSuffix(strings.TrimSuffix(a, "/..."), "/")
			if _, err := os.Stat(filepath.Join(root, p)); err != nil {
				t.Errorf("%s: `%s` names %s, which does not exist", c.at, strings.Join(c.args, " "), a)
				continue
			}
			pkgs = append(pkgs, p)
		}
		if c.args[0] == "go" && len(c.args) > 1 && c.args[1] == "test" {
			checkSelected(t, c, "-run", "Test", pkgs)
			checkSelected(t, c, "-bench", "Benchmark", pkgs)
		}
	}
}

// checkSelected checks that the pattern after flag selects a function of the
// given kind in the test files of pkgs.
func checkSelected(t *testing.T, c command, flag, kind string, pkgs []string) {
	t.Helper()
	pattern := ""
	for i, a := range c.args {
		if a == flag && i+1 < len(c.args) {
			pattern = strings.Trim(c.args[i+1], `'"`)
		}
	}
	if pattern == "" || pattern == "^$" || pattern == "." || len(pkgs) == 0 {
		return
	}
	re, err := regexp.Compile(strings.Split(pattern, "/")[0])
	if err != nil {
		t.Errorf("%s: %s %q does not compile: %v", c.at, flag, pattern, err)
		return
	}
	funcRE := regexp.MustCompile(`(?m)^func (` + kind + `\w*)\(`)
	for _, p := range pkgs {
		files, _ := filepath.Glob(filepath.Join(root, p, "*_test.go"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range funcRE.FindAllStringSubmatch(string(data), -1) {
				if re.MatchString(m[1]) {
					return
				}
			}
		}
	}
	t.Errorf("%s: `%s`: %s %s selects no %s function in %v", c.at, strings.Join(c.args, " "), flag, pattern, kind, pkgs)
}
