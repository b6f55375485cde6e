package main

import (
	"strings"
	"testing"
	"time"

	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// TestCreatePolls: a describe counts as a poll only when the describe before
// it was answered while the collection was still loading; a describe after
// one that saw it loaded is a request beyond the three a create needs.
func TestCreatePolls(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	at := func(coll, path string, ms int) zillizmock.Request {
		r := zillizmock.Request{Time: t0.Add(time.Duration(ms) * time.Millisecond), ClusterID: "in05-1", Collection: coll, Method: "POST", Path: path, HTTPStatus: 200}
		if strings.HasPrefix(path, "/v1/") {
			r.Code = 200 // a v1 answer's success code (the quick-setup create is v1)
		}
		return r
	}
	const (
		has      = "/v2/vectordb/collections/has"
		create   = "/v1/vector/collections/create"
		describe = "/v1/vector/collections/describe"
	)
	refused := at("c", create, 2)
	refused.Fault, refused.Code = "rate-limit", 8
	reqs := []zillizmock.Request{
		// a: the first describe comes while loading (LD = 300 ms), the poll after it sees it loaded.
		at("a", has, 0), at("a", create, 1), at("a", describe, 50), at("a", describe, 400),
		// b: the first describe sees it loaded already; the second is one too many, not a poll.
		at("b", has, 0), at("b", create, 1), at("b", describe, 350), at("b", describe, 360),
		// c: a refused create, then the one carried out: the load counts from the latter.
		at("c", has, 0), refused, at("c", create, 500), at("c", describe, 600), at("c", describe, 1000),
	}
	// Logged in answer order, not arrival order: the function sorts.
	reqs[2], reqs[3] = reqs[3], reqs[2]
	most, polls, n := createPolls(reqs, 300*time.Millisecond)
	if most != 4 || polls != 2 || n != 3 {
		t.Errorf("createPolls = most %d, polls %d, collections %d; want 4 (b, and c with its refused create), 2 (a's and c's), 3", most, polls, n)
	}
	// Collections that load at once have no polls: every describe beyond the first is extra.
	if most, polls, _ := createPolls(reqs, 0); most != 5 || polls != 0 {
		t.Errorf("at LD = 0: most %d, polls %d; want 5 and 0", most, polls)
	}
}

// TestBoundRate: the measured pass's DDL bound is the mock's limit, not the
// pace the provider's environment asks for; the floor's is the provider's.
func TestBoundRate(t *testing.T) {
	b := &bench{cfg: &config{ddlRate: 5}}
	slow := []string{"ZILLIZ_COLLECTION_OPS_PER_SECOND=2"}
	if got := b.boundRate(true, slow); got != 5 {
		t.Errorf("measured pass with the provider at 2/s: bound rate %v, want the mock's 5", got)
	}
	if got := b.boundRate(false, []string{"ZILLIZ_COLLECTION_OPS_PER_SECOND=1000"}); got != 1000 {
		t.Errorf("floor pass: bound rate %v, want the provider's 1000", got)
	}
	if got := (&bench{cfg: &config{ddlRate: 8}}).boundRate(true, nil); got != 8 {
		t.Errorf("mock limit 8/s: bound rate %v, want 8", got)
	}
}
