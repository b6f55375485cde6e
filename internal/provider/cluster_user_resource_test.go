package provider

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// testAccUserConfig is a role "reader" and a user "test" holding roles;
// password is HCL for the password arguments.
func testAccUserConfig(acc accTarget, endpoint, password string, roles ...string) string {
	quoted := make([]string, len(roles))
	for i, r := range roles {
		if strings.HasPrefix(r, "zilliz_") {
			quoted[i] = r
		} else {
			quoted[i] = fmt.Sprintf("%q", r)
		}
	}
	return acc.Provider + fmt.Sprintf(`
resource "zilliz_cluster_role" "reader" {
  cluster_endpoint = %[1]q
  name             = "app_reader"
  grant {
    privilege  = "COLL_RO"
    database   = "default"
    collection = "articles"
  }
}

resource "zilliz_cluster_user" "test" {
  cluster_endpoint = %[1]q
  name             = "app"
%[2]s
  roles            = [%[3]s]
}
`, endpoint, password, strings.Join(quoted, ", "))
}

func checkMockUser(acc accTarget, clusterID, user, password string, roles ...string) tfresource.TestCheckFunc {
	return func(*terraform.State) error {
		if !acc.Mock.UserPasswordIs(clusterID, user, password) {
			return fmt.Errorf("the cluster does not have user %s with the expected password", user)
		}
		got := acc.Mock.ClusterUserRoles(clusterID, user)
		if roles == nil {
			roles = []string{}
		}
		if !reflect.DeepEqual(got, roles) {
			return fmt.Errorf("roles of %s on the cluster: %v, want %v", user, got, roles)
		}
		return nil
	}
}

func checkCalls(acc accTarget, want map[string]int) tfresource.TestCheckFunc {
	return func(*terraform.State) error {
		for path, n := range want {
			if got := dataPlaneCalls(acc.Mock, path); got != n {
				return fmt.Errorf("%d successful calls to %s, want %d", got, path, n)
			}
		}
		return nil
	}
}

const (
	pw1 = "First-Passw0rd"
	pw2 = "Second-Passw0rd"
	pw3 = "Third-Passw0rd"
)

// The `password` form (every CLI): create with roles, import, roles and
// password changed in place (one call each), drift put back, and a user
// dropped in the console planned for creation.
func TestAccClusterUserResource_lifecycle(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := standardMockCluster(t, acc, "users")
	id, endpoint := cluster.ClusterID, cluster.ConnectAddress
	password := func(p string) string { return fmt.Sprintf("  password         = %q", p) }
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if got := acc.Mock.ClusterUsers(id); !reflect.DeepEqual(got, []string{"db_admin"}) {
				return fmt.Errorf("users after destroy: %v", got)
			}
			if dataPlaneCalls(acc.Mock, "/v2/vectordb/users/drop") != 1 {
				return fmt.Errorf("want one users/drop call")
			}
			return nil
		},
		Steps: []tfresource.TestStep{
			{
				Config: testAccUserConfig(acc, endpoint, password(pw1), "zilliz_cluster_role.reader.name", "db_ro"),
				Check:  checkMockUser(acc, id, "app", pw1, "app_reader", "db_ro"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_cluster_user.test", tfjsonpath.New("id"), knownvalue.StringExact(endpoint+"/users/app")),
					statecheck.ExpectKnownValue("zilliz_cluster_user.test", tfjsonpath.New("roles"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("app_reader"), knownvalue.StringExact("db_ro")})),
					statecheck.ExpectSensitiveValue("zilliz_cluster_user.test", tfjsonpath.New("password")),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				ResourceName:            "zilliz_cluster_user.test",
				ImportState:             true,
				ImportStateId:           endpoint + "/users/app",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"token", "timeouts", "password"},
			},
			{
				// Roles: db_ro out, db_rw in; one revoke_role, one grant_role.
				Config: testAccUserConfig(acc, endpoint, password(pw1), "zilliz_cluster_role.reader.name", "db_rw"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster_user.test", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: tfresource.ComposeTestCheckFunc(
					checkMockUser(acc, id, "app", pw1, "app_reader", "db_rw"),
					checkCalls(acc, map[string]int{"/v2/vectordb/users/grant_role": 3, "/v2/vectordb/users/revoke_role": 1, "/v2/vectordb/users/create": 1, "/v2/vectordb/users/drop": 0}),
				),
			},
			{
				// Password: one update_password from the password in state.
				Config: testAccUserConfig(acc, endpoint, password(pw2), "zilliz_cluster_role.reader.name", "db_rw"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster_user.test", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: tfresource.ComposeTestCheckFunc(
					checkMockUser(acc, id, "app", pw2, "app_reader", "db_rw"),
					checkCalls(acc, map[string]int{"/v2/vectordb/users/update_password": 1, "/v2/vectordb/users/create": 1, "/v2/vectordb/users/drop": 0}),
				),
			},
			{
				// Drift: a role unbound in the console and one bound there.
				PreConfig: func() {
					if err := acc.Mock.UnbindRoleNow(id, "app", "app_reader"); err != nil {
						t.Fatal(err)
					}
					if err := mockDataPlane(t, acc, endpoint).GrantRole(t.Context(), "app", "db_admin"); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccUserConfig(acc, endpoint, password(pw2), "zilliz_cluster_role.reader.name", "db_rw"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster_user.test", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: checkMockUser(acc, id, "app", pw2, "app_reader", "db_rw"),
			},
			{
				// Dropped in the console: planned for creation.
				PreConfig: func() {
					if err := acc.Mock.DropUserNow(id, "app"); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccUserConfig(acc, endpoint, password(pw2), "zilliz_cluster_role.reader.name", "db_rw"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster_user.test", plancheck.ResourceActionCreate)},
				},
				Check: checkMockUser(acc, id, "app", pw2, "app_reader", "db_rw"),
			},
		},
	})
}

