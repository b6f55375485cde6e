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

	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// testAccPrivateEndpointConfig: a project made here and an AWS endpoint in
// it (endpoint), plus a Google Cloud endpoint in the literal Default Project.
func testAccPrivateEndpointConfig(acc accTarget, endpoint string) string {
	return acc.Provider + fmt.Sprintf(`
resource "zilliz_project" "search" {
  name = "search"
}

resource "zilliz_private_endpoint" "link" {
  project_id  = zilliz_project.search.id
  region_id   = "aws-us-west-2"
  endpoint_id = %q
}

resource "zilliz_private_endpoint" "psc" {
  project_id     = %q
  region_id      = "gcp-us-west1"
  endpoint_id    = "psc-search"
  gcp_project_id = "acme-network"
}
`, endpoint, acc.ProjectID)
}

func mockEndpoints(acc accTarget, project *string, want ...zillizmock.PrivateEndpoint) tfresource.TestCheckFunc {
	return func(*terraform.State) error {
		for i := range want {
			if want[i].ProjectID == "" {
				want[i].ProjectID = *project
			}
		}
		if got := acc.Mock.PrivateEndpoints(*project); !reflect.DeepEqual(got, want) {
			return fmt.Errorf("endpoints of %s: %+v, want %+v", *project, got, want)
		}
		return nil
	}
}

// Create, read, import, replace on a new endpoint id, a deleted registration
// planned for creation again, destroy.
func TestAccPrivateEndpointResource_lifecycle(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	var project string
	const first, second = "vpce-0123456789abcdef0", "vpce-0fedcba9876543210"
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if got := acc.Mock.PrivateEndpoints(acc.ProjectID); len(got) != 0 {
				return fmt.Errorf("endpoints left in the Default Project: %+v", got)
			}
			if countRequests(acc.Mock, http.MethodDelete, "/v2/projects/"+acc.ProjectID+"/privateEndpoints/psc-search") != 1 {
				return fmt.Errorf("no DELETE of psc-search in the log")
			}
			return nil
		},
		Steps: []tfresource.TestStep{
			{
				Config: testAccPrivateEndpointConfig(acc, first),
				Check: tfresource.ComposeTestCheckFunc(
					stateID("zilliz_project.search", &project),
					mockEndpoints(acc, &project, zillizmock.PrivateEndpoint{RegionID: "aws-us-west-2", EndpointID: first}),
					func(s *terraform.State) error {
						if got := s.RootModule().Resources["zilliz_private_endpoint.link"].Primary.ID; got != project+"/aws-us-west-2/"+first {
							return fmt.Errorf("id %q", got)
						}
						return nil
					},
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_private_endpoint.link", tfjsonpath.New("cloud_id"), knownvalue.StringExact("aws")),
					statecheck.ExpectKnownValue("zilliz_private_endpoint.link", tfjsonpath.New("endpoint_status"), knownvalue.StringExact("accepted")),
					statecheck.ExpectKnownValue("zilliz_private_endpoint.link", tfjsonpath.New("gcp_project_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue("zilliz_private_endpoint.psc", tfjsonpath.New("gcp_project_id"), knownvalue.StringExact("acme-network")),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ResourceName: "zilliz_private_endpoint.link", ImportState: true, ImportStateVerify: true},
			{ResourceName: "zilliz_private_endpoint.psc", ImportState: true, ImportStateVerify: true},
			{
				Config: testAccPrivateEndpointConfig(acc, second),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("zilliz_private_endpoint.link", plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction("zilliz_private_endpoint.psc", plancheck.ResourceActionNoop),
				}},
				Check: mockEndpoints(acc, &project, zillizmock.PrivateEndpoint{RegionID: "aws-us-west-2", EndpointID: second}),
			},
			{
				PreConfig: func() {
					if err := acc.Mock.DeletePrivateEndpointNow(project, "aws-us-west-2", second); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccPrivateEndpointConfig(acc, second),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("zilliz_private_endpoint.link", plancheck.ResourceActionCreate),
				}},
				Check: mockEndpoints(acc, &project, zillizmock.PrivateEndpoint{RegionID: "aws-us-west-2", EndpointID: second}),
			},
		},
	})
}

// Deleting a registration that is already gone is no error.
func TestAccPrivateEndpointResource_goneBeforeDestroy(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	config := acc.Provider + fmt.Sprintf(`
resource "zilliz_private_endpoint" "link" {
  project_id  = %q
  region_id   = "aws-us-east-1"
  endpoint_id = "vpce-00000000000000001"
}
`, acc.ProjectID)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if err := acc.Mock.DeletePrivateEndpointNow(acc.ProjectID, "aws-us-east-1", "vpce-00000000000000001"); err != nil {
						t.Fatal(err)
					}
				},
				Config:  config,
				Destroy: true,
			},
		},
	})
}

func TestAccPrivateEndpointResource_validation(t *testing.T) {
	t.Parallel()
	acc := planTimeTarget()
	endpoint := func(region, id, extra string) string {
		return acc.Provider + fmt.Sprintf("resource \"zilliz_private_endpoint\" \"link\" {\n  project_id  = %q\n  region_id   = %q\n  endpoint_id = %q\n%s}\n",
			acc.ProjectID, region, id, extra)
	}
	tfresource.UnitTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: endpoint("gcp-us-west1", "psc-1", ""), PlanOnly: true, ExpectError: errorMatching(`gcp_project_id is required.*Google Cloud region`)},
			{Config: endpoint("aws-us-west-2", "vpce-0123456789abcdef0", "  gcp_project_id = \"p\"\n"), PlanOnly: true, ExpectError: errorMatching(`gcp_project_id is only for Google Cloud`)},
			{Config: endpoint("aws-us-west-2", "endpoint-1", ""), PlanOnly: true, ExpectError: errorMatching(`Not an AWS VPC endpoint id`)},
			{
				Config:      endpoint("aws-us-west-2", "vpce-0123456789abcdef0", "") + "import {\n  to = zilliz_private_endpoint.link\n  id = \"vpce-0123456789abcdef0\"\n}\n",
				PlanOnly:    true,
				ExpectError: errorMatching(`Use <project id>/<region id>/<endpoint id>`),
			},
		},
	})
}
