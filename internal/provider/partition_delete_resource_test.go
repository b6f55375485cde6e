package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// A drop refused because the partition is loaded, and a load-state read
// that fails too: the error names both, instead of taking the failed read
// for "not loaded".
func TestAccPartitionResource_deleteReportsLoadStateError(t *testing.T) {
	// The partition rate (1 a second) is not what this test is about.
	acc := newAccTarget(t, func(o *zillizmock.Options) { o.RateLimits.Off = true })
	acc.requireMock(t)
	ctx := t.Context()
	cluster := standardMockCluster(t, acc, "partition-drop")
	dp := mockDataPlane(t, acc, cluster.ConnectAddress)
	if err := dp.CreateCollection(ctx, zilliz.CreateCollectionRequest{CollectionName: "articles", Dimension: 4}); err != nil {
		t.Fatal(err)
	}
	if err := dp.CreatePartition(ctx, "default", "articles", "tenant_a"); err != nil {
		t.Fatal(err)
	}
	if err := dp.LoadCollection(ctx, "default", "articles"); err != nil {
		t.Fatal(err)
	}
	cfg := zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey()}
	fastRetries(&cfg)
	cfg.MaxRetries = 2
	client, err := zilliz.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	acc.Mock.SetFaults(zillizmock.Faults{Rate5xx: 1, PathPrefix: "/v2/vectordb/collections/get_load_state"})
	var sr resource.SchemaResponse
	(&partitionResource{}).Schema(ctx, resource.SchemaRequest{}, &sr)
	state := tfsdk.State{Schema: sr.Schema, Raw: clusterObject(t, sr.Schema, map[string]any{
		"cluster_endpoint": cluster.ConnectAddress, "database": "default", "collection_name": "articles", "name": "tenant_a",
		"id": partitionID(cluster.ConnectAddress, "default", "articles", "tenant_a"),
	})}
	resp := &resource.DeleteResponse{State: state}
	(&partitionResource{client: client}).Delete(ctx, resource.DeleteRequest{State: state}, resp)
	errs := resp.Diagnostics.Errors()
	if len(errs) != 1 {
		t.Fatalf("errors %v, want one", errs)
	}
	for _, part := range []string{"partition is loaded", "load state", "failed too", "get_load_state"} {
		if !strings.Contains(errs[0].Detail(), part) {
			t.Errorf("error %q lacks %q", errs[0].Detail(), part)
		}
	}
}
