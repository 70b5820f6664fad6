package plugin

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/zerodown/zerodown/internal/confkeys"
	"github.com/zerodown/zerodown/rest"
	"github.com/zerodown/zerodown/zrpc"
	"github.com/zeromicro/go-zero/core/conf"
	"gopkg.in/yaml.v3"
)

// checkEtc checks every etc/*.yaml of dir against the switched confs and
// returns one line per problem, with its fix: a key go-zero would drop, a
// conf that does not load, or one the switched server would refuse. A yaml
// with ListenOn is an RpcServerConf, one with Port a RestConf; others are
// left alone.
func checkEtc(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "etc", "*.yaml"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, file := range files {
		rel, _ := filepath.Rel(dir, file)
		doc, err := os.ReadFile(file)
		if err != nil {
			return out, err
		}
		for _, p := range checkYaml(doc) {
			out = append(out, rel+": "+p)
		}
	}
	return out, nil
}

func checkYaml(doc []byte) []string {
	var out []string
	findings, err := confkeys.Check(doc)
	if err != nil {
		return []string{fmt.Sprintf("not yaml: %v", err)}
	}
	for _, f := range findings {
		out = append(out, f.String())
	}
	var top map[string]any
	if yaml.Unmarshal(doc, &top) != nil {
		return out
	}
	var refused error
	switch {
	case hasKey(top, "ListenOn"):
		var c zrpc.RpcServerConf
		if refused = conf.LoadFromYamlBytes(doc, &c); refused == nil {
			refused = zrpc.CheckConf(c)
		}
	case hasKey(top, "Port"):
		var c rest.RestConf
		if refused = conf.LoadFromYamlBytes(doc, &c); refused == nil {
			refused = rest.CheckConf(c)
		}
	}
	if refused != nil {
		out = append(out, fmt.Sprintf("the switched service would refuse this conf: %v; fix the field it names", refused))
	}
	return out
}

func hasKey(m map[string]any, key string) bool {
	for k := range m {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}
