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
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// testAccAPIKeyConfig is a zilliz_api_key "ci" with one project_access
// block (access is the block's body; "" for none) and a terraform_data that
// takes the secret in the same apply, as a secret store would.
func testAccAPIKeyConfig(acc accTarget, name, orgRole, access string) string {
	block := ""
	if access != "" {
		block = "  project_access {\n" + access + "\n  }\n"
	}
	return acc.Provider + fmt.Sprintf(`
resource "zilliz_api_key" "ci" {
  name     = %q
  org_role = %q
%s}

resource "terraform_data" "secret_store" {
  input = zilliz_api_key.ci.key
}
`, name, orgRole, block)
}

func keyAccess(project, role, clusters string) string {
	if clusters == "" {
		return fmt.Sprintf("    project_id   = %q\n    role         = %q\n    all_clusters = true", project, role)
	}
	return fmt.Sprintf("    project_id  = %q\n    role        = %q\n    cluster_ids = [%s]", project, role, clusters)
}

func mockKey(acc accTarget, id *string, name, orgRole string, access ...zillizmock.APIKeyAccess) tfresource.TestCheckFunc {
	return func(*terraform.State) error {
		k, ok := acc.Mock.CustomizedAPIKey(*id)
		if !ok {
			return fmt.Errorf("API key %s is not in the mock", *id)
		}
		if k.Name != name || k.OrgRole != orgRole || !reflect.DeepEqual(k.Projects, access) {
			return fmt.Errorf("API key in the mock: %+v, want %s %s %+v", k, name, orgRole, access)
		}
		return nil
	}
}

// The secret is in state (sensitive) from the create and handed on in the
// same apply; names and roles change in place with the secret kept; a role
// changed in the console shows in the plan and is put back; a key deleted in
// the console is planned for creation; destroy deletes the key.
func TestAccAPIKeyResource_lifecycle(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	c, _ := newMockClusterWith(t, acc, zilliz.CreateClusterRequest{Plan: planServerless, ClusterName: "keyed"})
	clusters := fmt.Sprintf("%q", c.ClusterID)
	var id, secret string
	secretOf := func(*terraform.State) error {
		k, ok := acc.Mock.CustomizedAPIKey(id)
		if !ok {
			return fmt.Errorf("no key %s", id)
		}
		secret = k.Secret
		return nil
	}
	stateSecret := func(s *terraform.State) error {
		got := s.RootModule().Resources["zilliz_api_key.ci"].Primary.Attributes["key"]
		handed := s.RootModule().Resources["terraform_data.secret_store"].Primary.Attributes["output"]
		if got == "" || got != secret || handed != secret {
			return fmt.Errorf("key in state %q, handed on %q; the secret is %q", got, handed, secret)
		}
		return nil
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := acc.Mock.CustomizedAPIKey(id); ok {
				return fmt.Errorf("API key %s still exists", id)
			}
			if countRequests(acc.Mock, http.MethodDelete, "/v2/api-keys/"+id) != 1 {
				return fmt.Errorf("no DELETE /v2/api-keys/%s in the log", id)
			}
			return nil
		},
		Steps: []tfresource.TestStep{
			{
				Config: testAccAPIKeyConfig(acc, "ci-pipeline", "Member", keyAccess(acc.ProjectID, "Read-Write", clusters)),
				Check: tfresource.ComposeTestCheckFunc(stateID("zilliz_api_key.ci", &id), secretOf, stateSecret,
					mockKey(acc, &id, "ci-pipeline", "Member", zillizmock.APIKeyAccess{ProjectID: acc.ProjectID, Role: "Read-Write", ClusterIDs: []string{c.ClusterID}})),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectSensitiveValue("zilliz_api_key.ci", tfjsonpath.New("key")),
					statecheck.ExpectKnownValue("zilliz_api_key.ci", tfjsonpath.New("created_by"), knownvalue.StringExact("owner@example.com")),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				ResourceName: "zilliz_api_key.ci", ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"key"}, // the API shows the secret only at create
			},
			{
				Config: testAccAPIKeyConfig(acc, "ci", "Member", keyAccess(acc.ProjectID, "Read-Only", "")),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_api_key.ci", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: tfresource.ComposeTestCheckFunc(stateSecret,
					mockKey(acc, &id, "ci", "Member", zillizmock.APIKeyAccess{ProjectID: acc.ProjectID, Role: "Read-Only", AllCluster: true}),
					func(*terraform.State) error {
						if n := countRequests(acc.Mock, http.MethodPost, "/v2/api-keys"); n != 1 {
							return fmt.Errorf("%d key creates: an update must keep the key and its secret", n)
						}
						if countRequests(acc.Mock, http.MethodPut, "/v2/api-keys/"+id) != 1 {
							return fmt.Errorf("no PUT /v2/api-keys/%s", id)
						}
						return nil
					}),
			},
			{
				// A role changed in the console is drift: planned back in place.
				PreConfig: func() {
					if err := acc.Mock.SetAPIKeyProjectRole(id, acc.ProjectID, "Admin"); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccAPIKeyConfig(acc, "ci", "Member", keyAccess(acc.ProjectID, "Read-Only", "")),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_api_key.ci", plancheck.ResourceActionUpdate)},
				},
				Check: mockKey(acc, &id, "ci", "Member", zillizmock.APIKeyAccess{ProjectID: acc.ProjectID, Role: "Read-Only", AllCluster: true}),
			},
			{
				// Deleted in the console: a new key (with a new secret) is planned.
				PreConfig: func() {
					if err := acc.Mock.DeleteAPIKeyNow(id); err != nil {
						t.Fatal(err)
					}
				},
				Config:           testAccAPIKeyConfig(acc, "ci", "Member", keyAccess(acc.ProjectID, "Read-Only", "")),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_api_key.ci", plancheck.ResourceActionCreate)}},
				Check:            tfresource.ComposeTestCheckFunc(stateID("zilliz_api_key.ci", &id), secretOf, stateSecret),
			},
		},
	})
}

