//go:build !stock

package main

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeromicro/go-zero/core/conf"
	"gopkg.in/yaml.v3"
)

const manifestPath = "../../docs/kubernetes/example-service.yaml"

type (
	// k8sObject is the part of a Kubernetes object the test reads.
	k8sObject struct {
		Kind     string
		Metadata struct{ Name string }
		Data     map[string]string
		Spec     struct {
			Selector map[string]any
			Ports    []struct {
				Name       string
				Port       int
				TargetPort any `yaml:"targetPort"`
			}
			Template struct {
				Metadata struct{ Labels map[string]string }
				Spec     podSpec
			}
		}
	}

	podSpec struct {
		TerminationGracePeriodSeconds int `yaml:"terminationGracePeriodSeconds"`
		Containers                    []container
	}

	container struct {
		Name  string
		Ports []struct {
			Name          string
			ContainerPort int `yaml:"containerPort"`
		}
		ReadinessProbe         *probe `yaml:"readinessProbe"`
		LivenessProbe          *probe `yaml:"livenessProbe"`
		TerminationMessagePath string `yaml:"terminationMessagePath"`
	}

	probe struct {
		HTTPGet struct {
			Path string
			Port any
		} `yaml:"httpGet"`
	}
)

// loadManifest returns the objects of the manifest, by kind and name.
func loadManifest(t *testing.T) map[string]k8sObject {
	t.Helper()
	data, err := os.ReadFile(manifestPath)
	require.NoError(t, err)
	objects := map[string]k8sObject{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var o k8sObject
		err := dec.Decode(&o)
		if errors.Is(err, io.EOF) {
			return objects
		}
		require.NoError(t, err)
		objects[o.Kind+"/"+o.Metadata.Name] = o
	}
}

// port returns the number of a container's port given by name or number.
func (c container) port(t *testing.T, p any) int {
	t.Helper()
	switch p := p.(type) {
	case int:
		return p
	case string:
		for _, cp := range c.Ports {
			if cp.Name == p {
				return cp.ContainerPort
			}
		}
	}
	t.Fatalf("container %s has no port %v", c.Name, p)
	return 0
}

// The manifest works as docs/en/kubernetes.md says: the service's config
// loads, the kubelet's SIGKILL comes after WaitTime, the probes ask the paths
// and ports the service answers, and the etcd the service registers in is
// part of the manifest.
func TestKubernetesManifest(t *testing.T) {
	objects := loadManifest(t)
	cm, ok := objects["ConfigMap/example-service"]
	require.True(t, ok, "no ConfigMap example-service")
	var c Config
	require.NoError(t, conf.LoadFromYamlBytes([]byte(cm.Data["service.yaml"]), &c))
	assert.Equal(t, "/data/store.log", c.Store.Path)

	deploy, ok := objects["Deployment/example-service"]
	require.True(t, ok, "no Deployment example-service")
	pod := deploy.Spec.Template.Spec
	require.Len(t, pod.Containers, 1)
	svc := pod.Containers[0]

	grace := time.Duration(pod.TerminationGracePeriodSeconds) * time.Second
	for _, wait := range []time.Duration{c.Rest.Shutdown.WaitTime, c.Rpc.Shutdown.WaitTime} {
		assert.Greater(t, grace, wait, "terminationGracePeriodSeconds must be above WaitTime")
	}

	require.NotNil(t, svc.ReadinessProbe)
	require.NotNil(t, svc.LivenessProbe)
	assert.Equal(t, c.Rest.Probes.ReadinessPath, svc.ReadinessProbe.HTTPGet.Path)
	assert.Equal(t, c.Rest.Probes.LivenessPath, svc.LivenessProbe.HTTPGet.Path)
	assert.Equal(t, c.Rest.Port, svc.port(t, svc.ReadinessProbe.HTTPGet.Port), "readiness probe port")
	assert.Equal(t, c.Rest.Port, svc.port(t, svc.LivenessProbe.HTTPGet.Port), "liveness probe port")
	_, rpcPort, err := net.SplitHostPort(c.Rpc.ListenOn)
	require.NoError(t, err)
	assert.Equal(t, rpcPort, strconv.Itoa(svc.port(t, "grpc")), "the grpc port is Rpc.ListenOn's")
	assert.Equal(t, c.Rest.Report.TerminationLogPath, svc.TerminationMessagePath,
		"the shutdown report goes where Kubernetes reads the termination message")

	front := objects["Service/example-service"]
	require.NotEmpty(t, front.Spec.Ports)
	assert.Equal(t, c.Rest.Port, svc.port(t, front.Spec.Ports[0].TargetPort))

	require.NotEmpty(t, c.Rpc.Etcd.Hosts)
	for _, host := range c.Rpc.Etcd.Hosts {
		name, port, err := net.SplitHostPort(host)
		require.NoError(t, err)
		etcdSvc, ok := objects["Service/"+name]
		require.True(t, ok, "Rpc.Etcd.Hosts names %s, but the manifest has no Service %s: every pod would exit 1 at start", host, name)
		require.NotEmpty(t, etcdSvc.Spec.Ports)
		assert.Equal(t, port, strconv.Itoa(etcdSvc.Spec.Ports[0].Port))
		var backend *container
		for _, o := range objects {
			if (o.Kind == "StatefulSet" || o.Kind == "Deployment") && matches(etcdSvc.Spec.Selector, o.Spec.Template.Metadata.Labels) {
				backend = &o.Spec.Template.Spec.Containers[0]
			}
		}
		require.NotNil(t, backend, "no workload behind Service %s", name)
		assert.Equal(t, etcdSvc.Spec.Ports[0].Port, backend.port(t, etcdSvc.Spec.Ports[0].TargetPort))
	}
}

// matches reports whether labels has every key and value of selector.
func matches(selector map[string]any, labels map[string]string) bool {
	if len(selector) == 0 {
		return false
	}
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}
