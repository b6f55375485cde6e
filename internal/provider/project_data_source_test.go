package provider

import (
	"fmt"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// One project by name (the Default Project) or by id (one made here); exactly
// one of them must be set; an unknown name says which data source lists them.
func TestAccProjectDataSource(t *testing.T) {
	acc := newAccTarget(t, func(o *zillizmock.Options) { o.ProjectRegionIDs = true })
	acc.requireMock(t)
	config := acc.Provider + `
resource "zilliz_project" "search" {
  name       = "search"
  plan       = "Enterprise"
  region_ids = ["gcp-us-west1"]
}

data "zilliz_project" "default" {
  name = "Default Project"
}

data "zilliz_project" "search" {
  id = zilliz_project.search.id
}
`
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config:      acc.Provider + `data "zilliz_project" "p" { name = "nope" }`,
				ExpectError: errorMatching(`No such project.*no project named "nope". The zilliz_projects data source lists`),
			},
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.zilliz_project.default", tfjsonpath.New("id"), knownvalue.StringExact(acc.ProjectID)),
					statecheck.ExpectKnownValue("data.zilliz_project.default", tfjsonpath.New("plan"), knownvalue.StringExact("Enterprise")),
					statecheck.ExpectKnownValue("data.zilliz_project.search", tfjsonpath.New("name"), knownvalue.StringExact("search")),
					statecheck.ExpectKnownValue("data.zilliz_project.search", tfjsonpath.New("region_ids"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("gcp-us-west1")})),
				},
			},
		},
	})
}

func TestAccProjectDataSource_idOrName(t *testing.T) {
	t.Parallel()
	acc := planTimeTarget()
	tfresource.UnitTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config:      acc.Provider + `data "zilliz_project" "p" {}`,
				PlanOnly:    true,
				ExpectError: errorMatching(`Exactly one of these attributes must be configured: \[id,name\]`),
			},
			{
				Config:      acc.Provider + fmt.Sprintf("data \"zilliz_project\" \"p\" {\n  id   = %q\n  name = \"x\"\n}\n", acc.ProjectID),
				PlanOnly:    true,
				ExpectError: errorMatching(`Invalid Attribute Combination`),
			},
		},
	})
}

// The organisation's keys, without secrets.
func TestAccAPIKeysDataSource(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	config := acc.Provider + fmt.Sprintf(`
resource "zilliz_api_key" "ci" {
  name     = "ci"
  org_role = "Member"
  project_access {
    project_id   = %q
    role         = "Read-Only"
    all_clusters = true
  }
}

data "zilliz_api_keys" "all" {
  depends_on = [zilliz_api_key.ci]
}
`, acc.ProjectID)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.zilliz_api_keys.all", tfjsonpath.New("api_keys"), knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue("data.zilliz_api_keys.all", tfjsonpath.New("api_keys").AtSliceIndex(0).AtMapKey("name"), knownvalue.StringExact("ci")),
				statecheck.ExpectKnownValue("data.zilliz_api_keys.all", tfjsonpath.New("api_keys").AtSliceIndex(0).AtMapKey("project_access").AtSliceIndex(0),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"project_id": knownvalue.StringExact(acc.ProjectID), "project_name": knownvalue.StringExact("Default Project"),
						"role": knownvalue.StringExact("Read-Only"), "all_clusters": knownvalue.Bool(true), "cluster_ids": knownvalue.ListSizeExact(0),
					})),
			},
		}},
	})
}
