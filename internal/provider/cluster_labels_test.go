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

func TestMergeManagedLabels(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name                         string
		current, prior, want, wanted map[string]string
	}{
		{"an added key keeps the others", map[string]string{"team": "a", "owner": "x"}, map[string]string{"team": "a"},
			map[string]string{"team": "a", "env": "prod"}, map[string]string{"team": "a", "env": "prod", "owner": "x"}},
		{"a removed key goes, the others stay", map[string]string{"team": "a", "env": "prod", "owner": "x"}, map[string]string{"team": "a", "env": "prod"},
			map[string]string{"env": "prod"}, map[string]string{"env": "prod", "owner": "x"}},
		{"a changed value wins over the cluster's", map[string]string{"team": "b"}, map[string]string{"team": "a"},
			map[string]string{"team": "c"}, map[string]string{"team": "c"}},
		{"no labels configured any more", map[string]string{"team": "a", "owner": "x"}, map[string]string{"team": "a"},
			nil, map[string]string{"owner": "x"}},
		{"a cluster without labels", nil, nil, map[string]string{"team": "a"}, map[string]string{"team": "a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := mergeManagedLabels(tc.current, tc.prior, tc.want); !maps.Equal(got, tc.wanted) {
				t.Errorf("mergeManagedLabels = %v, want %v", got, tc.wanted)
			}
		})
	}
}

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
