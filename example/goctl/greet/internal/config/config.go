// Code scaffolded by goctl. Safe to edit.
// goctl 1.9.2

package config

import "github.com/zerodown/zerodown/rest"

type Config struct {
	rest.RestConf
	Auth struct {
		AccessSecret string
		AccessExpire int64
	}
}
