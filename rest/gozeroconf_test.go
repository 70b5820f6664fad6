package rest

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/internal/flatconf"
	"github.com/zeromicro/go-zero/core/conf"
	"github.com/zeromicro/go-zero/core/service"
	"github.com/zeromicro/go-zero/rest"
)

// Fails, naming the field, when go-zero's RestConf gains a field that ours
// does not declare with the same name, type and tag.
func TestRestConf_CarriesEveryGoZeroField(t *testing.T) {
	for _, m := range flatconf.Missing(reflect.TypeFor[RestConf](), reflect.TypeFor[rest.RestConf]()) {
		t.Error(m)
	}
}

// go-zero's keyed literal compiles and converts to the same go-zero conf.
func TestRestConf_KeyedLiteral(t *testing.T) {
	c := RestConf{
		ServiceConf:      service.ServiceConf{Name: "greet-api", Mode: service.DevMode},
		Host:             "127.0.0.1",
		Port:             8888,
		Timeout:          1500,
		MaxBytes:         4096,
		Signature:        SignatureConf{Strict: true},
		Middlewares:      MiddlewaresConf{Log: true},
		TraceIgnorePaths: []string{"/x"},
		Probes:           ProbesConf{ReadinessPath: "/ready"},
	}
	assert.Equal(t, rest.RestConf{
		ServiceConf:      service.ServiceConf{Name: "greet-api", Mode: service.DevMode},
		Host:             "127.0.0.1",
		Port:             8888,
		Timeout:          1500,
		MaxBytes:         4096,
		Signature:        rest.SignatureConf{Strict: true},
		Middlewares:      rest.MiddlewaresConf{Log: true},
		TraceIgnorePaths: []string{"/x"},
	}, c.GoZero())
}

// The same yaml loads into ours and go-zero's to the same go-zero conf.
func TestRestConf_YamlLoadsAsGoZeros(t *testing.T) {
	yaml := []byte(`Name: greet-api
Host: 127.0.0.1
Port: 8888
Timeout: 1500
Log:
  Mode: console
Signature:
  Strict: true
  PrivateKeys:
    - Fingerprint: abc
      KeyFile: /k
Middlewares:
  Breaker: false
Shutdown:
  WrapUpTime: 2s
  WaitTime: 9s
TraceIgnorePaths: [/livez]
Drain:
  Timeout: 4s
`)
	var ours RestConf
	var theirs rest.RestConf
	require.NoError(t, conf.LoadFromYamlBytes(yaml, &ours))
	require.NoError(t, conf.LoadFromYamlBytes(yaml, &theirs))
	assert.Equal(t, theirs, ours.GoZero())
	assert.Equal(t, "/readyz", ours.Probes.ReadinessPath)
	assert.Equal(t, "4s", ours.Drain.Timeout.String())
}
