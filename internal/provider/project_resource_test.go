package provider

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// testAccProjectConfig is one zilliz_project "search"; regions are HCL list
// items ("" leaves region_ids out).
func testAccProjectConfig(acc accTarget, name, plan, regions string) string {
	r := ""
	if regions != "" {
		r = "  region_ids = [" + regions + "]\n"
	}
	return acc.Provider + fmt.Sprintf(`
resource "zilliz_project" "search" {
  name = %q
  plan = %q
%s}
`, name, plan, r)
}

// stateID reads a resource's id from state into *id.
func stateID(name string, id *string) tfresource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[name]
		if !ok {
			return fmt.Errorf("%s not in state", name)
		}
		*id = rs.Primary.ID
		return nil
	}
}

// requestPosition is the index in the mock's log of the first request with
// this method and path, or -1.
func requestPosition(m *zillizmock.Server, method, path string) int {
	for i, r := range m.Requests() {
		if r.Method == method && r.Path == path {
			return i
		}
	}
	return -1
}

// mutatingControlCalls are the control-plane requests that may change something.
func mutatingControlCalls(m *zillizmock.Server) []string {
	var out []string
	for _, r := range m.Requests() {
		if r.ClusterID == "" && r.Method != http.MethodGet {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

func mockProject(acc accTarget, id *string, plan string, regions ...string) tfresource.TestCheckFunc {
	return func(*terraform.State) error {
		p, ok := acc.Mock.Project(*id)
		if !ok {
			return fmt.Errorf("project %s is not in the mock", *id)
		}
		slices.Sort(p.RegionIDs)
		slices.Sort(regions)
		if p.Plan != plan || !reflect.DeepEqual(p.RegionIDs, regions) {
			return fmt.Errorf("project in the mock: plan %s regions %v, want %s %v", p.Plan, p.RegionIDs, plan, regions)
		}
		return nil
	}
}

// The plan is raised and a region added in place, in that order and in one
// apply; lowering the plan or removing a region fails at plan time; a new
// name replaces the project; a project deleted in the console is planned for
// creation; destroy deletes it.
func TestAccProjectResource_lifecycle(t *testing.T) {
	acc := newAccTarget(t, func(o *zillizmock.Options) { o.ProjectRegionIDs = true })
	acc.requireMock(t)
	var id, firstID string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := acc.Mock.Project(id); ok {
				return fmt.Errorf("project %s still exists", id)
			}
			if countRequests(acc.Mock, http.MethodDelete, "/v2/projects/"+id) != 1 {
				return fmt.Errorf("no DELETE /v2/projects/%s in the log", id)
			}
			return nil
		},
		Steps: []tfresource.TestStep{
			{
				Config: testAccProjectConfig(acc, "search", "Enterprise", `"gcp-us-west1"`),
				Check:  tfresource.ComposeTestCheckFunc(stateID("zilliz_project.search", &id), mockProject(acc, &id, "Enterprise", "gcp-us-west1")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_project.search", tfjsonpath.New("region_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("gcp-us-west1")})),
					statecheck.ExpectKnownValue("zilliz_project.search", tfjsonpath.New("instance_count"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue("zilliz_project.search", tfjsonpath.New("create_time"), knownvalue.StringRegexp(errorMatching(`^20\d\d-`))),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ResourceName: "zilliz_project.search", ImportState: true, ImportStateVerify: true},
			{
				// A second region needs BusinessCritical: both in one apply, the plan first.
				Config: testAccProjectConfig(acc, "search", "BusinessCritical", `"gcp-us-west1", "aws-us-west-2"`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_project.search", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: tfresource.ComposeTestCheckFunc(
					mockProject(acc, &id, "BusinessCritical", "gcp-us-west1", "aws-us-west-2"),
					func(*terraform.State) error {
						upgrade := requestPosition(acc.Mock, http.MethodPatch, "/v2/projects/"+id+"/plan")
						regions := requestPosition(acc.Mock, http.MethodPost, "/v2/projects/"+id+"/regions")
						if upgrade < 0 || regions < 0 || upgrade > regions {
							return fmt.Errorf("plan upgrade at request %d, regions at %d: want the upgrade first", upgrade, regions)
						}
						if n := countRequests(acc.Mock, http.MethodPost, "/v2/projects"); n != 1 {
							return fmt.Errorf("%d project creates: an upgrade must not replace the project", n)
						}
						return nil
					},
				),
			},
			{
				Config:      testAccProjectConfig(acc, "search", "Enterprise", `"gcp-us-west1", "aws-us-west-2"`),
				PlanOnly:    true,
				ExpectError: errorMatching(`A project's plan cannot be lowered.*plan is BusinessCritical; Enterprise is lower`),
			},
			{
				Config:      testAccProjectConfig(acc, "search", "BusinessCritical", `"gcp-us-west1"`),
				PlanOnly:    true,
				ExpectError: errorMatching(`Regions cannot be removed from a project.*bound to aws-us-west-2`),
			},
			{
				// Leaving region_ids out keeps what the project has.
				Config:           testAccProjectConfig(acc, "search", "BusinessCritical", ""),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// No rename call exists: a new name is a new project.
				Config: testAccProjectConfig(acc, "search-2", "BusinessCritical", ""),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("zilliz_project.search", plancheck.ResourceActionDestroyBeforeCreate)}},
				Check: tfresource.ComposeTestCheckFunc(
					func(s *terraform.State) error { firstID = id; return stateID("zilliz_project.search", &id)(s) },
					func(*terraform.State) error {
						if _, ok := acc.Mock.Project(firstID); ok || id == firstID {
							return fmt.Errorf("the old project %s was not replaced (new %s)", firstID, id)
						}
						return nil
					},
				),
			},
			{
				// Deleted in the console: planned for creation again.
				PreConfig: func() {
					if err := acc.Mock.DeleteProjectNow(id); err != nil {
						t.Fatal(err)
					}
				},
				Config:           testAccProjectConfig(acc, "search-2", "BusinessCritical", ""),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_project.search", plancheck.ResourceActionCreate)}},
				Check:            stateID("zilliz_project.search", &id),
			},
		},
	})
}

