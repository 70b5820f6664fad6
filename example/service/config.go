package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/template"
	"time"

	"github.com/zerodown/zerodown/example/service/shim"
	"github.com/zerodown/zerodown/example/service/store"
	"github.com/zeromicro/go-zero/core/conf"
)

type (
	// Config is the service's config: go-zero's server confs, loaded with
	// go-zero's conf package, so the yaml keys are go-zero's.
	Config struct {
		// Rest is the REST gateway.
		Rest shim.RestConf
		// Rpc is the zrpc service; Rpc.Etcd registers it when Hosts is set.
		Rpc shim.RpcServerConf
		// Store is the file-backed store both servers write to.
		Store store.Conf
	}

	// flagValues are the command line flags, used when no -f is given.
	flagValues struct {
		File       string
		Name       string
		Host       string
		RestPort   int
		RpcPort    int
		StorePath  string
		EtcdHosts  string
		EtcdKey    string
		WrapUpTime time.Duration
		WaitTime   time.Duration
		// Bulk hands each write to a go-zero BulkExecutor, as go-zero's
		// sqlx BulkInserter does: the write is answered once buffered, and
		// written to the store when the buffer is flushed (at the shutdown
		// at the latest).
		Bulk bool
		// WrapUpWork is the time the wrap-up listener works.
		WrapUpWork time.Duration
		LogLevel   string
		Upgrade    bool
		PIDFile    string
	}
)

// yamlTemplate renders flagValues as the yaml that -f would load.
var yamlTemplate = template.Must(template.New("conf").Funcs(template.FuncMap{
	"split": func(s string) []string { return strings.Split(s, ",") },
}).Parse(`Rest:
  Name: {{.Name}}-rest
  Host: {{.Host}}
  Port: {{.RestPort}}
  Timeout: 10000
  Log: {Encoding: plain, Level: {{.LogLevel}}, Stat: false}
  Shutdown: {WrapUpTime: {{.WrapUpTime}}, WaitTime: {{.WaitTime}}}
{{- if .Upgrade}}
  Upgrade: {Enabled: true{{if .PIDFile}}, PIDFile: {{.PIDFile}}{{end}}}
{{- end}}
Rpc:
  Name: {{.Name}}-rpc
  ListenOn: {{.Host}}:{{.RpcPort}}
  Timeout: 10000
  Log: {Encoding: plain, Level: {{.LogLevel}}, Stat: false}
  Shutdown: {WrapUpTime: {{.WrapUpTime}}, WaitTime: {{.WaitTime}}}
{{- if .Upgrade}}
  Upgrade: {Enabled: true{{if .PIDFile}}, PIDFile: {{.PIDFile}}{{end}}}
{{- end}}
{{- if .EtcdHosts}}
  Etcd:
    Key: {{.EtcdKey}}
    Hosts:
{{- range split .EtcdHosts}}
      - {{.}}
{{- end}}
{{- end}}
Store:
  Path: {{.StorePath}}
`))

// parseFlags parses args into flagValues; errors and -h go to out.
func parseFlags(args []string, out io.Writer) (flagValues, error) {
	var v flagValues
	fs := flag.NewFlagSet("service", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&v.File, "f", "", "yaml config file; when set, the other flags are ignored")
	fs.StringVar(&v.Name, "name", "example", "service name, also reported as the server id")
	fs.StringVar(&v.Host, "host", "127.0.0.1", "host both servers listen on")
	fs.IntVar(&v.RestPort, "rest-port", 8888, "REST gateway port")
	fs.IntVar(&v.RpcPort, "rpc-port", 8080, "zrpc port")
	fs.StringVar(&v.StorePath, "store", "store.log", "store file")
	fs.StringVar(&v.EtcdHosts, "etcd", "", "comma-separated etcd hosts; empty: no registration")
	fs.StringVar(&v.EtcdKey, "etcd-key", "example.rpc", "etcd key the zrpc service registers under")
	fs.DurationVar(&v.WrapUpTime, "wrapup", time.Second, "Shutdown.WrapUpTime")
	fs.DurationVar(&v.WaitTime, "wait", 5500*time.Millisecond, "Shutdown.WaitTime")
	fs.StringVar(&v.LogLevel, "log-level", "info", "log level: debug, info, error, severe")
	fs.BoolVar(&v.Bulk, "bulk", false, "buffer writes in a go-zero BulkExecutor, flushed by its shutdown listener")
	fs.DurationVar(&v.WrapUpWork, "wrapup-work", 0, "time the wrap-up listener works (past WrapUpTime: it overruns)")
	fs.BoolVar(&v.Upgrade, "upgrade", false, "Upgrade.Enabled: upgrade in place at SIGHUP (zerodown build)")
	fs.StringVar(&v.PIDFile, "pidfile", "", "Upgrade.PIDFile, with -upgrade: the pid of the process that serves, after each in-place upgrade")
	err := fs.Parse(args)
	return v, err
}

// loadConfig loads -f, or the config the flags describe.
func loadConfig(v flagValues) (Config, error) {
	var c Config
	if v.File != "" {
		if err := conf.Load(v.File, &c); err != nil {
			return c, fmt.Errorf("load config %s: %w", v.File, err)
		}
		return c, nil
	}
	var buf bytes.Buffer
	if err := yamlTemplate.Execute(&buf, v); err != nil {
		return c, fmt.Errorf("render config: %w", err)
	}
	if err := conf.LoadFromYamlBytes(buf.Bytes(), &c); err != nil {
		return c, fmt.Errorf("load config from flags: %w\n%s", err, buf.String())
	}
	return c, nil
}
