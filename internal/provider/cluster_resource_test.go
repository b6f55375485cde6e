package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// testAccClusterConfig is one zilliz_cluster "test" with the given name and plan;
// extra lines go inside the resource block.
func testAccClusterConfig(acc accTarget, name, plan string, extra ...string) string {
	return acc.Provider + fmt.Sprintf(`
resource "zilliz_cluster" "test" {
  project_id = %q
  region_id  = %q
  name       = %q
  plan       = %q
%s
}
`, acc.ProjectID, acc.RegionID, name, plan, strings.Join(extra, "\n"))
}

// testAccName gives each test its own cluster name, so that runs against the real
// service do not collide.
func testAccName(prefix string) string {
	return fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano()%1_000_000_000)
}

// dropCalls counts the mock's DELETE /v2/clusters/{id}/drop requests for a cluster.
func dropCalls(m *zillizmock.Server, id string) int {
	return countRequests(m, "DELETE", "/v2/clusters/"+id+"/drop")
}

// countRequests counts the mock's requests with this method and path.
func countRequests(m *zillizmock.Server, method, path string) int {
	n := 0
	for _, r := range m.Requests() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

// createAnswers counts the cluster creates (POST path) the mock carried out
// and those it refused because the name was taken (code 40013).
func createAnswers(m *zillizmock.Server, path string) (accepted, refused int) {
	for _, r := range m.Requests() {
		if r.Method != "POST" || r.Path != path {
			continue
		}
		switch r.Code {
		case 0:
			accepted++
		case 40013:
			refused++
		}
	}
	return accepted, refused
}

// checkClustersDropped is a CheckDestroy that asks the mock, not the state: every
// cluster of the state must be gone, and each must have had exactly one drop call.
func checkClustersDropped(acc accTarget) func(*terraform.State) error {
	return func(s *terraform.State) error {
		if !acc.canReadMockLog("every cluster dropped with exactly one drop call") {
			return nil
		}
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "zilliz_cluster" {
				continue
			}
			id := rs.Primary.ID
			if c, ok := acc.Mock.Cluster(id); ok && c.Status != statusDeleted {
				return fmt.Errorf("cluster %s still exists with status %s", id, c.Status)
			}
			if n := dropCalls(acc.Mock, id); n != 1 {
				return fmt.Errorf("cluster %s: %d drop calls, want exactly 1", id, n)
			}
		}
		return nil
	}
}

// captureID stores the id of zilliz_cluster.test when a step ends.
func captureID(id *string) tfresource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources["zilliz_cluster.test"]
		if !ok {
			return fmt.Errorf("zilliz_cluster.test not in state")
		}
		*id = rs.Primary.ID
		return nil
	}
}

func TestAccClusterResource_dedicatedLifecycle(t *testing.T) {
	acc := newAccTarget(t)
	name := testAccName("tf-acc-ded")
	var id, firstID string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkClustersDropped(acc),
		Steps: []tfresource.TestStep{
			{
				Config: testAccClusterConfig(acc, name, "Standard", `labels = { team = "search" }`),
				Check:  captureID(&firstID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^in01-[0-9a-f]{15}$`))),
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("status"), knownvalue.StringExact("RUNNING")),
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("cu_type"), knownvalue.StringExact("Performance-optimized")),
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("cu_size"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("replica"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("username"), knownvalue.StringExact("db_admin")),
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("password"), knownvalue.StringRegexp(regexp.MustCompile(`^.{8,}$`))),
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("connect_address"), knownvalue.StringRegexp(regexp.MustCompile(`^https?://`))),
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("labels").AtMapKey("team"), knownvalue.StringExact("search")),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Rename, scale and relabel in place: no replacement, modify called.
				Config: testAccClusterConfig(acc, name+"-b", "Standard", `cu_size = 2`, `labels = { team = "ranking" }`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster.test", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("name"), knownvalue.StringExact(name+"-b")),
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("cu_size"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("labels").AtMapKey("team"), knownvalue.StringExact("ranking")),
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("password"), knownvalue.StringRegexp(regexp.MustCompile(`^.{8,}$`))),
				},
				Check: func(s *terraform.State) error {
					if err := captureID(&id)(s); err != nil {
						return err
					}
					if id != firstID {
						return fmt.Errorf("cluster was replaced: %s -> %s", firstID, id)
					}
					if !acc.canReadMockLog("one modify call for the scale") {
						return nil
					}
					if n := countRequests(acc.Mock, "POST", "/v2/clusters/"+id+"/modify"); n != 1 {
						return fmt.Errorf("modify called %d times, want 1", n)
					}
					return nil
				},
			},
			{
				// Suspend, then resume.
				Config: testAccClusterConfig(acc, name+"-b", "Standard", `cu_size = 2`, `labels = { team = "ranking" }`, `desired_status = "SUSPENDED"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("status"), knownvalue.StringExact("SUSPENDED")),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster.test", plancheck.ResourceActionUpdate)},
				},
			},
			{
				Config: testAccClusterConfig(acc, name+"-b", "Standard", `cu_size = 2`, `labels = { team = "ranking" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("status"), knownvalue.StringExact("RUNNING")),
				},
			},
			{
				ResourceName:            "zilliz_cluster.test",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"password", "timeouts"},
			},
			{
				// A new region forces a new cluster.
				Config: strings.Replace(testAccClusterConfig(acc, name+"-b", "Standard", `cu_size = 2`, `labels = { team = "ranking" }`),
					acc.RegionID, "aws-us-west-2", 1),
				SkipFunc: func() (bool, error) { return acc.real(), nil },
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster.test", plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("region_id"), knownvalue.StringExact("aws-us-west-2")),
				},
			},
		},
	})
}

