package provider

import (
	"fmt"
	"maps"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// What the labels argument's page says: a label added outside Terraform shows
// no diff and is kept when the configured labels change; a managed label
// taken out of the configuration is removed.
func TestAccClusterResource_labelAddedOutOfBand(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	name := testAccName("tf-acc-oob")
	var id string
	labelsAre := func(want map[string]string) tfresource.TestCheckFunc {
		return func(*terraform.State) error {
			c, ok := acc.Mock.Cluster(id)
			if !ok {
				return fmt.Errorf("cluster %s not in the mock", id)
			}
			if !maps.Equal(c.Labels, want) {
				return fmt.Errorf("the cluster's labels are %v, want %v", c.Labels, want)
			}
			return nil
		}
	}
	emptyAfterApply := tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkClustersDropped(acc),
		Steps: []tfresource.TestStep{
			{
				Config: testAccClusterConfig(acc, name, "Standard", `labels = { team = "search" }`),
				Check:  captureID(&id),
			},
			{
				// Someone adds a label through the API (the console does the same).
				PreConfig: func() {
					client, err := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey()})
					if err != nil {
						t.Fatal(err)
					}
					if err := client.SetClusterLabels(t.Context(), id, map[string]string{"team": "search", "owner": "alice"}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           testAccClusterConfig(acc, name, "Standard", `labels = { team = "search" }`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            labelsAre(map[string]string{"team": "search", "owner": "alice"}),
			},
			{
				Config:           testAccClusterConfig(acc, name, "Standard", `labels = { team = "search", env = "prod" }`),
				ConfigPlanChecks: emptyAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("labels"), knownvalue.MapExact(map[string]knownvalue.Check{
						"team": knownvalue.StringExact("search"), "env": knownvalue.StringExact("prod"),
					})),
				},
				Check: labelsAre(map[string]string{"team": "search", "env": "prod", "owner": "alice"}),
			},
			{
				Config:           testAccClusterConfig(acc, name, "Standard", `labels = { env = "prod" }`),
				ConfigPlanChecks: emptyAfterApply,
				Check:            labelsAre(map[string]string{"env": "prod", "owner": "alice"}),
			},
			{
				Config:           testAccClusterConfig(acc, name, "Standard"),
				ConfigPlanChecks: emptyAfterApply,
				Check:            labelsAre(map[string]string{"owner": "alice"}),
			},
		},
	})
}
