package zilliz

import (
	"net/http"
	"reflect"
	"testing"
)

// TestPartitionCalls: each call goes to its route with PartitionReq or
// PartitionsReq, "default" fills an unset database, and _default is never
// sent to drop.
func TestPartitionCalls(t *testing.T) {
	t.Parallel()
	rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		switch r.URL.Path {
		case "/v2/vectordb/partitions/list":
			reply(w, 200, `{"code":0,"data":["tenant_b","_default","tenant_a"]}`)
		case "/v2/vectordb/partitions/has":
			reply(w, 200, `{"code":0,"data":{"has":true}}`)
		case "/v2/vectordb/partitions/get_stats":
			reply(w, 200, `{"code":0,"data":{"rowCount":"42"}}`)
		default:
			ok(w, map[string]any{})
		}
	})
	ctx := t.Context()
	if err := dp.CreatePartition(ctx, "", "articles", "tenant_a"); err != nil {
		t.Fatal(err)
	}
	has, err := dp.HasPartition(ctx, "tenant_db", "articles", "tenant_a")
	if err != nil || !has {
		t.Errorf("has = %v, %v", has, err)
	}
	names, err := dp.ListPartitions(ctx, "", "articles")
	if err != nil || !reflect.DeepEqual(names, []string{"_default", "tenant_a", "tenant_b"}) {
		t.Errorf("list = %v, %v", names, err)
	}
	if n, err := dp.PartitionRowCount(ctx, "", "articles", "tenant_a"); err != nil || n != 42 {
		t.Errorf("rows = %d, %v", n, err)
	}
	if err := dp.ReleasePartitions(ctx, "", "articles", "tenant_a"); err != nil {
		t.Fatal(err)
	}
	if err := dp.LoadPartitions(ctx, "", "articles"); err != nil { // nothing to load: not sent
		t.Fatal(err)
	}
	if err := dp.DropPartition(ctx, "", "articles", "tenant_a"); err != nil {
		t.Fatal(err)
	}
	if err := dp.DropPartition(ctx, "", "articles", "_default"); err == nil {
		t.Error("dropping _default must fail without a call")
	}
	checkBodies(t, rec, []struct{ path, body string }{
		{"/v2/vectordb/partitions/create", `{"dbName":"default","collectionName":"articles","partitionName":"tenant_a"}`},
		{"/v2/vectordb/partitions/has", `{"dbName":"tenant_db","collectionName":"articles","partitionName":"tenant_a"}`},
		{"/v2/vectordb/partitions/list", `{"dbName":"default","collectionName":"articles"}`},
		{"/v2/vectordb/partitions/get_stats", `{"dbName":"default","collectionName":"articles","partitionName":"tenant_a"}`},
		{"/v2/vectordb/partitions/release", `{"dbName":"default","collectionName":"articles","partitionNames":["tenant_a"]}`},
		{"/v2/vectordb/partitions/drop", `{"dbName":"default","collectionName":"articles","partitionName":"tenant_a"}`},
	})
}

// Partition calls are repeatable on the server, so a 503 is retried even
// for create; a missing collection is IsNotFound.
func TestPartitionRetriesAndNotFound(t *testing.T) {
	t.Parallel()
	rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n == 1 {
			reply(w, 500, `{"code":65535,"message":"internal"}`)
			return
		}
		ok(w, map[string]any{})
	})
	if err := dp.CreatePartition(t.Context(), "", "articles", "p"); err != nil || rec.count() != 2 {
		t.Fatalf("error %v after %d requests, want success after a retry", err, rec.count())
	}
	_, dp2 := newV2DataPlane(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		reply(w, 200, `{"code":100,"message":"collection not found[collection=articles]"}`)
	})
	if _, err := dp2.HasPartition(t.Context(), "", "articles", "p"); !IsNotFound(err) {
		t.Fatalf("error %v, want not found", err)
	}
}