func TestAccClusterResource_serverlessAndFree(t *testing.T) {
	acc := newAccTarget(t)
	for _, tc := range []struct {
		plan, prefix, user string
	}{
		{"Serverless", "in05-", "db_"},
		{"Free", "in03-", "db_"},
	} {
		t.Run(tc.plan, func(t *testing.T) {
			name := testAccName("tf-acc-" + strings.ToLower(tc.plan))
			tfresource.Test(t, tfresource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             checkClustersDropped(acc),
				Steps: []tfresource.TestStep{
					{
						// createFree takes no labels: the provider sets them once the cluster runs.
						Config: testAccClusterConfig(acc, name, tc.plan, `labels = { env = "test" }`),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("labels").AtMapKey("env"), knownvalue.StringExact("test")),
							statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile("^"+tc.prefix))),
							statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("plan"), knownvalue.StringExact(tc.plan)),
							statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("cu_size"), knownvalue.Null()),
							statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("cu_type"), knownvalue.Null()),
							statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("username"), knownvalue.StringRegexp(regexp.MustCompile("^"+tc.user))),
						},
						ConfigPlanChecks: tfresource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{
						ResourceName:            "zilliz_cluster.test",
						ImportState:             true,
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: []string{"password", "timeouts"},
					},
				},
			})
		})
	}
}

// A cluster dropped behind Terraform's back leaves state at the next refresh, and
// the plan creates it again.
func TestAccClusterResource_driftRecreate(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	name := testAccName("tf-acc-drift")
	var id string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config: testAccClusterConfig(acc, name, "Serverless"),
				Check:  captureID(&id),
			},
			{
				PreConfig: func() {
					if err := acc.Mock.DropClusterNow(id); err != nil {
						t.Fatalf("drop out of band: %v", err)
					}
				},
				Config: testAccClusterConfig(acc, name, "Serverless"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster.test", plancheck.ResourceActionCreate)},
				},
				Check: func(s *terraform.State) error {
					var newID string
					if err := captureID(&newID)(s); err != nil {
						return err
					}
					if newID == id {
						return fmt.Errorf("cluster was not re-created")
					}
					return nil
				},
			},
		},
	})
}

// Out-of-band rename, scale and suspend show up as exactly the change that undoes them.
func TestAccClusterResource_driftInPlace(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	name := testAccName("tf-acc-drift2")
	var id string
	cfg := testAccClusterConfig(acc, name, "Standard")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: cfg, Check: captureID(&id)},
			{
				PreConfig: func() {
					if err := acc.Mock.RenameCluster(id, "renamed-in-console"); err != nil {
						t.Fatal(err)
					}
					if err := acc.Mock.ScaleCluster(id, 4); err != nil {
						t.Fatal(err)
					}
					if err := acc.Mock.SetClusterStatus(id, "SUSPENDED"); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("zilliz_cluster.test", plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("name"), knownvalue.StringExact(name)),
						plancheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("cu_size"), knownvalue.Int64Exact(1)),
						plancheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("desired_status"), knownvalue.StringExact("RUNNING")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("status"), knownvalue.StringExact("RUNNING")),
				},
			},
		},
	})
}

func TestAccClusterResource_deletionProtection(t *testing.T) {
	acc := newAccTarget(t)
	name := testAccName("tf-acc-prot")
	var id string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkClustersDropped(acc),
		Steps: []tfresource.TestStep{
			{
				Config: testAccClusterConfig(acc, name, "Serverless", `deletion_protection = true`),
				Check:  captureID(&id),
			},
			{
				Config:      testAccClusterConfig(acc, name, "Serverless", `deletion_protection = true`),
				Destroy:     true,
				ExpectError: errorMatching(`deletion_protection is true.*set deletion_protection = false`),
			},
			{
				PreConfig: func() {
					if !acc.canReadMockLog("no drop call for a protected cluster") {
						return
					}
					if n := dropCalls(acc.Mock, id); n != 0 {
						t.Errorf("a protected cluster got %d drop calls", n)
					}
				},
				Config: testAccClusterConfig(acc, name, "Serverless", `deletion_protection = false`),
			},
		},
	})
}

