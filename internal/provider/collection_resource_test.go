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
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// testAccCollectionConfig is a cluster plus one collection "test" on its endpoint;
// extra lines go inside the collection block.
func testAccCollectionConfig(acc accTarget, cluster, collection string, extra ...string) string {
	return testAccClusterConfig(acc, cluster, "Serverless") + fmt.Sprintf(`
resource "zilliz_collection" "test" {
  cluster_endpoint = zilliz_cluster.test.connect_address
  name             = %q
  dimension        = 8
%s
}
`, collection, strings.Join(extra, "\n"))
}

// collectionDrops lists the mock's v1 drop calls, in order, as "cluster/collection".
func collectionDrops(m *zillizmock.Server) []string {
	var out []string
	for _, r := range m.Requests() {
		if r.Method == "POST" && r.Path == "/v1/vector/collections/drop" {
			out = append(out, r.ClusterID+"/"+r.Collection)
		}
	}
	return out
}

// checkCollectionDestroyOrder asks the mock that the collection was dropped with
// exactly one call, before its cluster was dropped.
func checkCollectionDestroyOrder(acc accTarget, clusterID *string, collection string) func(*terraform.State) error {
	return func(*terraform.State) error {
		if acc.real() {
			return nil
		}
		collectionAt, clusterAt := -1, -1
		drops := 0
		for i, r := range acc.Mock.Requests() {
			switch {
			case r.Method == "POST" && r.Path == "/v1/vector/collections/drop" && r.Collection == collection:
				drops++
				collectionAt = i
			case r.Method == "DELETE" && r.Path == "/v2/clusters/"+*clusterID+"/drop":
				clusterAt = i
			}
		}
		if drops != 1 {
			return fmt.Errorf("%d drop calls for collection %s, want 1 (all drops: %v)", drops, collection, collectionDrops(acc.Mock))
		}
		if clusterAt < 0 || collectionAt > clusterAt {
			return fmt.Errorf("collection drop at request %d, cluster drop at %d: want the collection first", collectionAt, clusterAt)
		}
		return nil
	}
}

func TestAccCollectionResource_lifecycle(t *testing.T) {
	acc := newAccTarget(t)
	cluster := testAccName("tf-acc-coll")
	var clusterID string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkCollectionDestroyOrder(acc, &clusterID, "articles_v2"),
		Steps: []tfresource.TestStep{
			{
				// One apply creates the cluster, then the collection on its new endpoint.
				Config: testAccCollectionConfig(acc, cluster, "articles", `metric_type = "L2"`, `description = "article embeddings"`),
				Check:  captureID(&clusterID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`/databases/default/collections/articles$`))),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("metric_type"), knownvalue.StringExact("L2")),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("dimension"), knownvalue.Int64Exact(8)),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("primary_field"), knownvalue.StringExact("id")),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("vector_field"), knownvalue.StringExact("vector")),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("load_state"), knownvalue.StringExact("LoadStateLoaded")),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("enable_dynamic_field"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("fields"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("id"), "type": knownvalue.StringExact("Int64"), "primary_key": knownvalue.Bool(true)}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("vector"), "type": knownvalue.StringExact("FloatVector(8)")}),
					})),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("indexes").AtSliceIndex(0).AtMapKey("metric_type"), knownvalue.StringExact("L2")),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				ResourceName:            "zilliz_collection.test",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"token", "timeouts"},
			},
			{
				// The cluster's own credentials work as the token, and changing the
				// token touches nothing.
				Config: testAccCollectionConfig(acc, cluster, "articles", `metric_type = "L2"`, `description = "article embeddings"`,
					`token = "${zilliz_cluster.test.username}:${zilliz_cluster.test.password}"`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_collection.test", plancheck.ResourceActionUpdate)},
				},
			},
			{
				// Every other argument replaces the collection.
				Config: testAccCollectionConfig(acc, cluster, "articles_v2", `metric_type = "L2"`, `description = "article embeddings"`,
					`token = "${zilliz_cluster.test.username}:${zilliz_cluster.test.password}"`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					// A new name renames the collection in place; the id follows.
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_collection.test", plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`/databases/default/collections/articles_v2$`))),
				},
				Check: func(*terraform.State) error {
					if acc.real() {
						return nil
					}
					got := acc.Mock.Collections(clusterID, "default")
					if len(got) != 1 || got[0] != "articles_v2" {
						return fmt.Errorf("collections on the cluster: %v, want [articles_v2]", got)
					}
					return nil
				},
			},
		},
	})
}

