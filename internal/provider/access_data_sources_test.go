package provider

import (
	"fmt"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// zilliz_cluster_users, zilliz_cluster_roles and zilliz_partitions read what
// the cluster has, made outside Terraform.
func TestAccAccessDataSources(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := standardMockCluster(t, acc, "access-ds")
	dp := mockDataPlane(t, acc, cluster.ConnectAddress)
	ctx := t.Context()
	for _, step := range []func() error{
		func() error { return dp.CreateRole(ctx, "reader") },
		func() error {
			return dp.GrantPrivilege(ctx, "reader", zilliz.Grant{Privilege: "COLL_RO", Database: "default", Collection: "articles"})
		},
		func() error { return dp.CreateUser(ctx, "app", "App-Passw0rd") },
		func() error { return dp.GrantRole(ctx, "app", "reader") },
		func() error {
			return dp.CreateCollection(ctx, zilliz.CreateCollectionRequest{CollectionName: "articles", Dimension: 4})
		},
		func() error { return dp.CreatePartition(ctx, "", "articles", "tenant_a") },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	grant := func(privilege, database, collection string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"privilege": knownvalue.StringExact(privilege), "database": knownvalue.StringExact(database), "collection": knownvalue.StringExact(collection)})
	}
	role := func(name string, builtIn bool, grants ...knownvalue.Check) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"name": knownvalue.StringExact(name), "built_in": knownvalue.Bool(builtIn), "grants": knownvalue.ListExact(grants)})
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: acc.Provider + fmt.Sprintf(`
data "zilliz_cluster_users" "all" {
  cluster_endpoint = %[1]q
}

data "zilliz_cluster_roles" "all" {
  cluster_endpoint = %[1]q
}

data "zilliz_partitions" "articles" {
  cluster_endpoint = %[1]q
  collection_name  = "articles"
}
`, cluster.ConnectAddress),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.zilliz_cluster_users.all", tfjsonpath.New("users"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("app"), "roles": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("reader")})}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("db_admin"), "roles": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("db_admin")})}),
				})),
				statecheck.ExpectKnownValue("data.zilliz_cluster_roles.all", tfjsonpath.New("roles"), knownvalue.ListExact([]knownvalue.Check{
					role("db_admin", true), role("db_ro", true), role("db_rw", true),
					role("reader", false, grant("COLL_RO", "default", "articles")),
				})),
				statecheck.ExpectKnownValue("data.zilliz_partitions.articles", tfjsonpath.New("names"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("_default"), knownvalue.StringExact("tenant_a")})),
			},
		}},
	})
}

// The examples of roles, users and partitions use the cluster (and the
// collection and roles) of the other examples (TestDocs validates them together).
func init() {
	for dir, needs := range map[string][]string{
		"resources/zilliz_cluster_role":     {"resources/zilliz_cluster"},
		"resources/zilliz_cluster_user":     {"resources/zilliz_cluster", "resources/zilliz_cluster_role"},
		"resources/zilliz_partition":        {"resources/zilliz_cluster", "resources/zilliz_collection"},
		"data-sources/zilliz_cluster_users": {"data-sources/zilliz_cluster"},
		"data-sources/zilliz_cluster_roles": {"data-sources/zilliz_cluster"},
		"data-sources/zilliz_partitions":    {"data-sources/zilliz_cluster"},
	} {
		exampleNeeds[dir] = append(exampleNeeds[dir], needs...)
	}
}
