package plugin

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
)

// module is zerodown's module path.
const module = "github.com/zerodown/zerodown"

// requireZerodown adds the zerodown require to the go.mod of dir (or of its
// nearest parent) with `go mod edit`, unless it is there, and returns what
// it did or what the user must do. Without a version (a plugin built from a
// checkout) it changes nothing and says which go get to run. With write
// false it only reports.
func requireZerodown(dir, version string, write bool) (string, bool, error) {
	root, err := moduleRoot(dir)
	if err != nil {
		if !write {
			return "", false, nil
		}
		return fmt.Sprintf("go.mod: %v: run go mod init, then go get %s@latest && go mod tidy", err, module), false, nil
	}
	has, err := requires(root)
	if err != nil {
		return "", false, err
	}
	switch {
	case has:
		return "", false, nil
	case !write:
		return fmt.Sprintf("go.mod: no require of %s: run goctl-plugin without -check, or go get %s", module, module), true, nil
	case version == "":
		return fmt.Sprintf("go.mod: no require of %s: run go get %s@latest && go mod tidy", module, module), true, nil
	}
	cmd := exec.Command("go", "mod", "edit", "-require="+module+"@"+version)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", false, fmt.Errorf("go mod edit in %s: %w: %s", root, err, out)
	}
	return fmt.Sprintf("go.mod: require %s %s added: run go mod tidy", module, version), false, nil
}

// moduleRoot returns dir or the nearest parent that holds a go.mod.
func moduleRoot(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod in %s or above it", abs)
		}
	}
}

// requires reports whether the go.mod in root requires zerodown.
func requires(root string) (bool, error) {
	cmd := exec.Command("go", "mod", "edit", "-json")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return false, fmt.Errorf("go mod edit -json in %s: %w", root, err)
	}
	var mod struct {
		Module  struct{ Path string }
		Require []struct{ Path string }
	}
	if err := json.Unmarshal(out, &mod); err != nil {
		return false, fmt.Errorf("go mod edit -json in %s: %w", root, err)
	}
	if mod.Module.Path == module {
		return true, nil // zerodown itself: its own examples
	}
	return slices.ContainsFunc(mod.Require, func(r struct{ Path string }) bool { return r.Path == module }), nil
}

// ownVersion returns the version of zerodown this plugin was built from,
// "" for a build from a checkout.
func ownVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Path != module || !strings.HasPrefix(info.Main.Version, "v") {
		return ""
	}
	return info.Main.Version
}