func TestAccCollectionResource_driftAndGoneOnDestroy(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := testAccName("tf-acc-cdrift")
	var clusterID string
	cfg := testAccCollectionConfig(acc, cluster, "docs")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: cfg, Check: captureID(&clusterID)},
			{
				// Dropped behind Terraform's back: the plan creates it again.
				PreConfig: func() {
					if err := acc.Mock.DropCollectionNow(clusterID, "default", "docs"); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_collection.test", plancheck.ResourceActionCreate)},
				},
				Check: func(*terraform.State) error {
					if got := acc.Mock.Collections(clusterID, "default"); len(got) != 1 {
						return fmt.Errorf("collections after re-create: %v", got)
					}
					return nil
				},
			},
		},
	})
}

func TestAccCollectionResource_tokens(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := testAccName("tf-acc-ctok")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config:      testAccCollectionConfig(acc, cluster, "bad_token", `token = "db_admin:wrong-password"`),
				ExpectError: errorMatching(`Could not create collection bad_token.*code 1800 \(HTTP 401\): user hasn't authenticated`),
			},
			{
				// The collection was not created; the cluster exists and is usable.
				Config: testAccCollectionConfig(acc, cluster, "good_token",
					`token = "${zilliz_cluster.test.username}:${zilliz_cluster.test.password}"`),
			},
		},
	})
}

func TestAccCollectionResource_alreadyExists(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := testAccName("tf-acc-cdup")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: testAccCollectionConfig(acc, cluster, "shared") + `
resource "zilliz_collection" "twin" {
  cluster_endpoint = zilliz_cluster.test.connect_address
  name             = "shared"
  dimension        = 8
  depends_on       = [zilliz_collection.test]
}`,
			ExpectError: errorMatching(`(?s)already exists.*terraform import`),
		}},
	})
}

// planOnlyProvider is a provider block for tests that stop at plan-time
// validation: nothing is sent, so no API (and no TF_ACC) is needed.
const planOnlyProvider = `provider "zilliz" {
  api_key  = "validation-only"
  base_url = "http://127.0.0.1:1"
}
`

// Plan-time validation: runs under plain go test.
func TestCollectionResource_validation(t *testing.T) {
	base := func(lines ...string) string {
		return planOnlyProvider + `
resource "zilliz_collection" "test" {
` + strings.Join(lines, "\n") + `
}`
	}
	ok := []string{`cluster_endpoint = "https://in01-6183d6bac30f801.gcp-us-west1.vectordb.zillizcloud.com:443"`, `name = "ok"`, `dimension = 8`}
	with := func(replace string, extra ...string) string {
		lines := append([]string{}, ok...)
		key := strings.Fields(replace)[0]
		for i, l := range lines {
			if strings.HasPrefix(l, key+" ") {
				lines[i] = replace
				return base(append(lines, extra...)...)
			}
		}
		return base(append(append(lines, replace), extra...)...)
	}
	for _, tc := range []struct{ name, cfg, want string }{
		{"name starts with digit", with(`name = "1abc"`), `start with a letter or an underscore`},
		{"name with hyphen", with(`name = "a-b"`), `only letters, digits and underscores`},
		{"empty name", with(`name = ""`), `length must be between 1 and 255`},
		{"name too long", with(`name = "` + strings.Repeat("a", 256) + `"`), `length must be between 1 and 255`},
		{"dimension zero", with(`dimension = 0`), `dimension.*between 1 and 32768`},
		{"dimension huge", with(`dimension = 1000000`), `dimension.*between 1 and 32768`},
		{"metric", with(`metric_type = "HAMMING"`), `value must be one of.*"L2".*"IP".*"COSINE"`},
		{"metric lower case", with(`metric_type = "cosine"`), `value must be one of`},
		{"http endpoint", with(`cluster_endpoint = "http://in01-x.example.com"`), `plain http:// is allowed only for loopback`},
		{"endpoint not a URL", with(`cluster_endpoint = "in01-6183d6bac30f801"`), `cluster_endpoint`},
		{"same field names", with(`primary_field = "v"`, `vector_field = "v"`), `primary_field and vector_field are both "v"`},
		{"bad database", with(`database = "my-db"`), `only letters, digits and underscores`},
		{"empty token", with(`token = " "`), `token is empty`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tfresource.UnitTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []tfresource.TestStep{{Config: tc.cfg, PlanOnly: true, ExpectError: errorMatching(tc.want)}},
			})
		})
	}
}