// A create that never reaches RUNNING fails within the user's timeouts.create and
// leaves the cluster in state, so destroy drops it: nothing is orphaned.
func TestAccClusterResource_createTimeout(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	acc.Mock.HoldCreating(true)
	name := testAccName("tf-acc-slow")
	var start time.Time
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if len(acc.Mock.Clusters()) > 0 && acc.Mock.Clusters()[0].Status != statusDeleted {
				return fmt.Errorf("cluster left behind: %+v", acc.Mock.Clusters())
			}
			return nil
		},
		Steps: []tfresource.TestStep{
			{
				PreConfig:   func() { start = time.Now() },
				Config:      testAccClusterConfig(acc, name, "Standard", `timeouts { create = "1s" }`),
				ExpectError: errorMatching(`(?s)did not become RUNNING.*timeout ran out`),
			},
			{
				// The failed create is in state, tainted: the next plan replaces it
				// instead of creating a second cluster beside it.
				PreConfig: func() {
					// A generous bound, far below the 45 min default a create
					// that ignored timeouts.create would wait: it fails loudly,
					// never because the machine is busy.
					if elapsed := time.Since(start); elapsed > 5*time.Minute {
						t.Errorf("create with a 1s timeout took %s", elapsed)
					}
					if n := len(acc.Mock.Clusters()); n != 1 {
						t.Errorf("mock has %d clusters after the failed create, want 1", n)
					}
				},
				Config:             testAccClusterConfig(acc, name, "Standard", `timeouts { create = "1s" }`),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// Plan-time validation: no API call, so it runs under plain go test too.
func TestClusterResource_validation(t *testing.T) {
	acc := planTimeTarget()
	for _, tc := range []struct {
		name, plan string
		extra      []string
		want       string
	}{
		{"cu_size on Free", "Free", []string{"cu_size = 2"}, `(?s)cu_size applies to dedicated clusters only`},
		{"cu_type on Serverless", "Serverless", []string{`cu_type = "Capacity-optimized"`}, `(?s)cu_type applies to dedicated clusters only`},
		{"replica on Serverless", "Serverless", []string{"replica = 1"}, `(?s)replica applies to dedicated clusters only`},
		{"replica above 1 on Standard", "Standard", []string{"replica = 2"}, `(?s)replica = 2 needs plan = "Enterprise"`},
		{"suspend Serverless", "Serverless", []string{`desired_status = "SUSPENDED"`}, `(?s)cannot be suspended`},
		{"unknown plan", "Basic", nil, `(?s)value must be one of.*"Free".*"Serverless".*"Standard".*"Enterprise"`},
		{"cu_size zero", "Standard", []string{"cu_size = 0"}, `(?s)cu_size.*between 1 and 1024`},
		{"cu_size huge", "Enterprise", []string{"cu_size = 100000"}, `(?s)cu_size.*between 1 and 1024`},
		{"cu_size 3 on Standard", "Standard", []string{"cu_size = 3"},
			`(?s)cu_size = 3 is not offered on the Standard plan. Allowed values: 1, 2, 4, 8, 12, 16, 20, 24, 28, 32\.`},
		{"cu_size 64 on Standard", "Standard", []string{"cu_size = 64"}, `(?s)cu_size = 64 is not offered on the Standard plan`},
		{"cu_size 68 on Enterprise", "Enterprise", []string{"cu_size = 68"},
			`(?s)cu_size = 68 is not offered on the Enterprise plan. Allowed values: 1, 2, 4, 8 to 64 in steps of 4, 72 to 256 in steps of 8, and 272 to 1024 in steps of 16`},
		{"bad cu_type", "Standard", []string{`cu_type = "Fast"`}, `(?s)Performance-optimized.*Capacity-optimized`},
		{"bad desired_status", "Standard", []string{`desired_status = "STOPPED"`}, `(?s)"RUNNING".*"SUSPENDED"`},
		{"replica above 10", "Enterprise", []string{"replica = 11"}, `(?s)replica.*between 1 and 10`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tfresource.UnitTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []tfresource.TestStep{{
					Config:      testAccClusterConfig(acc, "valid-name", tc.plan, tc.extra...),
					PlanOnly:    true,
					ExpectError: errorMatching(tc.want),
				}},
			})
		})
	}
	for _, tc := range []struct{ name, value, want string }{
		{"name with underscore", "bad_name", `letters, digits and hyphens`},
		{"name with space", "bad name", `letters, digits and hyphens`},
		{"empty name", "", `length must be between 1 and 32`},
		{"name too long", strings.Repeat("a", 33), `length must be between 1 and 32`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tfresource.UnitTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []tfresource.TestStep{{
					Config:      testAccClusterConfig(acc, tc.value, "Serverless"),
					PlanOnly:    true,
					ExpectError: errorMatching(tc.want),
				}},
			})
		})
	}
	for _, tc := range []struct{ name, project, region, want string }{
		{"bad project id", "project-1", "gcp-us-west1", `proj-<hex digits>`},
		{"bad region id", acc.ProjectID, "Mars", `region id such as gcp-us-west1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := acc.Provider + fmt.Sprintf(`
resource "zilliz_cluster" "test" {
  project_id = %q
  region_id  = %q
  name       = "ok"
  plan       = "Serverless"
}`, tc.project, tc.region)
			tfresource.UnitTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []tfresource.TestStep{{Config: cfg, PlanOnly: true, ExpectError: errorMatching(tc.want)}},
			})
		})
	}
}

// An API error only the service can detect reaches the user with its code and message.
func TestAccClusterResource_apiErrorShown(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: acc.Provider + fmt.Sprintf(`
resource "zilliz_cluster" "test" {
  project_id = "proj-0123456789abcdef012345"
  region_id  = %q
  name       = %q
  plan       = "Serverless"
}`, acc.RegionID, testAccName("tf-acc-noproject")),
			ExpectError: errorMatching(`Could not create cluster.*code 96012 \(HTTP 200\): You do not have permission to access project.*Request id: [0-9a-zA-Z-]{8,}`),
		}},
	})
}

// A second cluster of a taken name is never created: the error names the
// cluster that has it and how to adopt it.
func TestAccClusterResource_nameTaken(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	name := testAccName("tf-acc-dup")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: testAccClusterConfig(acc, name, "Serverless") + fmt.Sprintf(`
resource "zilliz_cluster" "twin" {
  project_id = %q
  region_id  = %q
  name       = %q
  plan       = "Serverless"
  depends_on = [zilliz_cluster.test]
}`, acc.ProjectID, acc.RegionID, name),
			ExpectError: errorMatching(`Could not create cluster.*Cluster in05-[0-9a-z]+ named "` + name + `" already exists.*terraform import <address> 'in05-[0-9a-z]+'.*to = <address>`),
		}},
		CheckDestroy: func(*terraform.State) error {
			// The twin's create is sent and refused for its name (40013, as
			// the service answers): one cluster was made.
			if accepted, refused := createAnswers(acc.Mock, "/v2/clusters/createServerless"); accepted != 1 || refused != 1 {
				return fmt.Errorf("createServerless: %d accepted, %d refused for the name; want 1 and 1 (no second cluster)", accepted, refused)
			}
			return nil
		},
	})
}

// Delete of a cluster that is already gone succeeds and sends one drop call.
func TestClusterResource_deleteGone(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	client, err := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r := &clusterResource{client: client}
	var schemaResp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	state := tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(schemaResp.Schema.Type().TerraformType(ctx), nil)}
	if d := state.SetAttribute(ctx, path.Root("id"), "in01-0123456789abcde"); d.HasError() {
		t.Fatal(d)
	}
	var resp resource.DeleteResponse
	r.Delete(ctx, resource.DeleteRequest{State: state}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("delete of a gone cluster failed: %v", resp.Diagnostics)
	}
	if n := dropCalls(acc.Mock, "in01-0123456789abcde"); n != 1 {
		t.Fatalf("%d drop calls, want 1", n)
	}
}

func TestAccClusterDataSources(t *testing.T) {
	acc := newAccTarget(t)
	name := testAccName("tf-acc-ds")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: testAccClusterConfig(acc, name, "Standard", `labels = { team = "search" }`) + `
data "zilliz_cluster" "one" {
  id = zilliz_cluster.test.id
}
data "zilliz_clusters" "all" {
  depends_on = [zilliz_cluster.test]
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs("data.zilliz_cluster.one", tfjsonpath.New("connect_address"),
					"zilliz_cluster.test", tfjsonpath.New("connect_address"), compare.ValuesSame()),
				statecheck.ExpectKnownValue("data.zilliz_cluster.one", tfjsonpath.New("name"), knownvalue.StringExact(name)),
				statecheck.ExpectKnownValue("data.zilliz_cluster.one", tfjsonpath.New("cu_size"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue("data.zilliz_clusters.all", tfjsonpath.New("clusters"), knownvalue.ListPartial(map[int]knownvalue.Check{
					// The list answer carries no labels (as describe): they come from the labels call.
					0: knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(name),
						"labels": knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("search")})}),
				})),
			},
		}},
	})
}
