package provider

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// dedicatedMockCluster creates a running Standard cluster outside Terraform.
func standardMockCluster(t *testing.T, acc accTarget, name string) *zilliz.Cluster {
	t.Helper()
	c, _ := newMockClusterWith(t, acc, zilliz.CreateClusterRequest{Plan: planStandard, ClusterName: name, CUType: defaultCUType, CUSize: 1})
	return c
}

// testAccRoleConfig is one zilliz_cluster_role "test"; grants are
// "privilege database collection" triples.
func testAccRoleConfig(acc accTarget, endpoint, name string, grants ...string) string {
	var b strings.Builder
	for _, g := range grants {
		f := strings.Fields(g)
		fmt.Fprintf(&b, "  grant {\n    privilege  = %q\n    database   = %q\n    collection = %q\n  }\n", f[0], f[1], f[2])
	}
	return acc.Provider + fmt.Sprintf(`
resource "zilliz_cluster_role" "test" {
  cluster_endpoint = %q
  name             = %q
%s}
`, endpoint, name, b.String())
}

func checkMockGrants(acc accTarget, clusterID, role string, want ...string) tfresource.TestCheckFunc {
	return func(*terraform.State) error {
		got := acc.Mock.RoleGrants(clusterID, role)
		if want == nil {
			want = []string{}
		}
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("grants of %s on the cluster: %v, want %v", role, got, want)
		}
		return nil
	}
}

// dataPlaneCalls counts a cluster's data-plane requests to path.
func dataPlaneCalls(m *zillizmock.Server, path string) int {
	n := 0
	for _, r := range m.Requests() {
		if r.ClusterID != "" && r.Method == http.MethodPost && r.Path == path && r.HTTPStatus == http.StatusOK && r.Code == 0 {
			n++
		}
	}
	return n
}

func TestAccClusterRoleResource_lifecycle(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := standardMockCluster(t, acc, "roles")
	id, endpoint := cluster.ClusterID, cluster.ConnectAddress
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if slices.Contains(acc.Mock.ClusterRoles(id), "app_reader") {
				return fmt.Errorf("role still on the cluster after destroy")
			}
			if dataPlaneCalls(acc.Mock, "/v2/vectordb/roles/drop") != 1 {
				return fmt.Errorf("want exactly one roles/drop call")
			}
			return nil
		},
		Steps: []tfresource.TestStep{
			{
				Config: testAccRoleConfig(acc, endpoint, "app_reader", "COLL_RO default articles", "DB_RO default *"),
				Check:  checkMockGrants(acc, id, "app_reader", "COLL_RO default articles", "DB_RO default *"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_cluster_role.test", tfjsonpath.New("id"), knownvalue.StringExact(endpoint+"/roles/app_reader")),
					statecheck.ExpectKnownValue("zilliz_cluster_role.test", tfjsonpath.New("grant"), knownvalue.SetSizeExact(2)),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				ResourceName:            "zilliz_cluster_role.test",
				ImportState:             true,
				ImportStateId:           endpoint + "/roles/app_reader",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"token", "timeouts"},
			},
			{
				// One grant replaced by a wider one, one removed: in place,
				// a grant call and revoke calls, never a drop of the role.
				Config: testAccRoleConfig(acc, endpoint, "app_reader", "COLL_RW default articles"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster_role.test", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: tfresource.ComposeTestCheckFunc(
					checkMockGrants(acc, id, "app_reader", "COLL_RW default articles"),
					func(*terraform.State) error {
						creates, drops := dataPlaneCalls(acc.Mock, "/v2/vectordb/roles/create"), dataPlaneCalls(acc.Mock, "/v2/vectordb/roles/drop")
						grants, revokes := dataPlaneCalls(acc.Mock, "/v2/vectordb/roles/grant_privilege_v2"), dataPlaneCalls(acc.Mock, "/v2/vectordb/roles/revoke_privilege_v2")
						if creates != 1 || drops != 0 || grants != 3 || revokes != 2 {
							return fmt.Errorf("creates %d, drops %d, grants %d, revokes %d: want 1, 0, 3 (2 at create + 1), 2", creates, drops, grants, revokes)
						}
						return nil
					},
				),
			},
			{
				// Drift: a grant revoked in the console and one added there
				// show in the plan and are put back by the apply.
				PreConfig: func() {
					if err := acc.Mock.RevokeGrantNow(id, "app_reader", "COLL_RW", "default", "articles"); err != nil {
						t.Fatal(err)
					}
					if err := acc.Mock.GrantNow(id, "app_reader", "Cluster_Admin", "*", "*"); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccRoleConfig(acc, endpoint, "app_reader", "COLL_RW default articles"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster_role.test", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: checkMockGrants(acc, id, "app_reader", "COLL_RW default articles"),
			},
			{
				// Dropped in the console: leaves state, planned for creation.
				PreConfig: func() {
					if err := acc.Mock.DropRoleNow(id, "app_reader"); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccRoleConfig(acc, endpoint, "app_reader", "COLL_RW default articles"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster_role.test", plancheck.ResourceActionCreate)},
				},
				Check: checkMockGrants(acc, id, "app_reader", "COLL_RW default articles"),
			},
		},
	})
}

