package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// newMockClusterWith creates a cluster in the mock outside Terraform, waits until
// it runs, and returns its describe answer and initial password.
func newMockClusterWith(t *testing.T, acc accTarget, req zilliz.CreateClusterRequest) (*zilliz.Cluster, string) {
	t.Helper()
	client, err := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	req.ProjectID, req.RegionID = acc.ProjectID, acc.RegionID
	created, err := client.CreateCluster(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.WaitForClusterStatus(t.Context(), created.ClusterID, atOnce, statusRunning)
	if err != nil {
		t.Fatal(err)
	}
	return c, created.Password
}

// officialClusterSeed is the shape of a zillizcloud_cluster the official provider
// wrote (testdata/zillizcloud/cluster-state.json, resource name), pointed at c.
func officialClusterSeed(t *testing.T, name string, c *zilliz.Cluster, password string) map[string]any {
	t.Helper()
	seed := officialStateShape(t, "cluster-state.json", name)
	seed["id"] = c.ClusterID
	seed["project_id"] = c.ProjectID
	seed["region_id"] = c.RegionID
	seed["connect_address"] = c.ConnectAddress
	seed["create_time"] = c.CreateTime
	seed["username"] = usernameForCluster(c.ClusterID)
	seed["password"] = password
	return seed
}

// A Standard and a Serverless cluster written by (a stand-in of) the official
// provider move to zilliz_cluster with `moved` blocks; the natural translation of
// their configuration then plans nothing: no update, no replacement.
func TestAccClusterMove_fromOfficialProvider(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	dedicated, dedicatedPassword := newMockClusterWith(t, acc, zilliz.CreateClusterRequest{
		Plan: planStandard, ClusterName: "search-prod", CUType: defaultCUType, CUSize: 2, Labels: map[string]string{"team": "search"}})
	serverless, serverlessPassword := newMockClusterWith(t, acc, zilliz.CreateClusterRequest{Plan: planServerless, ClusterName: "moved-me"})
	seeds := map[string]map[string]any{
		"search-prod": officialClusterSeed(t, "dedicated", dedicated, dedicatedPassword),
		"moved-me":    officialClusterSeed(t, "main", serverless, serverlessPassword),
	}

	old := standinRequiredProviders + acc.Provider + fmt.Sprintf(`
resource "zillizcloud_cluster" "dedicated" {
  project_id   = %[1]q
  region_id    = %[2]q
  cluster_name = "search-prod"
  plan         = "Standard"
  cu_type      = "Performance-optimized"
  cu_size      = 2
  labels       = { team = "search" }
}

resource "zillizcloud_cluster" "main" {
  project_id   = %[1]q
  region_id    = %[2]q
  cluster_name = "moved-me"
  plan         = "Serverless"
}
`, acc.ProjectID, acc.RegionID)
	moved := standinRequiredProviders + acc.Provider + fmt.Sprintf(`
moved {
  from = zillizcloud_cluster.dedicated
  to   = zilliz_cluster.dedicated
}

moved {
  from = zillizcloud_cluster.main
  to   = zilliz_cluster.main
}

resource "zilliz_cluster" "dedicated" {
  project_id = %[1]q
  region_id  = %[2]q
  name       = "search-prod"
  plan       = "Standard"
  cu_type    = "Performance-optimized"
  cu_size    = 2
  labels     = { team = "search" }
}

resource "zilliz_cluster" "main" {
  project_id = %[1]q
  region_id  = %[2]q
  name       = "moved-me"
  plan       = "Serverless"
}
`, acc.ProjectID, acc.RegionID)

	tfresource.Test(t, tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			skipBelowBecause{tfversion.Version1_8_0, "moved blocks between resource types of different providers need Terraform 1.8"}},
		ProtoV6ProviderFactories: standinFactories(t, seeds),
		Steps: []tfresource.TestStep{
			{
				Config: old,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zillizcloud_cluster.dedicated", tfjsonpath.New("id"), knownvalue.StringExact(dedicated.ClusterID)),
					statecheck.ExpectKnownValue("zillizcloud_cluster.main", tfjsonpath.New("connect_address"), knownvalue.StringExact(serverless.ConnectAddress)),
				},
			},
			{
				Config: moved,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("zilliz_cluster.dedicated", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("zilliz_cluster.main", plancheck.ResourceActionNoop),
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_cluster.dedicated", tfjsonpath.New("id"), knownvalue.StringExact(dedicated.ClusterID)),
					statecheck.ExpectKnownValue("zilliz_cluster.dedicated", tfjsonpath.New("password"), knownvalue.StringExact(dedicatedPassword)),
					statecheck.ExpectKnownValue("zilliz_cluster.dedicated", tfjsonpath.New("replica"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue("zilliz_cluster.main", tfjsonpath.New("id"), knownvalue.StringExact(serverless.ClusterID)),
					statecheck.ExpectKnownValue("zilliz_cluster.main", tfjsonpath.New("username"), knownvalue.StringExact(usernameForCluster(serverless.ClusterID))),
					statecheck.ExpectKnownValue("zilliz_cluster.main", tfjsonpath.New("cu_size"), knownvalue.Null()),
				},
			},
			{
				// Later changes go through zilliz_cluster as usual: a rename in place.
				Config: replaceOnce(t, moved, `name       = "moved-me"`, `name       = "moved-me-2"`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("zilliz_cluster.main", plancheck.ResourceActionUpdate),
				}},
			},
		},
		CheckDestroy: checkClustersDropped(acc),
	})
}