// password_wo (Terraform >= 1.11): never in plan or state; a rotation is
// one update_password with previous_password_wo; without it the apply
// refuses a password the cluster does not accept, and takes one it does.
func TestAccClusterUserResource_writeOnlyPassword(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := standardMockCluster(t, acc, "users-wo")
	id, endpoint := cluster.ClusterID, cluster.ConnectAddress
	wo := func(p string, version int, previous string) string {
		s := fmt.Sprintf("  password_wo         = %q\n  password_wo_version = %d", p, version)
		if previous != "" {
			s += fmt.Sprintf("\n  previous_password_wo = %q", previous)
		}
		return s
	}
	secretsOut := func(secrets ...string) []statecheck.StateCheck {
		var out []statecheck.StateCheck
		for _, s := range secrets {
			out = append(out, notInState{s})
		}
		return out
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			skipBelowBecause{tfversion.Version1_11_0, "write-only passwords need Terraform 1.11"}},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config:            testAccUserConfig(acc, endpoint, wo(pw1, 1, "")),
				Check:             checkMockUser(acc, id, "app", pw1),
				ConfigStateChecks: secretsOut(pw1),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{notInPlan{pw1}},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Rotation: one call, in place.
				Config:            testAccUserConfig(acc, endpoint, wo(pw2, 2, pw1)),
				ConfigStateChecks: secretsOut(pw1, pw2),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{notInPlan{pw1}, notInPlan{pw2},
						plancheck.ExpectResourceAction("zilliz_cluster_user.test", plancheck.ResourceActionUpdate)},
				},
				Check: tfresource.ComposeTestCheckFunc(
					checkMockUser(acc, id, "app", pw2),
					checkCalls(acc, map[string]int{"/v2/vectordb/users/update_password": 1, "/v2/vectordb/users/create": 1, "/v2/vectordb/users/drop": 0}),
				),
			},
			{
				// No current password known and a new one the cluster does not take.
				Config:      testAccUserConfig(acc, endpoint, wo(pw3, 3, "")),
				ExpectError: errorMatching(`Could not change the password of cluster user app.*set previous_password_wo`),
			},
			{
				// A wrong current password: the cluster's refusal, explained.
				Config:      testAccUserConfig(acc, endpoint, wo(pw3, 3, "Wrong-Passw0rd")),
				ExpectError: errorMatching(`did not accept the current password.*code 1400`),
			},
			{
				// A new version with the password the cluster has: nothing to change.
				Config: testAccUserConfig(acc, endpoint, wo(pw2, 4, "")),
				Check: tfresource.ComposeTestCheckFunc(
					checkMockUser(acc, id, "app", pw2),
					checkCalls(acc, map[string]int{"/v2/vectordb/users/update_password": 1}),
				),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Back to password: Terraform knows no current password, and
				// the cluster does not take this one.
				Config:      testAccUserConfig(acc, endpoint, fmt.Sprintf("  password = %q", pw3)),
				ExpectError: errorMatching(`set password to the user's current password and apply once`),
			},
			{
				// The current one is taken (checked by signing in), and then changed.
				Config: testAccUserConfig(acc, endpoint, fmt.Sprintf("  password = %q", pw2)),
				Check:  checkCalls(acc, map[string]int{"/v2/vectordb/users/update_password": 1}),
			},
			{
				Config: testAccUserConfig(acc, endpoint, fmt.Sprintf("  password = %q", pw3)),
				Check: tfresource.ComposeTestCheckFunc(
					checkMockUser(acc, id, "app", pw3),
					checkCalls(acc, map[string]int{"/v2/vectordb/users/update_password": 2}),
				),
			},
		},
	})
}

