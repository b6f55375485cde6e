package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

func testAccWriteOnlyTokenConfig(acc accTarget, endpoint, token string, version int, extra ...string) string {
	return acc.Provider + fmt.Sprintf(`
resource "zilliz_collection" "test" {
  cluster_endpoint = %q
  name             = "secret_things"
  dimension        = 4
  token_wo         = %q
  token_wo_version = %d
%s
}
`, endpoint, token, version, strings.Join(extra, "\n"))
}

// notInState fails when secret appears anywhere in the state (terraform show -json).
type notInState struct{ secret string }

func (c notInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	b, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	if strings.Contains(string(b), c.secret) {
		resp.Error = fmt.Errorf("the token appears in the state")
	}
}

// notInPlan fails when secret appears in the planned values or changes (terraform
// show -json of the plan file; its "configuration" part echoes literal HCL).
type notInPlan struct{ secret string }

func (c notInPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	b, err := json.Marshal([]any{req.Plan.PlannedValues, req.Plan.ResourceChanges, req.Plan.PriorState, req.Plan.OutputChanges})
	if err != nil {
		resp.Error = err
		return
	}
	if strings.Contains(string(b), c.secret) {
		resp.Error = fmt.Errorf("the token appears in the plan")
	}
}

// token_wo is used for the data-plane calls and never reaches the plan or the
// state; a new token_wo_version re-checks the credentials; token and token_wo conflict.
func TestAccCollectionResource_writeOnlyToken(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster, password := newMockClusterWith(t, acc, zilliz.CreateClusterRequest{Plan: planServerless, ClusterName: "wo-token"})
	good := usernameForCluster(cluster.ClusterID) + ":" + password
	const wrong = "db_admin:not-the-Secret-42"
	endpoint := cluster.ConnectAddress

	tfresource.ParallelTest(t, tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			skipBelowBecause{tfversion.Version1_11_0, "write-only attributes need Terraform 1.11"}},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				// Plan-time checks first (the last step's configuration is destroyed).
				Config:      testAccWriteOnlyTokenConfig(acc, endpoint, good, 2, `  token = "db_admin:x"`),
				ExpectError: errorMatching(`These attributes cannot be configured together: \[token,token_wo\]`),
			},
			{
				Config: acc.Provider + fmt.Sprintf(`
resource "zilliz_collection" "test" {
  cluster_endpoint = %q
  name             = "secret_things"
  dimension        = 4
  token_wo         = %q
}
`, endpoint, good),
				ExpectError: errorMatching(`token_wo_version`),
			},
			{
				// A wrong token_wo fails the create: the token is what the call used.
				Config:      testAccWriteOnlyTokenConfig(acc, endpoint, wrong, 1),
				ExpectError: errorMatching(`code 1800`),
			},
			{
				Config: testAccWriteOnlyTokenConfig(acc, endpoint, good, 1),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					notInPlan{password}, notInPlan{wrong},
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("token_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("token"), knownvalue.Null()),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("token_wo_version"), knownvalue.Int64Exact(1)),
					notInState{password},
				},
			},
			{
				// Terraform cannot see a new write-only value: without a new version nothing is planned.
				Config: testAccWriteOnlyTokenConfig(acc, endpoint, wrong, 1),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				// A new version re-checks the credentials in place: wrong ones fail.
				Config:      testAccWriteOnlyTokenConfig(acc, endpoint, wrong, 2),
				ExpectError: errorMatching(`Could not read collection secret_things.*code 1800`),
			},
			{
				Config: testAccWriteOnlyTokenConfig(acc, endpoint, good, 2),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("zilliz_collection.test", plancheck.ResourceActionUpdate),
					notInPlan{password},
				}},
				ConfigStateChecks: []statecheck.StateCheck{notInState{password}},
			},
		},
	})
}

// The raw state file, as Terraform writes it, holds no trace of token_wo.
func TestAccCollectionResource_writeOnlyTokenStateFile(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster, password := newMockClusterWith(t, acc, zilliz.CreateClusterRequest{Plan: planServerless, ClusterName: "wo-file"})
	token := usernameForCluster(cluster.ClusterID) + ":" + password
	config := devOverridesRequiredProviders + fmt.Sprintf(`
variable "token" {
  type      = string
  sensitive = true
}

resource "zilliz_collection" "test" {
  cluster_endpoint = %q
  name             = "secret_file"
  dimension        = 4
  token_wo         = var.token
  token_wo_version = 1
}
`, cluster.ConnectAddress)
	w := newCLIWorkspace(t, config, "ZILLIZ_API_KEY="+acc.Mock.APIKey(), "ZILLIZ_BASE_URL="+acc.Mock.URL(), "TF_VAR_token="+token)
	w.skipBelow(tfversion.Version1_11_0, "write-only attributes need Terraform 1.11")
	w.mustRun("apply", "-auto-approve")
	state, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(state), `"secret_file"`) {
		t.Fatalf("the state file has no collection:\n%s", state)
	}
	if strings.Contains(string(state), password) {
		t.Fatal("the token's password appears in terraform.tfstate")
	}
	if names := acc.Mock.Collections(cluster.ClusterID, "default"); len(names) != 1 {
		t.Fatalf("collections in the mock: %v", names)
	}
	w.mustRun("destroy", "-auto-approve")
}
