package provider

import (
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// cu_size × replica above the plan's limit fails the plan, before any API call.
func TestClusterResource_cuTimesReplicaAtPlanTime(t *testing.T) {
	acc := planTimeTarget()
	tfresource.UnitTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config:      testAccClusterConfig(acc, "big", "Enterprise", "cu_size = 256", "replica = 5"),
			PlanOnly:    true,
			ExpectError: errorMatching(`Cluster too large for this plan.*cu_size × replica = 256 × 5 = 1280, above the 1024 that the Enterprise plan allows`),
		}},
	})
}