func TestClusterUserResource_validation(t *testing.T) {
	acc := planTimeTarget()
	const endpoint = "https://in01-0123456789abcde.gcp-us-west1.vectordb.zillizcloud.com:443"
	const serverless = "https://in03-0123456789abcde.serverless.gcp-us-west1.cloud.zilliz.com"
	user := func(endpoint, name, password string) string {
		return acc.Provider + fmt.Sprintf(`
resource "zilliz_cluster_user" "test" {
  cluster_endpoint = %q
  name             = %q
%s
}
`, endpoint, name, password)
	}
	ok := `  password = "Str0ng-Password"`
	tfresource.UnitTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: user(endpoint, "db_admin", ok), PlanOnly: true, ExpectError: errorMatching(`Built-in user cannot be managed`)},
			{Config: user(endpoint, "_app", ok), PlanOnly: true, ExpectError: errorMatching(`must start with a letter and contain only letters, digits and underscores`)},
			{Config: user(endpoint, strings.Repeat("a", 33), ok), PlanOnly: true, ExpectError: errorMatching(`string length must be between 1 and 32`)},
			{Config: user(endpoint, "app", `  password = "Short1!"`), PlanOnly: true, ExpectError: errorMatching(`The password has 7 characters; Zilliz Cloud needs 8 to 64`)},
			{Config: user(endpoint, "app", `  password = "alllowercase123"`), PlanOnly: true, ExpectError: errorMatching(`needs three of: uppercase letters, lowercase letters, digits, special characters`)},
			{Config: user(endpoint, "app", ""), PlanOnly: true, ExpectError: errorMatching(`Missing password`)},
			{Config: user(serverless, "app", ok), PlanOnly: true, ExpectError: errorMatching(`Cluster users need a Dedicated cluster`)},
			{Config: user(endpoint, "app", ok+"\n  roles = [\"read-only\"]"), PlanOnly: true, ExpectError: errorMatching(`contain only letters, digits and underscores`)},
			{
				Config: user(endpoint, "app", ok) + `
import {
  to = zilliz_cluster_user.test
  id = "https://in01-0123456789abcde.gcp-us-west1.vectordb.zillizcloud.com:443/users/db_admin"
}
`,
				PlanOnly:    true,
				ExpectError: errorMatching(`cannot be imported as a zilliz_cluster_user`),
			},
			{
				Config: user(endpoint, "app", ok) + `
import {
  to = zilliz_cluster_user.test
  id = "app"
}
`,
				PlanOnly:    true,
				ExpectError: errorMatching(`is not a cluster user id. Use <cluster endpoint>/users/<name>`),
			},
		},
	})
}

// Write-only rules at plan time (Terraform >= 1.11).
func TestClusterUserResource_writeOnlyValidation(t *testing.T) {
	acc := planTimeTarget()
	const endpoint = "https://in01-0123456789abcde.gcp-us-west1.vectordb.zillizcloud.com:443"
	user := func(args string) string {
		return acc.Provider + fmt.Sprintf(`
resource "zilliz_cluster_user" "test" {
  cluster_endpoint = %q
  name             = "app"
%s
}
`, endpoint, args)
	}
	tfresource.UnitTest(t, tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			skipBelowBecause{tfversion.Version1_11_0, "write-only passwords need Terraform 1.11"}},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: user(`  password_wo = "weak"` + "\n  password_wo_version = 1"), PlanOnly: true, ExpectError: errorMatching(`Password does not meet the cluster's rules`)},
			{Config: user(`  password_wo = "Str0ng-Password"`), PlanOnly: true, ExpectError: errorMatching(`password_wo_version`)},
			{Config: user(`  password_wo = "Str0ng-Password"` + "\n  password_wo_version = 1\n  password = \"Str0ng-Password\""), PlanOnly: true, ExpectError: errorMatching(`password.*password_wo|password_wo.*password`)},
			{Config: user(`  password = "Str0ng-Password"` + "\n  previous_password_wo = \"Old-Passw0rd\""), PlanOnly: true, ExpectError: errorMatching(`password_wo`)},
		},
	})
}

// The 100 users a cluster allows (db_admin included): the next is refused at
// plan time, with the limit and its source, and no create is sent.
func TestAccClusterUserResource_limitAtPlan(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := standardMockCluster(t, acc, "user-limit")
	dp := mockDataPlane(t, acc, cluster.ConnectAddress)
	for i := range maxUsersPerCluster - 1 { // and db_admin
		if err := dp.CreateUser(t.Context(), fmt.Sprintf("user_%d", i), pw1); err != nil {
			t.Fatal(err)
		}
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: acc.Provider + fmt.Sprintf(`
resource "zilliz_cluster_user" "test" {
  cluster_endpoint = %q
  name             = "one_more"
  password         = %q
}
`, cluster.ConnectAddress, pw1),
			ExpectError: errorMatching(`No room for another cluster user.*has 100 users already.*docs.zilliz.com/docs/limits`),
		}},
	})
	if n := mockCalls(acc.Mock, "/v2/vectordb/users/create"); n != maxUsersPerCluster-1 {
		t.Fatalf("%d user creates sent, want the %d of the setup only", n, maxUsersPerCluster-1)
	}
}
