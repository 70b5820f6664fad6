package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/template"
	"time"

	"github.com/zerodown/zerodown/example/mq/shim"
	"github.com/zerodown/zerodown/example/mq/store"
	"github.com/zeromicro/go-zero/core/conf"
)

type (
	// Config is the service's config, in the go-zero-looklook layout: the
	// API's rest conf, the consumer's KqConf, the API's pusher conf and the
	// store, loaded with go-zero's conf package (go-zero's and go-queue's
	// yaml keys).
	Config struct {
		// Rest is the API that pushes ids to Kafka.
		Rest shim.RestConf
		// KqConf is the consumer of the ids (go-queue's keys and defaults).
		KqConf shim.KqConf
		// KqPusherConf is where the API pushes.
		KqPusherConf KqPusherConf
		// Store is the database the consumer writes each id to.
		Store store.Conf
	}

	// A KqPusherConf says where a Pusher pushes, as in go-zero-looklook.
	KqPusherConf struct {
		Brokers []string
		Topic   string
	}

	// flagValues are the command line flags, used when no -f is given.
	flagValues struct {
		File       string
		Name       string
		Host       string
		RestPort   int
		Brokers    string
		Topic      string
		Group      string
		StorePath  string
		WrapUpTime time.Duration
		WaitTime   time.Duration
		LogLevel   string
		// Work is the time each handler works before it writes its id.
		Work time.Duration
	}
)

// yamlTemplate renders flagValues as the yaml that -f would load.
var yamlTemplate = template.Must(template.New("conf").Funcs(template.FuncMap{
	"split": func(s string) []string { return strings.Split(s, ",") },
}).Parse(`Rest:
  Name: {{.Name}}-api
  Host: {{.Host}}
  Port: {{.RestPort}}
  Log: {Encoding: plain, Level: {{.LogLevel}}, Stat: false}
  Shutdown: {WrapUpTime: {{.WrapUpTime}}, WaitTime: {{.WaitTime}}}
KqConf:
  Name: {{.Name}}-mq
  Brokers:
{{- range split .Brokers}}
    - {{.}}
{{- end}}
  Group: {{.Group}}
  Topic: {{.Topic}}
  Offset: first
  Log: {Encoding: plain, Level: {{.LogLevel}}, Stat: false}
  Shutdown: {WrapUpTime: {{.WrapUpTime}}, WaitTime: {{.WaitTime}}}
KqPusherConf:
  Brokers:
{{- range split .Brokers}}
    - {{.}}
{{- end}}
  Topic: {{.Topic}}
Store:
  Path: {{.StorePath}}
`))

// parseFlags parses args into flagValues; errors and -h go to out.
func parseFlags(args []string, out io.Writer) (flagValues, error) {
	var v flagValues
	fs := flag.NewFlagSet("mq", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&v.File, "f", "", "yaml config file (see etc/mq.yaml); when set, the other flags but -work are ignored")
	fs.StringVar(&v.Name, "name", "mq", "service name, logged with every handled id")
	fs.StringVar(&v.Host, "host", "127.0.0.1", "host the API listens on")
	fs.IntVar(&v.RestPort, "rest-port", 8888, "API port")
	fs.StringVar(&v.Brokers, "brokers", "127.0.0.1:9092", "comma-separated Kafka brokers")
	fs.StringVar(&v.Topic, "topic", "ids", "Kafka topic the API pushes to and the consumer reads")
	fs.StringVar(&v.Group, "group", "mq", "consumer group")
	fs.StringVar(&v.StorePath, "store", "mq.store", "store file")
	fs.DurationVar(&v.WrapUpTime, "wrapup", time.Second, "Shutdown.WrapUpTime")
	fs.DurationVar(&v.WaitTime, "wait", 5500*time.Millisecond, "Shutdown.WaitTime")
	fs.StringVar(&v.LogLevel, "log-level", "info", "log level: debug, info, error, severe")
	fs.DurationVar(&v.Work, "work", 100*time.Millisecond, "work time of each handler")
	if err := fs.Parse(args); err != nil {
		return v, err
	}
	if v.Work < 0 {
		return v, fmt.Errorf("mq: -work %v is negative", v.Work)
	}
	return v, nil
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