// Project answers as recorded carry no regions: the configured ones are kept,
// a plan is empty, and a new region is still added in place.
func TestAccProjectResource_recordedAnswers(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	var id string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config: testAccProjectConfig(acc, "recorded", "BusinessCritical", `"gcp-us-west1"`),
				Check:  stateID("zilliz_project.search", &id),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_project.search", tfjsonpath.New("region_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("gcp-us-west1")})),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config:           testAccProjectConfig(acc, "recorded", "BusinessCritical", `"gcp-us-west1", "az-eastus"`),
				Check:            mockProject(acc, &id, "BusinessCritical", "gcp-us-west1", "az-eastus"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// Destroying a project that holds a cluster fails and says why; nothing is
// dropped implicitly. Once the cluster is gone, destroy works.
func TestAccProjectResource_holdsClusters(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	var id string
	config := testAccProjectConfig(acc, "busy", "Enterprise", "")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config: config,
				Check: tfresource.ComposeTestCheckFunc(stateID("zilliz_project.search", &id), func(*terraform.State) error {
					target := acc
					target.ProjectID = id
					newMockClusterWith(t, target, zilliz.CreateClusterRequest{Plan: planServerless, ClusterName: "inside"})
					return nil
				}),
			},
			{Config: config, Destroy: true, ExpectError: errorMatching(`Could not delete project .*still holds 1 cluster\(s\).*never drops clusters implicitly`)},
			{
				PreConfig: func() {
					for _, c := range acc.Mock.Clusters() {
						if err := acc.Mock.DropClusterNow(c.ClusterID); err != nil {
							t.Fatal(err)
						}
					}
				},
				Config:           config,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// A key of an organisation Member cannot create a project: the error says so in words.
func TestAccProjectResource_ownerRequired(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	member := acc
	member.Provider = fmt.Sprintf("provider \"zilliz\" {\n  base_url = %q\n  api_key  = %q\n}\n", acc.Mock.URL(), acc.Mock.MemberAPIKey())
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config:      testAccProjectConfig(member, "by-member", "Enterprise", ""),
			ExpectError: errorMatching(`Could not create project by-member.*may not create projects: that needs the key of an Organization Owner`),
		}},
	})
	if n := len(acc.Mock.Projects()); n != 1 {
		t.Errorf("%d projects in the mock, want the Default Project only", n)
	}
}

