package kq

import "github.com/zeromicro/go-zero/core/service"

const (
	firstOffset = "first"
	lastOffset  = "last"
)

// KqConf is go-queue's kq.KqConf: the same fields, yaml/json keys and
// defaults, so a go-queue config file keeps loading.
//
// Consumers (go-queue's number of fetch goroutines) is accepted and not used:
// one franz-go client fetches for all partitions of a member. Conns is the
// number of group members this queue runs, as in go-queue. CommitInOrder
// needs no option here: commits are always in order (only offsets below
// which every record is done are committed).
type KqConf struct {
	service.ServiceConf
	Brokers       []string
	Group         string
	Topic         string
	CaFile        string `json:",optional"`
	Offset        string `json:",options=first|last,default=last"`
	Conns         int    `json:",default=1"`
	Consumers     int    `json:",default=8"`
	Processors    int    `json:",default=8"`
	MinBytes      int    `json:",default=10240"`    // 10K
	MaxBytes      int    `json:",default=10485760"` // 10M
	Username      string `json:",optional"`
	Password      string `json:",optional"`
	ForceCommit   bool   `json:",default=true"`
	CommitInOrder bool   `json:",default=false"`
}
