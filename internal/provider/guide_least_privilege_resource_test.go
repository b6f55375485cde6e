package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// TestAccGuideLeastPrivilege runs the HCL of the guide "Least privilege for
// applications" (examples/guides/least-privilege/main.tf) as it is written:
// the search service's user can read the articles collection and nothing
// else, the indexer's can write it but not create collections, and a
// rotation of the search password is one update_password call.
func TestAccGuideLeastPrivilege(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := standardMockCluster(t, acc, "least-privilege")
	id, endpoint := cluster.ClusterID, cluster.ConnectAddress
	admin := mockDataPlane(t, acc, endpoint)
	for _, name := range []string{"articles", "billing"} {
		if err := admin.CreateCollection(t.Context(), zilliz.CreateCollectionRequest{CollectionName: name, Dimension: 4}); err != nil {
			t.Fatal(err)
		}
	}
	hcl, err := os.ReadFile(filepath.Join("..", "..", "examples", "guides", "least-privilege", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	const (
		searchV1, searchV2, indexerPW = "Search-Passw0rd-1", "Search-Passw0rd-2", "Indexer-Passw0rd"
	)
	vars := func(search string, version int, previous string) config.Variables {
		v := config.Variables{
			"cluster_endpoint":        config.StringVariable(endpoint),
			"search_password":         config.StringVariable(search),
			"search_password_version": config.IntegerVariable(version),
			"indexer_password":        config.StringVariable(indexerPW),
		}
		if previous != "" {
			v["search_previous_password"] = config.StringVariable(previous)
		}
		return v
	}
	// expect checks what a user may do: allowed calls succeed, the others
	// are refused with HTTP 403 (authenticated, privilege missing).
	expect := func(user, password string, calls map[string]bool) tfresource.TestCheckFunc {
		return func(*terraform.State) error {
			dp := admin.AsUser(user, password)
			ctx := t.Context()
			run := map[string]func() error{
				"describe articles": func() error { _, err := dp.DescribeCollectionV2(ctx, "", "articles"); return err },
				"describe billing":  func() error { _, err := dp.DescribeCollectionV2(ctx, "", "billing"); return err },
				"partition articles": func() error {
					return dp.CreatePartition(ctx, "", "articles", "from_"+user)
				},
				"create collection": func() error {
					return dp.CreateCollection(ctx, zilliz.CreateCollectionRequest{CollectionName: "by_" + user, Dimension: 4})
				},
				"list users": func() error { _, err := dp.ListUsers(ctx); return err },
			}
			for name, allowed := range calls {
				err := run[name]()
				refused := zilliz.IsUnauthorized(err) && !zilliz.IsCredentialRefused(err)
				switch {
				case allowed && err != nil:
					return fmt.Errorf("%s as %s: %v, want it allowed", name, user, err)
				case !allowed && !refused:
					return fmt.Errorf("%s as %s: %v, want HTTP 403", name, user, err)
				}
			}
			return nil
		}
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			skipBelowBecause{tfversion.Version1_11_0, "write-only passwords need Terraform 1.11"}},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config:          acc.Provider + string(hcl),
				ConfigVariables: vars(searchV1, 1, ""),
				Check: tfresource.ComposeTestCheckFunc(
					expect("search_svc", searchV1, map[string]bool{
						"describe articles": true, "describe billing": false, "partition articles": false, "create collection": false, "list users": false}),
					expect("indexer", indexerPW, map[string]bool{
						"describe articles": true, "describe billing": false, "partition articles": true, "create collection": false, "list users": false}),
				),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// The rotation as the guide describes it.
				Config:          acc.Provider + string(hcl),
				ConfigVariables: vars(searchV2, 2, searchV1),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster_user.search", plancheck.ResourceActionUpdate)},
				},
				Check: tfresource.ComposeTestCheckFunc(
					checkMockUser(acc, id, "search_svc", searchV2, "search_ro"),
					checkCalls(acc, map[string]int{"/v2/vectordb/users/update_password": 1, "/v2/vectordb/users/create": 2, "/v2/vectordb/users/drop": 0}),
					expect("search_svc", searchV2, map[string]bool{"describe articles": true}),
				),
			},
		},
	})
}