// moveRequest is a MoveResourceState request with a source state in JSON.
func moveRequest(t *testing.T, address, typeName string, version int64, attrs map[string]any) resource.MoveStateRequest {
	t.Helper()
	b, err := json.Marshal(attrs)
	if err != nil {
		t.Fatal(err)
	}
	return resource.MoveStateRequest{SourceProviderAddress: address, SourceTypeName: typeName, SourceSchemaVersion: version,
		SourceRawState: &tfprotov6.RawState{JSON: b}}
}

// moveResponse is what the framework hands a StateMover: an empty target state
// of the resource's schema.
func moveResponse(t *testing.T, r resource.Resource) *resource.MoveStateResponse {
	t.Helper()
	var sr resource.SchemaResponse
	r.Schema(context.Background(), resource.SchemaRequest{}, &sr)
	resp := &resource.MoveStateResponse{}
	resp.TargetState.Schema = sr.Schema
	resp.TargetState.Raw = tftypesNull(sr.Schema.Type().TerraformType(context.Background()))
	return resp
}

// checkMove asserts a mover's answer: want "" skipped, "ok" moved, else an error containing want.
func checkMove(t *testing.T, resp *resource.MoveStateResponse, want string) {
	t.Helper()
	moved := !resp.TargetState.Raw.IsNull()
	switch want {
	case "":
		if moved || resp.Diagnostics.HasError() {
			t.Fatalf("want skipped, got moved=%v %v", moved, resp.Diagnostics)
		}
	case "ok":
		if !moved || resp.Diagnostics.HasError() {
			t.Fatalf("want moved, got moved=%v %v", moved, resp.Diagnostics)
		}
	default:
		if moved || !resp.Diagnostics.HasError() {
			t.Fatalf("want an error about %q, got moved=%v %v", want, moved, resp.Diagnostics)
		}
		found := false
		for _, d := range resp.Diagnostics.Errors() {
			if containsFold(d.Summary()+d.Detail(), want) {
				found = true
			}
		}
		if !found {
			t.Fatalf("no error mentions %q: %v", want, resp.Diagnostics)
		}
	}
}

func tftypesNull(typ tftypes.Type) tftypes.Value { return tftypes.NewValue(typ, nil) }

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// replaceOnce replaces old by new in s and fails the test unless old occurs exactly once.
func replaceOnce(t *testing.T, s, old, replacement string) string {
	t.Helper()
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("%q occurs %d times in the configuration, want once", old, n)
	}
	return strings.Replace(s, old, replacement, 1)
}
