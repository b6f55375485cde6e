package zillizmock

import (
	"net/http"
	"slices"
	"testing"
)

func partitionBody(coll, name string) map[string]any {
	return map[string]any{"collectionName": coll, "partitionName": name}
}

func TestPartitions(t *testing.T) {
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "parts")
	id := clusterOf(t, s, c)
	// Quick setup: indexed and loaded.
	wantCode(t, c.post("create", map[string]any{"collectionName": "articles", "dimension": 4}), http.StatusOK, codeV2OK)

	for range 2 { // a second create of the same partition succeeds
		wantCode(t, c.vdb("partitions/create", partitionBody("articles", "tenant_a")), http.StatusOK, codeV2OK)
	}
	r := c.vdb("partitions/list", map[string]any{"collectionName": "articles"})
	if got := decodeData[[]string](t, r); !slices.Equal(got, []string{"_default", "tenant_a"}) {
		t.Fatalf("list = %v", got)
	}
	r = c.vdb("partitions/has", partitionBody("articles", "tenant_a"))
	if got := decodeData[map[string]bool](t, r); !got["has"] {
		t.Fatalf("has = %v", got)
	}
	for _, tc := range []struct {
		name, route string
		body        map[string]any
		code        int
		part        string
	}{
		{"bad name", "partitions/create", partitionBody("articles", "tenant-b"), codeInvalidParameter, "partition name can only contain"},
		{"missing collection", "partitions/create", partitionBody("nope", "p"), codeCollectionNotFound, "collection not found"},
		{"no partition name", "partitions/create", map[string]any{"collectionName": "articles"}, codeMissingParameters, "PartitionReq.PartitionName"},
		{"drop _default", "partitions/drop", partitionBody("articles", "_default"), codeUnexpected, "default partition cannot be deleted"},
		{"drop loaded", "partitions/drop", partitionBody("articles", "tenant_a"), codeUnexpected, "partition is loaded, please release it first"},
		{"release nothing", "partitions/release", map[string]any{"collectionName": "articles"}, codeMissingParameters, "PartitionsReq.PartitionNames"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantMessage(t, c.vdb(tc.route, tc.body), http.StatusOK, tc.code, tc.part)
		})
	}
	if !s.PartitionLoaded(id, "default", "articles", "tenant_a") {
		t.Fatal("a partition of a loaded collection is loaded")
	}
	wantCode(t, c.vdb("partitions/release", map[string]any{"collectionName": "articles", "partitionNames": []string{"tenant_a"}}), http.StatusOK, codeV2OK)
	if s.PartitionLoaded(id, "default", "articles", "tenant_a") {
		t.Fatal("released partition still loaded")
	}
	for range 2 { // dropping a missing partition is no error
		wantCode(t, c.vdb("partitions/drop", partitionBody("articles", "tenant_a")), http.StatusOK, codeV2OK)
	}
	if got := s.Partitions(id, "default", "articles"); !slices.Equal(got, []string{"_default"}) {
		t.Fatalf("partitions = %v", got)
	}

	// A partition-key collection manages its partitions itself.
	wantCode(t, c.post("create", map[string]any{"collectionName": "keyed", "schema": map[string]any{"fields": []any{
		fieldDef("id", "Int64", nil, "isPrimary", true),
		fieldDef("tenant", "VarChar", map[string]any{"max_length": 64}, "isPartitionKey", true),
		fieldDef("v", "FloatVector", map[string]any{"dim": 4}),
	}}, "params": map[string]any{"partitionsNum": 2}}), http.StatusOK, codeV2OK)
	wantMessage(t, c.vdb("partitions/create", partitionBody("keyed", "p")), http.StatusOK, codeUnexpected, "disable create partition if partition key mode is used")
	wantMessage(t, c.vdb("partitions/drop", partitionBody("keyed", "_default_0")), http.StatusOK, codeUnexpected, "disable drop partition if partition key mode is used")
	if got := s.Partitions(id, "default", "keyed"); !slices.Equal(got, []string{"_default_0", "_default_1"}) {
		t.Fatalf("partition-key partitions = %v", got)
	}

	// Dropping the collection takes its partitions: a new one of the same name starts empty.
	wantCode(t, c.vdb("partitions/create", partitionBody("articles", "tenant_c")), http.StatusOK, codeV2OK)
	wantCode(t, c.post("drop", map[string]any{"collectionName": "articles"}), http.StatusOK, codeV2OK)
	wantCode(t, c.post("create", map[string]any{"collectionName": "articles", "dimension": 4}), http.StatusOK, codeV2OK)
	if got := s.Partitions(id, "default", "articles"); !slices.Equal(got, []string{"_default"}) {
		t.Fatalf("partitions of the new collection = %v", got)
	}
}
