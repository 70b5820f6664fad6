package ported

import (
	"net/http"
	"net/http/httptest"
	"testing"

	rest "github.com/zerodown/zerodown/rest"

	"github.com/stretchr/testify/assert"
	"github.com/zeromicro/go-zero/core/conf"
	"github.com/zeromicro/go-zero/core/logx/logtest"
)

func TestNewServerless(t *testing.T) {
	logtest.Discard(t)

	const configYaml = `
Name: foo
Host: localhost
Port: 0
`
	var cnf rest.RestConf
	assert.Nil(t, conf.LoadFromYamlBytes([]byte(configYaml), &cnf))

	svr, err := rest.NewServer(cnf)
	assert.NoError(t, err)

	svr.AddRoute(rest.Route{
		Method: http.MethodGet,
		Path:   "/",
		Handler: func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("Hello World"))
		},
	})

	serverless, err := rest.NewServerless(svr)
	assert.NoError(t, err)

	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	serverless.Serve(w, r)
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "Hello World", w.Body.String())
}

func TestNewServerlessWithError(t *testing.T) {
	logtest.Discard(t)

	const configYaml = `
Name: foo
Host: localhost
Port: 0
`
	var cnf rest.RestConf
	assert.Nil(t, conf.LoadFromYamlBytes([]byte(configYaml), &cnf))

	svr, err := rest.NewServer(cnf)
	assert.NoError(t, err)

	svr.AddRoute(rest.Route{
		Method:  http.MethodGet,
		Path:    "notstartwith/",
		Handler: nil,
	})

	_, err = rest.NewServerless(svr)
	assert.Error(t, err)
}
