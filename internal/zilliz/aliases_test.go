package zilliz

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// TestAliasCalls: routes, bodies (database defaulted to "default") and
// the describe and list answers.
func TestAliasCalls(t *testing.T) {
	t.Parallel()
	rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		switch r.URL.Path {
		case "/v2/vectordb/aliases/describe":
			reply(w, 200, `{"code":0,"data":{"dbName":"default","collectionName":"articles_v2","aliasName":"articles"}}`)
		case "/v2/vectordb/aliases/list":
			reply(w, 200, `{"code":0,"data":["latest","articles"]}`)
		default:
			ok(w, map[string]any{})
		}
	})
	ctx := t.Context()
	if err := dp.CreateAlias(ctx, "", "articles", "articles_v1"); err != nil {
		t.Fatal(err)
	}
	if err := dp.AlterAlias(ctx, "tenant_a", "articles", "articles_v2"); err != nil {
		t.Fatal(err)
	}
	a, err := dp.DescribeAlias(ctx, "", "articles")
	if err != nil || *a != (Alias{Database: "default", Name: "articles", CollectionName: "articles_v2"}) {
		t.Errorf("describe = %+v, %v", a, err)
	}
	names, err := dp.ListAliases(ctx, "", "articles_v2")
	if err != nil || !reflect.DeepEqual(names, []string{"articles", "latest"}) {
		t.Errorf("list = %v, %v", names, err)
	}
	if _, err := dp.ListAliases(ctx, "tenant_a", ""); err != nil {
		t.Fatal(err)
	}
	if err := dp.DropAlias(ctx, "", "articles"); err != nil {
		t.Fatal(err)
	}
	want := []struct{ path, body string }{
		{"/v2/vectordb/aliases/create", `{"dbName":"default","aliasName":"articles","collectionName":"articles_v1"}`},
		{"/v2/vectordb/aliases/alter", `{"dbName":"tenant_a","aliasName":"articles","collectionName":"articles_v2"}`},
		{"/v2/vectordb/aliases/describe", `{"dbName":"default","aliasName":"articles"}`},
		{"/v2/vectordb/aliases/list", `{"dbName":"default","collectionName":"articles_v2"}`},
		{"/v2/vectordb/aliases/list", `{"dbName":"tenant_a"}`},
		{"/v2/vectordb/aliases/drop", `{"dbName":"default","aliasName":"articles"}`},
	}
	reqs := rec.requests()
	if len(reqs) != len(want) {
		t.Fatalf("%d requests, want %d", len(reqs), len(want))
	}
	for i, w := range want {
		if reqs[i].Path != w.path || strings.TrimSpace(string(reqs[i].Body)) != w.body {
			t.Errorf("request %d: %s %s, want %s %s", i, reqs[i].Path, reqs[i].Body, w.path, w.body)
		}
	}
}

// TestAliasErrors: 1600 (alias) and 800 (database) are "not found"; a name
// clash (1601) and an alias of another collection (1602) are not.
func TestAliasErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		answer   string
		notFound bool
	}{
		{`{"code":1600,"message":"alias not found[database=default][alias=a]"}`, true},
		{`{"code":800,"message":"database not found[database=x]"}`, true},
		{`{"code":1601,"message":"alias and collection name conflict"}`, false},
		{`{"code":1602,"message":"alias already exist"}`, false},
	} {
		_, dp := newV2DataPlane(t, func(w http.ResponseWriter, _ *http.Request, _ int) { reply(w, 200, tc.answer) })
		_, err := dp.DescribeAlias(t.Context(), "", "a")
		var ae *APIError
		if !errors.As(err, &ae) || IsNotFound(err) != tc.notFound {
			t.Errorf("%s: error %v, IsNotFound %v", tc.answer, err, IsNotFound(err))
		}
	}
	_, dp := newV2DataPlane(t, func(w http.ResponseWriter, _ *http.Request, _ int) { ok(w, map[string]any{}) })
	if err := dp.CreateAlias(t.Context(), "", "", "c"); err == nil {
		t.Error("empty alias name accepted")
	}
	if err := dp.AlterAlias(t.Context(), "", "a", ""); err == nil {
		t.Error("empty collection name accepted")
	}
}
