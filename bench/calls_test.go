package main

import (
	"testing"

	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// TestPollVerdict: a cluster create's row counts each request once, names
// the regions lists (one per provider process is fine) and a cluster list,
// and meets the target only with no list and nothing else.
func TestPollVerdict(t *testing.T) {
	req := func(method, path string) zillizmock.Request { return zillizmock.Request{Method: method, Path: path} }
	create := req("POST", "/v2/clusters/createServerless")
	describe := req("GET", "/v2/clusters/in05-40ee1433207b312")
	regions := req("GET", "/v2/regions")
	list := req("GET", "/v2/clusters")
	for _, tc := range []struct {
		name          string
		reqs          []zillizmock.Request
		meets, wanted string
	}{
		{"create and polls, a regions list per process", []zillizmock.Request{regions, regions, create, describe},
			"yes", "4: 1 create + 1 describes + 2 regions list (region_id checked while planning, one per provider process; 2 expected at most)"},
		{"with a name check", []zillizmock.Request{regions, regions, list, create, describe},
			"**no**", "5: 1 create + 1 describes + 2 regions list (region_id checked while planning, one per provider process; 2 expected at most) + 1 cluster list (name check)"},
		{"a regions list too many", []zillizmock.Request{regions, regions, regions, create, describe},
			"**no**", "5: 1 create + 1 describes + 3 regions list (region_id checked while planning, one per provider process; 2 expected at most)"},
		{"something else", []zillizmock.Request{create, describe, req("GET", "/v2/projects")},
			"**no**", "3: 1 create + 1 describes + 1 other"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			meets, measured := pollVerdict(tc.reqs, "create")
			if meets != tc.meets || measured != tc.wanted {
				t.Errorf("pollVerdict = %q, %q; want %q, %q", meets, measured, tc.meets, tc.wanted)
			}
		})
	}
}