// A Billing-Admin key has no projects, and a key reaching a project made in
// the same configuration follows it.
func TestAccAPIKeyResource_billingAndNewProject(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	config := acc.Provider + `
resource "zilliz_project" "search" {
  name = "search"
}

resource "zilliz_api_key" "billing" {
  name     = "invoices"
  org_role = "Billing-Admin"
}

resource "zilliz_api_key" "ci" {
  name        = "ci"
  description = "CI pipeline"
  org_role    = "Member"
  project_access {
    project_id   = zilliz_project.search.id
    role         = "Admin"
    all_clusters = true
  }
}
`
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("zilliz_api_key.billing", tfjsonpath.New("project_access"), knownvalue.SetSizeExact(0)),
				statecheck.ExpectKnownValue("zilliz_api_key.ci", tfjsonpath.New("description"), knownvalue.StringExact("CI pipeline")),
			},
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(*terraform.State) error {
				keys := acc.Mock.CustomizedAPIKeys()
				if len(keys) != 2 || len(keys[0].Projects)+len(keys[1].Projects) != 1 {
					return fmt.Errorf("keys %+v", keys)
				}
				return nil
			},
		}},
	})
}

// The provider's key must be an Organization Owner's: with a Member's key the
// plan already says so, in words.
func TestAccAPIKeyResource_ownerRequired(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	member := acc
	member.Provider = fmt.Sprintf("provider \"zilliz\" {\n  base_url = %q\n  api_key  = %q\n}\n", acc.Mock.URL(), acc.Mock.MemberAPIKey())
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config:      testAccAPIKeyConfig(member, "ci", "Member", keyAccess(acc.ProjectID, "Read-Only", "")),
			PlanOnly:    true,
			ExpectError: errorMatching(`The provider's API key may not manage API keys.*needs the key of an Organization Owner`),
		}},
	})
	if n := countRequests(acc.Mock, http.MethodPost, "/v2/api-keys"); n != 0 {
		t.Errorf("%d create calls with a Member's key", n)
	}
}

