package zilliz

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
)

// Each in-place call goes to its route with the body keys request_v2.go binds.
func TestEvolveRequestBodies(t *testing.T) {
	t.Parallel()
	rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		switch r.URL.Path {
		case "/v2/vectordb/collections/get_stats":
			ok(w, map[string]any{"rowCount": 1204332})
		case "/v2/vectordb/indexes/describe":
			ok(w, []map[string]any{{"indexName": "vec", "indexState": "Finished"}})
		default:
			ok(w, map[string]any{})
		}
	})
	ctx := t.Context()
	steps := []func() error{
		func() error {
			return dp.AddField(ctx, "db1", "books", FieldSchema{FieldName: "lang", DataType: "VarChar", MaxLength: 8, Nullable: true, DefaultValue: "en"})
		},
		func() error {
			return dp.CreateIndex(ctx, "db1", "books", IndexParam{FieldName: "vec", IndexType: "IVF_FLAT", MetricType: "L2", Params: map[string]string{"nlist": "128"}})
		},
		func() error { return dp.DropIndex(ctx, "db1", "books", "vec") },
		func() error { return dp.WaitIndexBuilt(ctx, "db1", "books", "vec") },
		func() error {
			return dp.AlterCollectionProperties(ctx, "db1", "books", map[string]string{"collection.ttl.seconds": "2592000"})
		},
		func() error { return dp.DropCollectionProperties(ctx, "db1", "books", []string{"mmap.enabled"}) },
		func() error { return dp.RenameCollection(ctx, "db1", "books", "books_v2") },
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	n, err := dp.CollectionRowCount(ctx, "db1", "books")
	if err != nil || n != 1204332 {
		t.Fatalf("row count %d, %v", n, err)
	}
	want := []struct {
		path string
		body string
	}{
		{"/v2/vectordb/collections/fields/add", `{"collectionName":"books","dbName":"db1","schema":{"dataType":"VarChar","defaultValue":"en","elementTypeParams":{"max_length":8},"fieldName":"lang","isPartitionKey":false,"isPrimary":false,"nullable":true}}`},
		{"/v2/vectordb/indexes/create", `{"collectionName":"books","dbName":"db1","indexParams":[{"fieldName":"vec","indexType":"IVF_FLAT","metricType":"L2","params":{"nlist":"128"}}]}`},
		{"/v2/vectordb/indexes/drop", `{"collectionName":"books","dbName":"db1","indexName":"vec"}`},
		{"/v2/vectordb/indexes/describe", `{"collectionName":"books","dbName":"db1","indexName":"vec"}`},
		{"/v2/vectordb/collections/alter_properties", `{"collectionName":"books","dbName":"db1","properties":{"collection.ttl.seconds":"2592000"}}`},
		{"/v2/vectordb/collections/drop_properties", `{"collectionName":"books","dbName":"db1","propertyKeys":["mmap.enabled"]}`},
		{"/v2/vectordb/collections/rename", `{"collectionName":"books","dbName":"db1","newCollectionName":"books_v2"}`},
		{"/v2/vectordb/collections/get_stats", `{"collectionName":"books","dbName":"db1"}`},
	}
	reqs := rec.requests()
	if len(reqs) != len(want) {
		t.Fatalf("%d requests, want %d", len(reqs), len(want))
	}
	for i, w := range want {
		var got, exp any
		if err := json.Unmarshal(reqs[i].Body, &got); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(w.body), &exp); err != nil {
			t.Fatal(err)
		}
		if reqs[i].Path != w.path || !reflect.DeepEqual(got, exp) {
			t.Errorf("request %d: %s %s, want %s %s", i, reqs[i].Path, reqs[i].Body, w.path, w.body)
		}
	}
}

// A failed build is an error with the server's reason.
func TestWaitIndexBuiltFailed(t *testing.T) {
	t.Parallel()
	_, dp := newV2DataPlane(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		ok(w, []map[string]any{{"indexName": "vec", "indexState": "Failed", "failReason": "out of memory"}})
	})
	if err := dp.WaitIndexBuilt(t.Context(), "", "books", "vec"); err == nil || err.Error() != "index vec of collection books failed to build: out of memory" {
		t.Fatalf("err = %v", err)
	}
}