// Destroying a role works whatever it holds: grants (revoked first, as the
// cluster refuses to drop a role with privileges) and a user bound to it
// outside Terraform (the cluster unbinds it).
func TestAccClusterRoleResource_destroyWhateverItHolds(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := standardMockCluster(t, acc, "role-destroy")
	id, endpoint := cluster.ClusterID, cluster.ConnectAddress
	config := testAccRoleConfig(acc, endpoint, "indexer", "COLL_RW default articles", "DB_RW default *", "Cluster_RO * *")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if slices.Contains(acc.Mock.ClusterRoles(id), "indexer") {
				return fmt.Errorf("role still on the cluster")
			}
			if got := acc.Mock.ClusterUserRoles(id, "outsider"); len(got) != 0 {
				return fmt.Errorf("the user still holds %v", got)
			}
			if n := dataPlaneCalls(acc.Mock, "/v2/vectordb/roles/revoke_privilege_v2"); n != 3 {
				return fmt.Errorf("%d revokes before the drop, want 3", n)
			}
			return nil
		},
		Steps: []tfresource.TestStep{{
			Config: config,
			Check: func(*terraform.State) error {
				dp := mockDataPlane(t, acc, endpoint)
				if err := dp.CreateUser(t.Context(), "outsider", "0utsider-Pass"); err != nil {
					return err
				}
				return dp.GrantRole(t.Context(), "outsider", "indexer")
			},
		}},
	})
}

// mockResponses counts the mock's answers with a body code.
func mockResponses(m *zillizmock.Server, code int) int {
	n := 0
	for _, r := range m.Requests() {
		if r.Code == code {
			n++
		}
	}
	return n
}

// On a server that matches describe's database exactly (older Milvus), a
// grant made in the console on a database no grant of the role names shows
// as drift and is revoked, and destroy revokes it before the drop instead
// of failing with 36 "fail to drop the role that it has privileges".
func TestAccClusterRoleResource_grantOnOtherDatabase(t *testing.T) {
	acc := newAccTarget(t, func(o *zillizmock.Options) { o.DescribeRoleExactDatabase = true })
	acc.requireMock(t)
	cluster := standardMockCluster(t, acc, "role-other-db")
	id, endpoint := cluster.ClusterID, cluster.ConnectAddress
	if err := mockDataPlane(t, acc, endpoint).CreateDatabase(t.Context(), "analytics", nil); err != nil {
		t.Fatal(err)
	}
	config := testAccRoleConfig(acc, endpoint, "reader", "COLL_RO default articles")
	grantOutOfBand := func() {
		if err := acc.Mock.GrantNow(id, "reader", "DB_RO", "analytics", "*"); err != nil {
			t.Fatal(err)
		}
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if slices.Contains(acc.Mock.ClusterRoles(id), "reader") {
				return fmt.Errorf("role still on the cluster after destroy")
			}
			if n := mockResponses(acc.Mock, 36); n != 0 {
				return fmt.Errorf("%d drops refused with code 36", n)
			}
			return nil
		},
		Steps: []tfresource.TestStep{
			{Config: config, Check: checkMockGrants(acc, id, "reader", "COLL_RO default articles")},
			{
				PreConfig: grantOutOfBand,
				Config:    config,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster_role.test", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: checkMockGrants(acc, id, "reader", "COLL_RO default articles"),
			},
			{
				// Granted again just before the destroy.
				PreConfig: grantOutOfBand,
				Config:    config,
				Destroy:   true,
			},
		},
	})
}

// Whichever spelling of a privilege group the cluster answers with
// (COLL_RO or CollectionReadOnly: the docs use both), the plan stays empty.
func TestAccClusterRoleResource_groupSpelling(t *testing.T) {
	acc := newAccTarget(t, func(o *zillizmock.Options) { o.RBACMilvusGroupNames = true })
	acc.requireMock(t)
	cluster := standardMockCluster(t, acc, "spelling")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: testAccRoleConfig(acc, cluster.ConnectAddress, "reader", "COLL_RO default articles", "Cluster_RO * *"),
			Check:  checkMockGrants(acc, cluster.ClusterID, "reader", "COLL_RO default articles", "Cluster_RO * *"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("zilliz_cluster_role.test", tfjsonpath.New("grant"), knownvalue.SetExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{"privilege": knownvalue.StringExact("COLL_RO"), "database": knownvalue.StringExact("default"), "collection": knownvalue.StringExact("articles")}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{"privilege": knownvalue.StringExact("Cluster_RO"), "database": knownvalue.StringExact("*"), "collection": knownvalue.StringExact("*")}),
				})),
			},
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