func TestAccCollectionDataSources(t *testing.T) {
	acc := newAccTarget(t)
	cluster := testAccName("tf-acc-cds")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: testAccCollectionConfig(acc, cluster, "films", `metric_type = "IP"`) + `
data "zilliz_collection" "one" {
  cluster_endpoint = zilliz_cluster.test.connect_address
  name             = zilliz_collection.test.name
}
data "zilliz_collections" "all" {
  cluster_endpoint = zilliz_cluster.test.connect_address
  depends_on       = [zilliz_collection.test]
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.zilliz_collection.one", tfjsonpath.New("metric_type"), knownvalue.StringExact("IP")),
				statecheck.ExpectKnownValue("data.zilliz_collection.one", tfjsonpath.New("dimension"), knownvalue.Int64Exact(8)),
				statecheck.ExpectKnownValue("data.zilliz_collections.all", tfjsonpath.New("names"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("films")})),
			},
		}},
	})
}

// Delete of a collection that is already gone succeeds, with one drop call.
func TestCollectionResource_deleteGone(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	ctx := context.Background()
	client, err := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	created, err := client.CreateCluster(ctx, zilliz.CreateClusterRequest{Plan: "Serverless", ClusterName: "gone-coll", ProjectID: acc.ProjectID, RegionID: acc.RegionID})
	if err != nil {
		t.Fatal(err)
	}
	cluster, err := client.WaitForClusterStatus(ctx, created.ClusterID, zilliz.WaitOptions{}, statusRunning)
	if err != nil {
		t.Fatal(err)
	}
	r := &collectionResource{client: client}
	var schemaResp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	state := tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(schemaResp.Schema.Type().TerraformType(ctx), nil)}
	for attr, v := range map[string]string{"cluster_endpoint": cluster.ConnectAddress, "database": "default", "name": "never_created"} {
		if d := state.SetAttribute(ctx, path.Root(attr), v); d.HasError() {
			t.Fatal(d)
		}
	}
	var resp resource.DeleteResponse
	r.Delete(ctx, resource.DeleteRequest{State: state}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("delete of a gone collection failed: %v", resp.Diagnostics)
	}
	if got := collectionDrops(acc.Mock); len(got) != 1 || got[0] != created.ClusterID+"/never_created" {
		t.Fatalf("drop calls %v, want one for never_created", got)
	}
}

// newMockCluster creates a Serverless cluster outside Terraform and waits until it
// runs, for tests whose collections live on a cluster Terraform does not manage.
func newMockCluster(t *testing.T, acc accTarget, name string) *zilliz.Cluster {
	t.Helper()
	client, err := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	created, err := client.CreateCluster(t.Context(), zilliz.CreateClusterRequest{Plan: "Serverless", ClusterName: name, ProjectID: acc.ProjectID, RegionID: acc.RegionID})
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.DescribeCluster(t.Context(), created.ClusterID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func testAccLooseCollectionConfig(acc accTarget, endpoint, name string) string {
	return acc.Provider + fmt.Sprintf(`
resource "zilliz_collection" "test" {
  cluster_endpoint = %q
  name             = %q
  dimension        = 4
}
`, endpoint, name)
}

// A collection on a cluster that is still starting is created once the endpoint
// serves, within timeouts.create, instead of failing on the first 503.
func TestAccCollectionResource_endpointNotReadyYet(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	acc.Mock.HoldCreating(true)
	cluster := newMockCluster(t, acc, testAccName("tf-acc-early"))
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			PreConfig: func() {
				if c, _ := acc.Mock.Cluster(cluster.ClusterID); c.Status != "CREATING" {
					t.Fatalf("cluster status %s, want CREATING", c.Status)
				}
				// The cluster comes up once the provider has been refused with
				// 503 (an event in the mock's request log, not a guess at how
				// long Terraform takes to get there).
				go func() {
					refusedOnce(acc.Mock, cluster.ClusterID, time.Minute)
					acc.Mock.HoldCreating(false)
				}()
			},
			Config: testAccLooseCollectionConfig(acc, cluster.ConnectAddress, "early"),
			Check: func(*terraform.State) error {
				refused := 0
				for _, r := range acc.Mock.Requests() {
					if r.ClusterID == cluster.ClusterID && r.HTTPStatus == 503 { // the name check or the create
						refused++
					}
				}
				if refused == 0 {
					return fmt.Errorf("no data-plane call was refused with 503: the test did not exercise the wait")
				}
				if got := acc.Mock.Collections(cluster.ClusterID, "default"); len(got) != 1 {
					return fmt.Errorf("collections %v, want [early]", got)
				}
				return nil
			},
		}},
	})
}

// refusedOnce waits until the mock has answered a data-plane call on the
// cluster with 503, or gives up after limit (a generous bound: the test then
// fails on its own check that a call was refused).
func refusedOnce(m *zillizmock.Server, clusterID string, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		for _, r := range m.Requests() {
			if r.ClusterID == clusterID && r.HTTPStatus == 503 {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A collection whose cluster was dropped leaves state at the next refresh: the
// plan offers to create it again instead of failing on the dead endpoint.
func TestAccCollectionResource_clusterGone(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := newMockCluster(t, acc, testAccName("tf-acc-orphan"))
	if _, err := (func() (*zilliz.Cluster, error) {
		client, _ := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey()})
		return client.WaitForClusterStatus(t.Context(), cluster.ClusterID, zilliz.WaitOptions{}, statusRunning)
	})(); err != nil {
		t.Fatal(err)
	}
	cfg := testAccLooseCollectionConfig(acc, cluster.ConnectAddress, "orphan")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					if err := acc.Mock.DropClusterNow(cluster.ClusterID); err != nil {
						t.Fatal(err)
					}
				},
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// While its cluster is suspended a collection cannot be read, but plans keep
// working (a warning, the last known state) and show no change.
func TestAccCollectionResource_clusterSuspended(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := testAccName("tf-acc-susp")
	collection := func(status string) string {
		return strings.Replace(testAccCollectionConfig(acc, cluster, "sleepy"), `plan       = "Serverless"`,
			`plan       = "Standard"`+"\n  desired_status = \""+status+"\"", 1)
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: collection("RUNNING")},
			{
				Config: collection("SUSPENDED"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{Config: collection("RUNNING")},
		},
	})
}

// A collection create costs three requests: the name check, the create, and
// one describe that also says whether it is loaded (issue 19), for both forms;
// more describes only while the server is still loading, and the mock here
// loads at once. Run with the real CLI, so that the apply alone is counted
// (terraform-plugin-testing plans again after it).
func TestCLI_collectionCreateInThreeRequests(t *testing.T) {
	acc := newAccTarget(t, func(o *zillizmock.Options) { o.LoadDuration = -1 })
	_, endpoint := runningMockCluster(t, acc)
	for _, tc := range []struct{ name, body string }{
		{"quick setup", `
  dimension = 8
`},
		{"schema", `
  field {
    name        = "id"
    data_type   = "Int64"
    is_primary  = true
  }
  field {
    name      = "vector"
    data_type = "FloatVector"
    dim       = 8
  }
  index {
    field_name  = "vector"
    index_type  = "AUTOINDEX"
    metric_type = "COSINE"
  }
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := strings.ReplaceAll(tc.name, " ", "_")
			config := fmt.Sprintf(`
terraform {
  required_providers {
    zilliz = { source = "registry.terraform.io/vectorops/zilliz" }
  }
}
provider "zilliz" {}
resource "zilliz_collection" "test" {
  cluster_endpoint = %q
  name             = %q
%s}
`, endpoint, name, tc.body)
			w := newCLIWorkspace(t, config, "ZILLIZ_API_KEY="+acc.Mock.APIKey(), "ZILLIZ_BASE_URL="+acc.Mock.URL())
			acc.Mock.ResetRequests()
			w.mustRun("apply", "-auto-approve")
			var sent []string
			for _, r := range acc.Mock.Requests() {
				if r.Collection == name {
					sent = append(sent, r.Method+" "+r.Path)
				}
			}
			if len(sent) != 3 || !strings.HasSuffix(sent[0], "/collections/has") ||
				!strings.HasSuffix(sent[1], "/collections/create") || !strings.Contains(sent[2], "/collections/describe") {
				t.Errorf("the create sent %d requests for the collection, want 3 (has, create, describe):\n%s", len(sent), strings.Join(sent, "\n"))
			}
		})
	}
}
