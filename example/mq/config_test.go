package main

import (
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// etc/mq.yaml and the flags load into the same looklook config, with
// go-queue's defaults where they say nothing.
func TestLoadConfig_FileAndFlags(t *testing.T) {
	file, err := loadConfig(flagValues{File: "etc/mq.yaml"})
	require.NoError(t, err)
	v, err := parseFlags(nil, io.Discard)
	require.NoError(t, err)
	flags, err := loadConfig(v)
	require.NoError(t, err)

	for name, c := range map[string]Config{"etc/mq.yaml": file, "flags": flags} {
		assert.Equal(t, []string{"127.0.0.1:9092"}, c.KqConf.Brokers, name)
		assert.Equal(t, "ids", c.KqConf.Topic, name)
		assert.Equal(t, "first", c.KqConf.Offset, name)
		assert.Equal(t, 8, c.KqConf.Processors, "%s: go-queue's default Processors", name)
		assert.Equal(t, c.KqConf.Topic, c.KqPusherConf.Topic, name)
		assert.Equal(t, 8888, c.Rest.Port, name)
		assert.Equal(t, "mq.store", c.Store.Path, name)
	}
}

func TestParseFlags_RefusesNegativeWork(t *testing.T) {
	_, err := parseFlags([]string{"-work", "-1s"}, io.Discard)
	assert.ErrorContains(t, err, "negative")
}
