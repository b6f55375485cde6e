package zillizmock

import (
	"net/http"
	"testing"
)

// The in-place routes refuse what Milvus refuses (sources in evolve.go).
func TestVectorDBV2EvolveRefusals(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "evolve")
	wantCode(t, c.post("create", map[string]any{"collectionName": "c1", "dimension": 4}), 200, codeV2OK) // quick setup: indexed and loaded
	indexes := func(route string, body any) apiResp {
		return call(t, http.MethodPost, c.ep+"/v2/vectordb/indexes/"+route, c.key, body)
	}
	tests := []struct {
		name string
		r    func() apiResp
		code int
		msg  string
	}{
		{"not nullable", func() apiResp {
			return c.post("fields/add", map[string]any{"collectionName": "c1", "schema": map[string]any{"fieldName": "n", "dataType": "Int64"}})
		}, codeInvalidParameter, "added field must be nullable, please check it, field name = n: invalid parameter"},
		{"vector", func() apiResp {
			return c.post("fields/add", map[string]any{"collectionName": "c1", "schema": map[string]any{"fieldName": "v", "dataType": "FloatVector", "nullable": true, "elementTypeParams": map[string]any{"dim": 4}}})
		}, codeInvalidParameter, "not support to add vector field, field name = v: invalid parameter"},
		{"duplicate", func() apiResp {
			return c.post("fields/add", map[string]any{"collectionName": "c1", "schema": map[string]any{"fieldName": "id", "dataType": "Int64", "nullable": true}})
		}, codeInvalidParameter, "duplicate field name: id: invalid parameter"},
		{"no schema", func() apiResp { return c.post("fields/add", map[string]any{"collectionName": "c1"}) }, codeMissingParameters, ""},
		{"drop index while loaded", func() apiResp { return indexes("drop", map[string]any{"collectionName": "c1", "indexName": "vector"}) },
			codeUnexpected, "index cannot be dropped, collection is loaded, please release it first"},
		{"mmap while loaded", func() apiResp {
			return c.post("alter_properties", map[string]any{"collectionName": "c1", "properties": map[string]any{"mmap.enabled": true}})
		}, codeCollectionLoaded, "can not alter mmap properties if collection loaded: collection already loaded[collection=c1]"},
		{"isolation without partition key", func() apiResp {
			return c.post("alter_properties", map[string]any{"collectionName": "c1", "properties": map[string]any{"partitionkey.isolation": true}})
		}, codeInvalidParameter, ""},
		{"rename onto another", func() apiResp {
			wantCode(t, c.post("create", map[string]any{"collectionName": "c2", "dimension": 4}), 200, codeV2OK)
			return c.post("rename", map[string]any{"collectionName": "c1", "newCollectionName": "c2"})
		}, codeUnexpected, "duplicated new collection name default:c2 with other collection name or alias"},
		{"rename without new name", func() apiResp { return c.post("rename", map[string]any{"collectionName": "c1"}) }, codeMissingParameters, ""},
		{"stats of a missing collection", func() apiResp { return c.post("get_stats", map[string]any{"collectionName": "nope"}) }, codeCollectionNotFound, ""},
	}
	for _, tc := range tests {
		r := tc.r()
		wantCode(t, r, http.StatusOK, tc.code)
		if tc.msg != "" && r.Message != tc.msg {
			t.Errorf("%s: message %q, want %q", tc.name, r.Message, tc.msg)
		}
	}
}

// Released, a collection takes every change and keeps its id and entities.
func TestVectorDBV2EvolveInPlace(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "evolve-ok")
	wantCode(t, c.post("create", map[string]any{"collectionName": "c1", "dimension": 4}), 200, codeV2OK)
	id := c.describe("c1").CollectionID
	var cluster string
	for _, cl := range s.Clusters() {
		if cl.ClusterName == "evolve-ok" {
			cluster = cl.ClusterID
		}
	}
	if err := s.InsertRows(cluster, "default", "c1", 42); err != nil {
		t.Fatal(err)
	}
	stats := c.post("get_stats", map[string]any{"collectionName": "c1"})
	wantCode(t, stats, 200, codeV2OK)
	if got := decodeData[struct {
		RowCount int64 `json:"rowCount"`
	}](t, stats).RowCount; got != 42 {
		t.Fatalf("rowCount %d, want 42", got)
	}
	indexes := func(route string, body any) apiResp {
		return call(t, http.MethodPost, c.ep+"/v2/vectordb/indexes/"+route, c.key, body)
	}
	steps := []apiResp{
		c.post("fields/add", map[string]any{"collectionName": "c1", "schema": map[string]any{"fieldName": "tag", "dataType": "VarChar", "nullable": true, "defaultValue": "x", "elementTypeParams": map[string]any{"max_length": 16}}}),
		c.post("release", map[string]any{"collectionName": "c1"}),
		indexes("drop", map[string]any{"collectionName": "c1", "indexName": "vector"}),
		indexes("create", map[string]any{"collectionName": "c1", "indexParams": []any{map[string]any{"fieldName": "vector", "indexName": "vector", "metricType": "L2", "indexType": "HNSW"}}}),
		c.post("alter_properties", map[string]any{"collectionName": "c1", "properties": map[string]any{"mmap.enabled": true, "collection.ttl.seconds": 60}}),
		c.post("drop_properties", map[string]any{"collectionName": "c1", "propertyKeys": []string{"collection.ttl.seconds"}}),
		c.post("rename", map[string]any{"collectionName": "c1", "newCollectionName": "c3"}),
		c.post("load", map[string]any{"collectionName": "c3"}),
	}
	for i, r := range steps {
		wantCode(t, r, 200, codeV2OK)
		if t.Failed() {
			t.Fatalf("step %d", i)
		}
	}
	d := c.describe("c3")
	if d.CollectionID != id || len(d.Fields) != 3 || d.Fields[2].Name != "tag" || !d.Fields[2].Nullable {
		t.Errorf("after the changes: %+v", d)
	}
	if len(d.Properties) != 1 || d.Properties[0] != (keyValue{"mmap.enabled", "true"}) {
		t.Errorf("properties %v", d.Properties)
	}
	info, err := s.Collection(cluster, "default", "c3")
	if err != nil || info.Rows != 42 || info.ID != id {
		t.Errorf("info %+v, %v", info, err)
	}
	ix := call(t, http.MethodPost, c.ep+"/v2/vectordb/indexes/describe", c.key, map[string]any{"collectionName": "c3", "indexName": "vector"})
	wantCode(t, ix, 200, codeV2OK)
	if got := decodeData[[]struct {
		IndexType  string `json:"indexType"`
		IndexState string `json:"indexState"`
	}](t, ix); len(got) != 1 || got[0].IndexType != "HNSW" {
		t.Errorf("index %+v", got)
	}
}
