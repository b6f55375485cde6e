package provider

import (
	"fmt"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// A collection written by (a stand-in of) the official provider, on a cluster
// neither configuration manages, moves to zilliz_collection with field blocks;
// the natural translation plans nothing.
func TestAccCollectionMove_fromOfficialProvider(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster, _ := newMockClusterWith(t, acc, zilliz.CreateClusterRequest{Plan: planServerless, ClusterName: "articles"})
	client, err := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	dp, err := client.DataPlane(cluster.ConnectAddress, "")
	if err != nil {
		t.Fatal(err)
	}
	// What zillizcloud_collection creates: the schema, no index (zillizcloud_index
	// makes those), so the collection is not loaded.
	if err := dp.CreateCollectionV2(t.Context(), zilliz.CreateCollectionV2Request{
		CollectionName: "medium_articles",
		Fields: []zilliz.FieldSchema{
			{FieldName: "id", DataType: "Int64", IsPrimary: true, AutoID: true},
			{FieldName: "vector", DataType: "FloatVector", Dim: 16},
			{FieldName: "title", DataType: "VarChar", MaxLength: 512},
		},
	}); err != nil {
		t.Fatal(err)
	}
	seed := officialStateShape(t, "collection-state.json", "x")
	seed["connect_address"] = cluster.ConnectAddress
	seed["id"] = "/connections/" + cluster.ConnectAddress + "/databases/default/collections/medium_articles"
	ours := collectionID(cluster.ConnectAddress, "default", "medium_articles")

	old := standinRequiredProviders + acc.Provider + fmt.Sprintf(`
resource "zillizcloud_collection" "x" {
  connect_address = %q
  db_name         = "default"
  collection_name = "medium_articles"
  schema = {
    auto_id               = true
    enabled_dynamic_field = false
    fields = [
      { field_name = "id", data_type = "Int64", is_primary = true },
      { field_name = "vector", data_type = "FloatVector", element_type_params = { dim = "16" } },
      { field_name = "title", data_type = "VarChar", element_type_params = { max_length = "512" } },
    ]
  }
}
`, cluster.ConnectAddress)
	moved := standinRequiredProviders + acc.Provider + fmt.Sprintf(`
moved {
  from = zillizcloud_collection.x
  to   = zilliz_collection.x
}

resource "zilliz_collection" "x" {
  cluster_endpoint = %q
  name             = "medium_articles"
  load             = false # no index yet: zillizcloud_collection creates none

  field {
    name       = "id"
    data_type  = "Int64"
    is_primary = true
    auto_id    = true
  }
  field {
    name      = "vector"
    data_type = "FloatVector"
    dim       = 16
  }
  field {
    name       = "title"
    data_type  = "VarChar"
    max_length = 512
  }
}
`, cluster.ConnectAddress)

	tfresource.Test(t, tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			skipBelowBecause{tfversion.Version1_8_0, "moved blocks between resource types of different providers need Terraform 1.8"}},
		ProtoV6ProviderFactories: standinFactories(t, map[string]map[string]any{"medium_articles": seed}),
		Steps: []tfresource.TestStep{
			{
				Config: old,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zillizcloud_collection.x", tfjsonpath.New("id"), knownvalue.StringExact(seed["id"].(string))),
				},
			},
			{
				Config: moved,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("zilliz_collection.x", plancheck.ResourceActionNoop),
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_collection.x", tfjsonpath.New("id"), knownvalue.StringExact(ours)),
					statecheck.ExpectKnownValue("zilliz_collection.x", tfjsonpath.New("field").AtSliceIndex(2).AtMapKey("max_length"), knownvalue.Int64Exact(512)),
					statecheck.ExpectKnownValue("zilliz_collection.x", tfjsonpath.New("load_state"), knownvalue.StringExact("LoadStateNotLoad")),
				},
			},
		},
	})
	if names := acc.Mock.Collections(cluster.ClusterID, "default"); len(names) != 0 {
		t.Fatalf("collections left after destroy: %v", names)
	}
}
