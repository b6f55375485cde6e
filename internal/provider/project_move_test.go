package provider

import (
	"fmt"
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

// A project and an API key written by (a stand-in of) the official provider
// move to zilliz_project and zilliz_api_key with `moved` blocks: the natural
// translation of their configuration plans nothing, the key's secret comes
// along from the old state, and the move sends no call that changes anything.
// No state file of these types was recorded: the seeds follow the official
// schemas (testdata/zillizcloud/schemas-access.json), as that provider writes
// them after a create (project_access as a list, all_cluster computed, the
// secret in key_value).
func TestAccAccessMove_fromOfficialProvider(t *testing.T) {
	acc := newAccTarget(t, func(o *zillizmock.Options) { o.ProjectRegionIDs = true })
	acc.requireMock(t)
	client, err := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	projectID, _, err := client.CreateProject(t.Context(), zilliz.CreateProjectRequest{ProjectName: "moved-project", Plan: "Enterprise", RegionIDs: []string{"gcp-us-west1"}})
	if err != nil {
		t.Fatal(err)
	}
	created, err := client.CreateAPIKey(t.Context(), zilliz.APIKeyRequest{Name: "moved-key", OrgRole: zilliz.OrgRoleMember,
		Projects: []zilliz.APIKeyProjectAccess{{ProjectID: projectID, Role: zilliz.ProjectRoleReadWrite, AllCluster: true}}})
	if err != nil {
		t.Fatal(err)
	}
	key, _ := client.DescribeAPIKey(t.Context(), created.APIKeyID)
	seeds := map[string]map[string]any{
		"moved-project": {"id": projectID, "project_name": "moved-project", "plan": "Enterprise", "region_ids": []string{"gcp-us-west1"}},
		"moved-key": {"id": created.APIKeyID, "name": "moved-key", "role": "Member", "key_value": created.Secret,
			"create_time": key.CreateTime, "created_by": key.CreatedBy, "creator_name": key.CreatorName,
			"project_access": []map[string]any{{"project_id": projectID, "role": "Read-Write", "all_cluster": true, "cluster_ids": nil}}},
	}

	old := standinRequiredProviders + acc.Provider + fmt.Sprintf(`
resource "zillizcloud_project" "search" {
  project_name = "moved-project"
  plan         = "Enterprise"
  region_ids   = ["gcp-us-west1"]
}

resource "zillizcloud_api_key" "ci" {
  name = "moved-key"
  role = "Member"
  project_access = [{
    project_id  = %q
    role        = "Read-Write"
    all_cluster = true
  }]
}
`, projectID)
	moved := standinRequiredProviders + acc.Provider + `
moved {
  from = zillizcloud_project.search
  to   = zilliz_project.search
}

moved {
  from = zillizcloud_api_key.ci
  to   = zilliz_api_key.ci
}

resource "zilliz_project" "search" {
  name       = "moved-project"
  plan       = "Enterprise"
  region_ids = ["gcp-us-west1"]
}

resource "zilliz_api_key" "ci" {
  name     = "moved-key"
  org_role = "Member"
  project_access {
    project_id   = zilliz_project.search.id
    role         = "Read-Write"
    all_clusters = true
  }
}
`
	tfresource.Test(t, tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			skipBelowBecause{tfversion.Version1_8_0, "moved blocks between resource types of different providers need Terraform 1.8"}},
		ProtoV6ProviderFactories: standinFactories(t, seeds),
		Steps: []tfresource.TestStep{
			{
				Config: old,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zillizcloud_api_key.ci", tfjsonpath.New("id"), knownvalue.StringExact(created.APIKeyID)),
				},
			},
			{
				PreConfig: acc.Mock.ResetRequests,
				Config:    moved,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("zilliz_project.search", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("zilliz_api_key.ci", plancheck.ResourceActionNoop),
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_project.search", tfjsonpath.New("id"), knownvalue.StringExact(projectID)),
					statecheck.ExpectKnownValue("zilliz_api_key.ci", tfjsonpath.New("id"), knownvalue.StringExact(created.APIKeyID)),
					statecheck.ExpectKnownValue("zilliz_api_key.ci", tfjsonpath.New("key"), knownvalue.StringExact(created.Secret)),
					statecheck.ExpectSensitiveValue("zilliz_api_key.ci", tfjsonpath.New("key")),
				},
				Check: func(*terraform.State) error {
					if calls := mutatingControlCalls(acc.Mock); len(calls) != 0 {
						return fmt.Errorf("the move sent calls that change things: %v", calls)
					}
					return nil
				},
			},
			{
				// Later changes go through the new resources as usual: a role in place.
				Config: replaceOnce(t, moved, `role         = "Read-Write"`, `role         = "Read-Only"`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("zilliz_api_key.ci", plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					k, _ := acc.Mock.CustomizedAPIKey(created.APIKeyID)
					if len(k.Projects) != 1 || k.Projects[0].Role != "Read-Only" || k.Secret != created.Secret {
						return fmt.Errorf("key after the update %+v", k)
					}
					return nil
				},
			},
		},
	})
}

// The examples of API keys and private endpoints use the project (and its
// cluster) of the project example (TestDocs validates them together).
func init() {
	for _, dir := range []string{"resources/zilliz_api_key", "resources/zilliz_private_endpoint"} {
		exampleNeeds[dir] = append(exampleNeeds[dir], "resources/zilliz_project")
	}
}