// A key of another organisation gets the same answer as for a deleted
// project (96012): the project is kept in state, never forgotten.
func TestAccProjectResource_ambiguousAnswerKeepsState(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	other := acc
	other.Provider = fmt.Sprintf("provider \"zilliz\" {\n  base_url = %q\n  api_key  = %q\n}\n", acc.Mock.URL(), acc.Mock.OtherProjectAPIKey())
	var id string
	config := testAccProjectConfig(acc, "kept", "Enterprise", "")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: config, Check: stateID("zilliz_project.search", &id)},
			{
				Config:      testAccProjectConfig(other, "kept", "Enterprise", ""),
				PlanOnly:    true,
				ExpectError: errorMatching(`Could not read project .*code 96012.*The project was kept in state`),
			},
			{Config: config, ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

func TestAccProjectResource_validation(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: testAccProjectConfig(acc, "p", "Free", ""), PlanOnly: true, ExpectError: errorMatching(`value must be one of:.*"Standard"`)},
			{Config: testAccProjectConfig(acc, strings.Repeat("n", 51), "Enterprise", ""), PlanOnly: true, ExpectError: errorMatching(`string length must be between 1 and 50`)},
			{Config: testAccProjectConfig(acc, "p", "Enterprise", `""`), PlanOnly: true, ExpectError: errorMatching(`string length must be at least 1`)},
			{
				Config:      testAccProjectConfig(acc, "p", "Enterprise", "") + "import {\n  to = zilliz_project.search\n  id = \"search\"\n}\n",
				PlanOnly:    true,
				ExpectError: errorMatching(`"search" is not a project id. Use the id of the project, for example proj-`),
			},
			{
				Config:      testAccProjectConfig(acc, "Default Project", "Enterprise", "") + fmt.Sprintf("import {\n  to = zilliz_project.search\n  id = %q\n}\n", acc.ProjectID),
				PlanOnly:    true,
				ExpectError: errorMatching(`The Default Project cannot be managed`),
			},
		},
	})
}

// The 100-project limit of an organisation is known at plan time.
func TestAccProjectResource_limit(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	client, err := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey(), RequestsPerSecond: -1})
	if err != nil {
		t.Fatal(err)
	}
	for i := range zilliz.MaxProjectsPerOrganization - 1 {
		if _, _, err := client.CreateProject(t.Context(), zilliz.CreateProjectRequest{ProjectName: fmt.Sprintf("p%d", i), Plan: "Standard"}); err != nil {
			t.Fatal(err)
		}
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config:      testAccProjectConfig(acc, "one-too-many", "Enterprise", ""),
			PlanOnly:    true,
			ExpectError: errorMatching(`No room for another project.*already has 100 projects`),
		}},
	})
}

// A project and a cluster in it, in one configuration: created in that
// order, nothing left to plan, destroyed the other way round.
func TestAccProjectResource_withCluster(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	var project string
	config := testAccProjectConfig(acc, "with-cluster", "Enterprise", `"gcp-us-west1"`) + `
resource "zilliz_cluster" "main" {
  project_id = zilliz_project.search.id
  region_id  = "gcp-us-west1"
  name       = "inside"
  plan       = "Serverless"
}
`
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			drop := -1
			for i, r := range acc.Mock.Requests() {
				if r.Method == http.MethodDelete && strings.HasSuffix(r.Path, "/drop") && drop < 0 {
					drop = i
				}
			}
			if del := requestPosition(acc.Mock, http.MethodDelete, "/v2/projects/"+project); drop < 0 || del < drop {
				return fmt.Errorf("cluster drop at request %d, project delete at %d: want the cluster first", drop, del)
			}
			return nil
		},
		Steps: []tfresource.TestStep{{
			Config: config,
			Check: tfresource.ComposeTestCheckFunc(stateID("zilliz_project.search", &project), func(*terraform.State) error {
				for _, c := range acc.Mock.Clusters() {
					if c.ClusterName == "inside" && c.ProjectID == project {
						return nil
					}
				}
				return fmt.Errorf("no cluster in project %s", project)
			}),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}