// The 100-key limit of an organisation is known at plan time.
func TestAccAPIKeyResource_limit(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	client, err := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey(), RequestsPerSecond: -1})
	if err != nil {
		t.Fatal(err)
	}
	for i := range zilliz.MaxAPIKeysPerOrganization {
		if _, err := client.CreateAPIKey(t.Context(), zilliz.APIKeyRequest{Name: fmt.Sprint("k", i), OrgRole: zilliz.OrgRoleBillingAdmin}); err != nil {
			t.Fatal(err)
		}
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config:      testAccAPIKeyConfig(acc, "one-too-many", "Billing-Admin", ""),
			PlanOnly:    true,
			ExpectError: errorMatching(`No room for another API key.*already has 100 customized API keys`),
		}},
	})
}

// What the documented rules refuse fails at plan time, before any call.
func TestAccAPIKeyResource_validation(t *testing.T) {
	t.Parallel()
	acc := planTimeTarget()
	p := acc.ProjectID
	two := "  project_access {\n" + keyAccess(p, "Admin", "") + "\n  }\n  project_access {\n" + keyAccess(p, "Read-Only", "") + "\n  }\n"
	tfresource.UnitTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: testAccAPIKeyConfig(acc, "ci", "Member", ""), PlanOnly: true, ExpectError: errorMatching(`A Member key needs project access`)},
			{Config: testAccAPIKeyConfig(acc, "ci", "Billing-Admin", keyAccess(p, "Admin", "")), PlanOnly: true, ExpectError: errorMatching(`Project access is only for Member keys`)},
			{Config: testAccAPIKeyConfig(acc, "ci", "Member", fmt.Sprintf("    project_id   = %q\n    role         = \"Admin\"\n    all_clusters = false", p)), PlanOnly: true, ExpectError: errorMatching(`all_clusters = false`)},
			{Config: testAccAPIKeyConfig(acc, "ci", "Member", keyAccess(p, "Admin", "")+"\n    cluster_ids = [\"in01-0123456789abcde\"]"), PlanOnly: true, ExpectError: errorMatching(`Both all_clusters and cluster_ids`)},
			{Config: testAccAPIKeyConfig(acc, "ci", "Member", fmt.Sprintf("    project_id = %q\n    role       = \"Admin\"", p)), PlanOnly: true, ExpectError: errorMatching(`No clusters given`)},
			{Config: testAccAPIKeyConfig(acc, "ci", "Member", keyAccess(p, "Data Reader", "")), PlanOnly: true, ExpectError: errorMatching(`value must be one of:.*"Admin"`)},
			{Config: testAccAPIKeyConfig(acc, "ci", "Admin", ""), PlanOnly: true, ExpectError: errorMatching(`value must be one of:.*"Member"`)},
			{Config: testAccAPIKeyConfig(acc, "  ", "Billing-Admin", ""), PlanOnly: true, ExpectError: errorMatching(`must not be blank`)},
			{Config: acc.Provider + "resource \"zilliz_api_key\" \"ci\" {\n  name     = \"ci\"\n  org_role = \"Member\"\n" + two + "}\n", PlanOnly: true, ExpectError: errorMatching(`A project is given twice`)},
			{
				Config:      testAccAPIKeyConfig(acc, "ci", "Billing-Admin", "") + "import {\n  to = zilliz_api_key.ci\n  id = \"sk-123\"\n}\n",
				PlanOnly:    true,
				ExpectError: errorMatching(`"sk-123" is not an API key id. Use the key's id \(not its secret\)`),
			},
		},
	})
}

// A server that serves the API-key routes only under the official client's
// spelling (/v2/apiKeys) is found there; nothing else changes.
func TestAccAPIKeyResource_officialRouteSpelling(t *testing.T) {
	acc := newAccTarget(t, func(o *zillizmock.Options) { o.APIKeysRoute = "apiKeys" })
	acc.requireMock(t)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if keys := acc.Mock.CustomizedAPIKeys(); len(keys) != 0 {
				return fmt.Errorf("keys left: %+v", keys)
			}
			return nil
		},
		Steps: []tfresource.TestStep{{
			Config:           testAccAPIKeyConfig(acc, "ci", "Billing-Admin", ""),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(*terraform.State) error {
				if countRequests(acc.Mock, http.MethodPost, "/v2/apiKeys") != 1 {
					return fmt.Errorf("no POST /v2/apiKeys")
				}
				return nil
			},
		}},
	})
}
