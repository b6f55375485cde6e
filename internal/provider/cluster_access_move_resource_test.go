package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// changingCalls counts the data-plane requests that change something.
func changingCalls(m *zillizmock.Server) int {
	n := 0
	for _, r := range m.Requests() {
		if r.ClusterID == "" || r.Method != http.MethodPost {
			continue
		}
		for _, verb := range []string{"/create", "/drop", "/alter", "/grant", "/revoke", "/update_password", "/release", "/load", "/drop_properties"} {
			if strings.Contains(r.Path, verb) {
				n++
				break
			}
		}
	}
	return n
}

// A user (with the roles a zillizcloud_user_role bound), a database, an
// alias and a partition written by (a stand-in of) the official provider move
// to ours with `moved` blocks; the user_role leaves state with a `removed`
// block and its roles are the user's `roles`. Nothing is called that changes
// anything, and the natural translation plans no change.
func TestAccClusterAccessMove_fromOfficialProvider(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := standardMockCluster(t, acc, "access-move")
	endpoint := cluster.ConnectAddress
	dp := mockDataPlane(t, acc, endpoint)
	ctx := t.Context()
	for _, step := range []func() error{
		func() error { return dp.CreateRole(ctx, "reader") },
		func() error { return dp.CreateUser(ctx, "app", "App-Passw0rd") },
		func() error { return dp.GrantRole(ctx, "app", "reader") },
		func() error {
			return dp.CreateDatabase(ctx, "tenant_db", map[string]string{"database.replica.number": "1"})
		},
		func() error {
			return dp.CreateCollection(ctx, zilliz.CreateCollectionRequest{CollectionName: "articles", Dimension: 4})
		},
		func() error { return dp.CreateAlias(ctx, "default", "live", "articles") },
		func() error { return dp.CreatePartition(ctx, "", "articles", "tenant_a") },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	ca := strings.TrimPrefix(endpoint, "http://")
	seeds := map[string]map[string]any{
		"app":       {"id": "/connections/" + ca + "/users/app"},
		"tenant_db": {"id": "/connections/" + ca + "/databases/tenant_db"},
		"live":      {"id": "/connections/" + ca + "/databases/default/aliases/live"},
		"tenant_a":  {"id": "/connections/" + ca + "/databases/default/collections/articles/partitions/tenant_a"},
	}
	old := standinRequiredProviders + acc.Provider + fmt.Sprintf(`
resource "zillizcloud_user" "app" {
  connect_address = %[1]q
  username        = "app"
  password        = "App-Passw0rd"
}

resource "zillizcloud_user_role" "app" {
  connect_address = %[1]q
  username        = "app"
  roles           = ["reader"]
}

resource "zillizcloud_database" "tenant" {
  connect_address = %[1]q
  db_name         = "tenant_db"
  properties      = { "database.replica.number" = "1" }
}

resource "zillizcloud_alias" "live" {
  connect_address = %[1]q
  db_name         = "default"
  alias_name      = "live"
  collection_name = "articles"
}

resource "zillizcloud_partitions" "tenant_a" {
  connect_address = %[1]q
  db_name         = "default"
  collection_name = "articles"
  partition_name  = "tenant_a"
}
`, endpoint)
	moved := standinRequiredProviders + acc.Provider + fmt.Sprintf(`
moved {
  from = zillizcloud_user.app
  to   = zilliz_cluster_user.app
}
moved {
  from = zillizcloud_database.tenant
  to   = zilliz_database.tenant
}
moved {
  from = zillizcloud_alias.live
  to   = zilliz_collection_alias.live
}
moved {
  from = zillizcloud_partitions.tenant_a
  to   = zilliz_partition.tenant_a
}

# The roles zillizcloud_user_role bound are the user's roles now.
removed {
  from = zillizcloud_user_role.app
  lifecycle {
    destroy = false
  }
}

resource "zilliz_cluster_user" "app" {
  cluster_endpoint = %[1]q
  name             = "app"
  password         = "App-Passw0rd"
  roles            = ["reader"]
}

resource "zilliz_database" "tenant" {
  cluster_endpoint = %[1]q
  name             = "tenant_db"
  properties       = { "database.replica.number" = "1" }
}

resource "zilliz_collection_alias" "live" {
  cluster_endpoint = %[1]q
  name             = "live"
  collection_name  = "articles"
}

resource "zilliz_partition" "tenant_a" {
  cluster_endpoint = %[1]q
  collection_name  = "articles"
  name             = "tenant_a"
}
`, endpoint)
	var before int
	tfresource.Test(t, tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			skipBelowBecause{tfversion.Version1_8_0, "moved blocks between resource types of different providers need Terraform 1.8"}},
		ProtoV6ProviderFactories: standinFactories(t, seeds),
		Steps: []tfresource.TestStep{
			{Config: old},
			{
				PreConfig: func() { before = changingCalls(acc.Mock) },
				Config:    moved,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("zilliz_cluster_user.app", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("zilliz_database.tenant", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("zilliz_collection_alias.live", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("zilliz_partition.tenant_a", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_cluster_user.app", tfjsonpath.New("id"), knownvalue.StringExact(endpoint+"/users/app")),
					statecheck.ExpectKnownValue("zilliz_cluster_user.app", tfjsonpath.New("roles"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("reader")})),
					statecheck.ExpectKnownValue("zilliz_database.tenant", tfjsonpath.New("id"), knownvalue.StringExact(endpoint+"/databases/tenant_db")),
					statecheck.ExpectKnownValue("zilliz_collection_alias.live", tfjsonpath.New("id"), knownvalue.StringExact(endpoint+"/databases/default/aliases/live")),
					statecheck.ExpectKnownValue("zilliz_partition.tenant_a", tfjsonpath.New("id"), knownvalue.StringExact(endpoint+"/databases/default/collections/articles/partitions/tenant_a")),
				},
				Check: func(*terraform.State) error {
					if after := changingCalls(acc.Mock); after != before {
						return fmt.Errorf("%d calls that change something during the move", after-before)
					}
					return nil
				},
			},
			{
				Config:           moved,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}
