package provider

import (
	"fmt"
	"net/http"
	"reflect"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

func testAccPartitionConfig(acc accTarget, endpoint, collection, name string) string {
	return acc.Provider + fmt.Sprintf(`
resource "zilliz_partition" "test" {
  cluster_endpoint = %q
  collection_name  = %q
  name             = %q
}
`, endpoint, collection, name)
}

// requestOrder is the position of the first successful data-plane call to
// path for a collection in the mock's log, -1 if none.
func requestOrder(acc accTarget, path, collection string, from int) int {
	for i, r := range acc.Mock.Requests() {
		if i >= from && r.ClusterID != "" && r.Method == http.MethodPost && r.Path == path && r.Collection == collection && r.Code == 0 {
			return i
		}
	}
	return -1
}

func TestAccPartitionResource_lifecycle(t *testing.T) {
	acc := newAccTarget(t)
	clusterID, endpoint := runningMockCluster(t, acc)
	// Quick setup: the collection is indexed and loaded, so each of its
	// partitions is loaded too and must be released before a drop.
	if err := mockDataPlane(t, acc, endpoint).CreateCollection(t.Context(), zilliz.CreateCollectionRequest{CollectionName: "articles", Dimension: 4}); err != nil {
		t.Fatal(err)
	}
	partitions := func(want ...string) tfresource.TestCheckFunc {
		return func(*terraform.State) error {
			if got := acc.Mock.Partitions(clusterID, "default", "articles"); !reflect.DeepEqual(got, want) {
				return fmt.Errorf("partitions %v, want %v", got, want)
			}
			return nil
		}
	}
	releasedBeforeDrop := func(*terraform.State) error {
		release := requestOrder(acc, "/v2/vectordb/partitions/release", "articles", 0)
		drop := requestOrder(acc, "/v2/vectordb/partitions/drop", "articles", release)
		if release < 0 || drop < 0 {
			return fmt.Errorf("release at request %d, drop after it at %d: a loaded partition is released, then dropped", release, drop)
		}
		return nil
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             tfresource.ComposeTestCheckFunc(partitions("_default"), releasedBeforeDrop),
		Steps: []tfresource.TestStep{
			{
				Config: testAccPartitionConfig(acc, endpoint, "articles", "tenant_a"),
				Check:  partitions("_default", "tenant_a"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_partition.test", tfjsonpath.New("id"), knownvalue.StringExact(endpoint+"/databases/default/collections/articles/partitions/tenant_a")),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				ResourceName:            "zilliz_partition.test",
				ImportState:             true,
				ImportStateId:           endpoint + "/databases/default/collections/articles/partitions/tenant_a",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"token", "timeouts"},
			},
			{
				// A partition cannot be renamed: replaced, the loaded old one released first.
				Config: testAccPartitionConfig(acc, endpoint, "articles", "tenant_b"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_partition.test", plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: tfresource.ComposeTestCheckFunc(partitions("_default", "tenant_b"), releasedBeforeDrop),
			},
			{
				PreConfig: func() {
					if err := acc.Mock.DropPartitionNow(clusterID, "default", "articles", "tenant_b"); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccPartitionConfig(acc, endpoint, "articles", "tenant_b"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_partition.test", plancheck.ResourceActionCreate)},
				},
				Check: partitions("_default", "tenant_b"),
			},
		},
	})
}

// An existing partition is not taken over (the server would answer a
// second create with success), and a partition-key collection's refusal is
// explained.
func TestAccPartitionResource_refusals(t *testing.T) {
	acc := newAccTarget(t)
	_, endpoint := runningMockCluster(t, acc)
	dp := mockDataPlane(t, acc, endpoint)
	if err := dp.CreateCollection(t.Context(), zilliz.CreateCollectionRequest{CollectionName: "articles", Dimension: 4}); err != nil {
		t.Fatal(err)
	}
	if err := dp.CreatePartition(t.Context(), "", "articles", "taken"); err != nil {
		t.Fatal(err)
	}
	if err := dp.CreateCollectionV2(t.Context(), zilliz.CreateCollectionV2Request{
		CollectionName: "keyed",
		Fields: []zilliz.FieldSchema{
			{FieldName: "id", DataType: "Int64", IsPrimary: true},
			{FieldName: "tenant", DataType: "VarChar", MaxLength: 64, IsPartitionKey: true},
			{FieldName: "v", DataType: "FloatVector", Dim: 4},
		},
	}); err != nil {
		t.Fatal(err)
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: testAccPartitionConfig(acc, endpoint, "articles", "taken"), ExpectError: errorMatching(`A partition named "taken" already exists.*terraform import`)},
			{Config: testAccPartitionConfig(acc, endpoint, "keyed", "tenant_a"), ExpectError: errorMatching(`has a partition key field.*refuses manual ones`)},
			{Config: testAccPartitionConfig(acc, endpoint, "nope", "tenant_a"), ExpectError: errorMatching(`The collection "nope" does not exist in database "default"`)},
		},
	})
}

func TestPartitionResource_validation(t *testing.T) {
	acc := planTimeTarget()
	const endpoint = "https://in01-0123456789abcde.gcp-us-west1.vectordb.zillizcloud.com:443"
	tfresource.UnitTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: testAccPartitionConfig(acc, endpoint, "articles", "_default"), PlanOnly: true, ExpectError: errorMatching(`Built-in partition cannot be managed`)},
			{Config: testAccPartitionConfig(acc, endpoint, "articles", "tenant-a"), PlanOnly: true, ExpectError: errorMatching(`contain only letters, digits and underscores`)},
			{
				Config: testAccPartitionConfig(acc, endpoint, "articles", "tenant_a") + `
import {
  to = zilliz_partition.test
  id = "https://in01-0123456789abcde.gcp-us-west1.vectordb.zillizcloud.com:443/databases/default/collections/articles/partitions/_default"
}
`,
				PlanOnly:    true,
				ExpectError: errorMatching(`cannot be imported as a zilliz_partition`),
			},
			{
				Config: testAccPartitionConfig(acc, endpoint, "articles", "tenant_a") + `
import {
  to = zilliz_partition.test
  id = "articles/tenant_a"
}
`,
				PlanOnly:    true,
				ExpectError: errorMatching(`is not a partition id. Use <cluster endpoint>/databases/<database>/collections/<collection>/partitions/<name>`),
			},
		},
	})
}
