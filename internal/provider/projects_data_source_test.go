package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccProjectsDataSource(t *testing.T) {
	acc := newAccTarget(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acc.Provider + `data "zilliz_projects" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.zilliz_projects.all",
					tfjsonpath.New("projects").AtSliceIndex(0).AtMapKey("id"),
					knownvalue.StringExact(acc.ProjectID)),
				statecheck.ExpectKnownValue("data.zilliz_projects.all",
					tfjsonpath.New("projects").AtSliceIndex(0).AtMapKey("name"),
					knownvalue.StringExact("Default Project")),
			},
		}},
	})
}

func TestAccProjectsDataSource_wrongKey(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `provider "zilliz" {
  base_url = "` + acc.Mock.URL() + `"
  api_key  = "not-the-key"
}
data "zilliz_projects" "all" {}`,
			ExpectError: errorMatching(`code 21119`),
		}},
	})
}

func TestProvider_insecureBaseURL(t *testing.T) {
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `provider "zilliz" {
  base_url = "http://api.example.com"
  api_key  = "k"
}
data "zilliz_projects" "all" {}`,
			ExpectError: errorMatching(`plain http:// is allowed only for loopback`),
		}},
	})
}

func TestAccRegionsDataSource(t *testing.T) {
	acc := newAccTarget(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acc.Provider + `data "zilliz_regions" "gcp" { cloud_id = "gcp" }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.zilliz_regions.gcp",
					tfjsonpath.New("regions").AtSliceIndex(0).AtMapKey("cloud_id"), knownvalue.StringExact("gcp")),
				// The mock serves the recorded list, in its order.
				statecheck.ExpectKnownValue("data.zilliz_regions.gcp",
					tfjsonpath.New("regions"), knownvalue.ListPartial(map[int]knownvalue.Check{
						3: knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.StringExact("gcp-us-west1"), "cloud_id": knownvalue.StringExact("gcp"),
							"domain": knownvalue.StringExact("api.cloud.zilliz.com"),
						}),
					})),
			},
		}},
	})
}

func TestAccRegionsDataSource_unknownCloud(t *testing.T) {
	acc := newAccTarget(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      acc.Provider + `data "zilliz_regions" "x" { cloud_id = "ibm" }`,
			PlanOnly:    true,
			ExpectError: errorMatching(`value must be one of: \["aws" "gcp" "azure"\]`),
		}},
	})
}