// Custom roles exist on Dedicated clusters only: refused at plan time when
// the endpoint says so or the control plane does.
func TestAccClusterRoleResource_dedicatedOnly(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	serverless := newMockCluster(t, acc, testAccName("tf-acc-sls"))
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config:      testAccRoleConfig(acc, serverless.ConnectAddress, "reader", "COLL_RO default articles"),
			PlanOnly:    true,
			ExpectError: errorMatching(`Custom roles need a Dedicated cluster.*is a Serverless cluster`),
		}},
	})
	if n := dataPlaneCalls(acc.Mock, "/v2/vectordb/roles/create"); n != 0 {
		t.Fatalf("%d role creates sent", n)
	}
}

func TestClusterRoleResource_validation(t *testing.T) {
	acc := planTimeTarget()
	const endpoint = "https://in01-0123456789abcde.gcp-us-west1.vectordb.zillizcloud.com:443"
	const serverless = "https://in05-0123456789abcde.serverless.gcp-us-west1.cloud.zilliz.com"
	tfresource.UnitTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: testAccRoleConfig(acc, endpoint, "db_ro"), PlanOnly: true, ExpectError: errorMatching(`Built-in role cannot be managed`)},
			{Config: testAccRoleConfig(acc, endpoint, "1reader"), PlanOnly: true, ExpectError: errorMatching(`must start with a letter or an underscore`)},
			{Config: testAccRoleConfig(acc, endpoint, "app-reader"), PlanOnly: true, ExpectError: errorMatching(`contain only letters, digits and underscores`)},
			{Config: testAccRoleConfig(acc, endpoint, "r", "Cluster_RO default *"), PlanOnly: true, ExpectError: errorMatching(`Cluster_RO is a cluster-level privilege group`)},
			{Config: testAccRoleConfig(acc, endpoint, "r", "DB_RW default articles"), PlanOnly: true, ExpectError: errorMatching(`DB_RW is a database-level privilege group`)},
			{Config: testAccRoleConfig(acc, endpoint, "r", "COLL_RO * articles"), PlanOnly: true, ExpectError: errorMatching(`needs a named database`)},
			{Config: testAccRoleConfig(acc, endpoint, "r", "COLL-RO default articles"), PlanOnly: true, ExpectError: errorMatching(`must be a privilege or privilege group name`)},
			{Config: testAccRoleConfig(acc, endpoint, "r", "COLL_RO default art-icles"), PlanOnly: true, ExpectError: errorMatching(`must be "\*" \(every collection\)`)},
			{Config: testAccRoleConfig(acc, serverless, "r", "COLL_RO default articles"), PlanOnly: true, ExpectError: errorMatching(`Custom roles need a Dedicated cluster`)},
			{
				Config: testAccRoleConfig(acc, endpoint, "r") + `
import {
  to = zilliz_cluster_role.test
  id = "app_reader"
}
`,
				PlanOnly:    true,
				ExpectError: errorMatching(`is not a cluster role id. Use <cluster endpoint>/roles/<name>`),
			},
		},
	})
}

// mockCalls counts a cluster's data-plane requests to path, whatever they
// were answered.
func mockCalls(m *zillizmock.Server, path string) int {
	n := 0
	for _, r := range m.Requests() {
		if r.ClusterID != "" && r.Path == path {
			n++
		}
	}
	return n
}

// The 20 custom roles a cluster allows: the 21st is refused at plan time,
// with the limit and its source, and no create is sent.
func TestAccClusterRoleResource_limitAtPlan(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := standardMockCluster(t, acc, "role-limit")
	dp := mockDataPlane(t, acc, cluster.ConnectAddress)
	for i := range maxCustomRolesPerCluster {
		if err := dp.CreateRole(t.Context(), fmt.Sprintf("role_%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config:      testAccRoleConfig(acc, cluster.ConnectAddress, "one_more", "COLL_RO default articles"),
			ExpectError: errorMatching(`No room for another custom role.*has 20 custom roles already.*docs.zilliz.com/docs/limits`),
		}},
	})
	if n := mockCalls(acc.Mock, "/v2/vectordb/roles/create"); n != maxCustomRolesPerCluster {
		t.Fatalf("%d role creates sent, want the %d of the setup only", n, maxCustomRolesPerCluster)
	}
}
