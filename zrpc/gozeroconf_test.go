package zrpc

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zerodown/zerodown/internal/flatconf"
	"github.com/zeromicro/go-zero/core/conf"
	"github.com/zeromicro/go-zero/core/discov"
	"github.com/zeromicro/go-zero/core/service"
	"github.com/zeromicro/go-zero/core/stores/redis"
	gzrpc "github.com/zeromicro/go-zero/zrpc"
)

// Fails, naming the field, when go-zero's RpcServerConf gains a field that
// ours does not declare with the same name, type and tag.
func TestRpcServerConf_CarriesEveryGoZeroField(t *testing.T) {
	for _, m := range flatconf.Missing(reflect.TypeFor[RpcServerConf](), reflect.TypeFor[gzrpc.RpcServerConf]()) {
		t.Error(m)
	}
}

// go-zero's keyed literal compiles and converts to the same go-zero conf.
func TestRpcServerConf_KeyedLiteral(t *testing.T) {
	c := RpcServerConf{
		ServiceConf:    service.ServiceConf{Name: "user.rpc"},
		ListenOn:       "127.0.0.1:8080",
		Etcd:           discov.EtcdConf{Hosts: []string{"127.0.0.1:2379"}, Key: "user.rpc"},
		Auth:           true,
		Redis:          redis.RedisKeyConf{Key: "k"},
		Timeout:        500,
		Health:         true,
		MethodTimeouts: []MethodTimeoutConf{{FullMethod: "/a/b"}},
		Drain:          DrainConf{Timeout: 1},
	}
	want := gzrpc.RpcServerConf{
		ServiceConf:    service.ServiceConf{Name: "user.rpc"},
		ListenOn:       "127.0.0.1:8080",
		Etcd:           discov.EtcdConf{Hosts: []string{"127.0.0.1:2379"}, Key: "user.rpc"},
		Auth:           true,
		Redis:          redis.RedisKeyConf{Key: "k"},
		Timeout:        500,
		Health:         true,
		MethodTimeouts: []gzrpc.MethodTimeoutConf{{FullMethod: "/a/b"}},
	}
	assert.Equal(t, want, c.GoZero())
	assert.True(t, c.HasEtcd())
	assert.Equal(t, want.Validate(), c.Validate(), "go-zero's: auth needs a redis host")
	assert.Error(t, c.Validate())
}

// The same yaml loads into ours and go-zero's to the same go-zero conf.
func TestRpcServerConf_YamlLoadsAsGoZeros(t *testing.T) {
	yaml := []byte(`Name: user.rpc
ListenOn: 0.0.0.0:8080
Etcd:
  Hosts: [127.0.0.1:2379]
  Key: user.rpc
Timeout: 900
StrictControl: true
Middlewares:
  Breaker: false
MethodTimeouts:
  - FullMethod: /user.User/Get
    Timeout: 1s
Shutdown:
  WrapUpTime: 2s
  WaitTime: 9s
Drain:
  Timeout: 4s
`)
	var ours RpcServerConf
	var theirs gzrpc.RpcServerConf
	require.NoError(t, conf.LoadFromYamlBytes(yaml, &ours))
	require.NoError(t, conf.LoadFromYamlBytes(yaml, &theirs))
	assert.Equal(t, theirs, ours.GoZero())
	assert.Equal(t, "4s", ours.Drain.Timeout.String())
}
