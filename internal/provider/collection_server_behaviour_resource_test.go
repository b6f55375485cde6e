package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// Tests of behaviours the real server has and the mock reproduces (issue 11).

// threeIndexCollection is a schema collection with three indexes, index
// types, params and descriptions, on a cluster Terraform manages.
func threeIndexCollection(acc accTarget, cluster string, extra ...string) string {
	return testAccClusterConfig(acc, cluster, "Serverless") + `
resource "zilliz_collection" "test" {
  cluster_endpoint = zilliz_cluster.test.connect_address
  name             = "three_indexes"
  description      = "three indexes"
` + strings.Join(extra, "\n") + `
  field {
    name        = "id"
    data_type   = "Int64"
    is_primary  = true
    description = "the key"
  }
  field {
    name        = "title"
    data_type   = "VarChar"
    max_length  = 128
    description = "a title"
  }
  field {
    name      = "vec"
    data_type = "FloatVector"
    dim       = 8
  }
  index {
    field_name  = "vec"
    index_type  = "HNSW"
    metric_type = "L2"
    params      = { M = "16", efConstruction = "200" }
  }
  index {
    field_name = "title"
    index_type = "INVERTED"
  }
  index {
    field_name = "id"
    index_type = "STL_SORT"
  }
}
`
}

// oneIndexCollection is a schema collection with one index and field
// descriptions, for tests of something other than index order.
func oneIndexCollection(acc accTarget, cluster string, extra ...string) string {
	cfg := threeIndexCollection(acc, cluster, extra...)
	for _, drop := range []string{"  index {\n    field_name = \"title\"\n    index_type = \"INVERTED\"\n  }\n", "  index {\n    field_name = \"id\"\n    index_type = \"STL_SORT\"\n  }\n"} {
		if !strings.Contains(cfg, drop) {
			panic("oneIndexCollection: " + drop)
		}
		cfg = strings.Replace(cfg, drop, "", 1)
	}
	return cfg
}

// The server lists indexes in no fixed order: creating a collection with
// three of them and planning five times finds nothing to change.
func TestAccCollectionResource_indexOrder(t *testing.T) {
	acc := newAccTarget(t)
	cfg := threeIndexCollection(acc, testAccName("tf-acc-ixorder"))
	steps := []tfresource.TestStep{{Config: cfg}}
	for range 5 {
		steps = append(steps, tfresource.TestStep{
			Config:           cfg,
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		})
	}
	tfresource.ParallelTest(t, tfresource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// Field descriptions are never stored by the v2 create, and older servers
// drop the collection description as well: neither is a diff, an
// inconsistent result or a replacement. Changing a field description is an
// in-place change of state only.
func TestAccCollectionResource_descriptionsNotStored(t *testing.T) {
	for _, old := range []bool{false, true} {
		t.Run(fmt.Sprintf("old_server_%v", old), func(t *testing.T) {
			acc := newAccTarget(t, func(o *zillizmock.Options) { o.DropCollectionDescription = old })
			cluster := testAccName("tf-acc-desc")
			cfg := oneIndexCollection(acc, cluster)
			tfresource.ParallelTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []tfresource.TestStep{
					{
						Config: cfg,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("description"), knownvalue.StringExact("three indexes")),
							statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("field").AtSliceIndex(1).AtMapKey("description"), knownvalue.StringExact("a title")),
						},
						ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
					{
						Config: strings.Replace(cfg, `description = "a title"`, `description = "the title"`, 1),
						ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction("zilliz_collection.test", plancheck.ResourceActionUpdate),
						}},
					},
				},
			})
		})
	}
}

// ttl_seconds of 30 days is sent so that the server parses it (as a JSON
// number it would print as 2.592e+06 and be refused).
func TestAccCollectionResource_ttlThirtyDays(t *testing.T) {
	acc := newAccTarget(t)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: oneIndexCollection(acc, testAccName("tf-acc-ttl"), "  ttl_seconds = 2592000"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("ttl_seconds"), knownvalue.Int64Exact(2592000)),
			},
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

// Loading takes a while: with load = true the apply returns once the server
// reports the collection loaded.
func TestAccCollectionResource_waitsUntilLoaded(t *testing.T) {
	acc := newAccTarget(t, func(o *zillizmock.Options) { o.LoadDuration = 1500 * time.Millisecond })
	cluster := testAccName("tf-acc-load")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config: testAccCollectionConfig(acc, cluster, "loaded"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("load_state"), knownvalue.StringExact("LoadStateLoaded")),
				},
			},
			{
				Config: testAccCollectionConfig(acc, cluster, "loaded", "  load = false"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("load_state"), knownvalue.StringExact("LoadStateNotLoad")),
				},
			},
		},
	})
}

// A plan saved while the collection was loading and applied after it had
// loaded (the GitOps flow) gives no "inconsistent result". The mock's clock
// runs until the first apply is done, then is held: the collection is
// loading for the whole plan -out, and has loaded when the saved plan is
// applied, because the test moves the clock in between, whatever the time
// each Terraform command takes.
func TestCLI_savedPlanAcrossLoading(t *testing.T) {
	const loadDuration = 200 * time.Millisecond
	clock := &holdClock{}
	acc := newAccTarget(t, func(o *zillizmock.Options) { o.LoadDuration, o.Clock = loadDuration, clock })
	acc.requireMock(t)
	cluster := newMockCluster(t, acc, testAccName("tf-acc-saved"))
	waitRunning(t, acc, cluster.ClusterID)
	cfg := func(token string) string {
		return `
terraform {
  required_providers {
    zilliz = { source = "registry.terraform.io/vectorops/zilliz" }
  }
}
` + testAccLooseCollectionConfig(acc, cluster.ConnectAddress, "saved") + token
	}
	w := newCLIWorkspace(t, cfg(""))
	w.mustRun("apply", "-auto-approve")

	// A load starts out of band: the collection is loading when planned.
	clock.Hold()
	dp := mockDataPlane(t, acc, cluster.ConnectAddress)
	if err := dp.ReleaseCollection(t.Context(), "", "saved"); err != nil {
		t.Fatal(err)
	}
	if err := dp.LoadCollection(t.Context(), "", "saved"); err != nil {
		t.Fatal(err)
	}
	w.setConfig(strings.Replace(cfg(""), `dimension        = 4`, fmt.Sprintf("dimension        = 4\n  token = %q", acc.Mock.APIKey()), 1))
	out := w.mustRun("plan", "-out=tfplan")
	if !strings.Contains(out, "update in-place") {
		t.Fatalf("plan does not update in place:\n%s", out)
	}
	if !strings.Contains(out, zilliz.LoadStateLoading) {
		t.Fatalf("the plan does not show the load state it read, LoadStateLoading:\n%s", out)
	}
	if state, _, _ := dp.GetLoadState(t.Context(), "", "saved"); state != zilliz.LoadStateLoading {
		t.Fatalf("load state after the plan %s, want LoadStateLoading: the test did not hold the loading phase", state)
	}
	clock.Advance(loadDuration)
	if state, _, _ := dp.GetLoadState(t.Context(), "", "saved"); state != zilliz.LoadStateLoaded {
		t.Fatalf("load state once the phase has passed %s, want LoadStateLoaded", state)
	}
	if out, err := w.run("apply", "tfplan"); err != nil {
		t.Fatalf("applying the saved plan: %v\n%s", err, out)
	}
	clock.Run()
	w.mustRun("destroy", "-auto-approve")
}

// waitRunning waits until a mock cluster runs.
func waitRunning(t *testing.T, acc accTarget, id string) {
	t.Helper()
	client, err := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.WaitForClusterStatus(t.Context(), id, zilliz.WaitOptions{}, statusRunning); err != nil {
		t.Fatal(err)
	}
}

// mockDataPlane is a client for a mock cluster's endpoint.
func mockDataPlane(t *testing.T, acc accTarget, endpoint string) *zilliz.DataPlane {
	t.Helper()
	client, err := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	dp, err := client.DataPlane(endpoint, "")
	if err != nil {
		t.Fatal(err)
	}
	return dp
}

// A create answered HTTP 408 (the server's request timeout) may still have
// been carried out: it is checked and re-sent, never reported failed when it
// succeeded, and makes one collection.
func TestAccCollectionResource_createTimeout408(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := testAccName("tf-acc-408")
	cfg := oneIndexCollection(acc, cluster)
	var clusterID string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: testAccClusterConfig(acc, cluster, "Serverless")},
			{
				PreConfig: func() {
					acc.Mock.SetFaults(zillizmock.Faults{Rate408: 1, Count: 2, PathPrefix: "/v2/vectordb/collections/create"})
				},
				Config: cfg,
				Check: func(s *terraform.State) error {
					clusterID = s.RootModule().Resources["zilliz_cluster.test"].Primary.ID
					timeouts := 0
					for _, r := range acc.Mock.Requests() {
						if r.Path == "/v2/vectordb/collections/create" && r.HTTPStatus == 408 {
							timeouts++
						}
					}
					if timeouts == 0 {
						return fmt.Errorf("no create was answered 408: the test did not exercise it")
					}
					if got := acc.Mock.Collections(clusterID, "default"); len(got) != 1 {
						return fmt.Errorf("collections %v, want one", got)
					}
					return nil
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// A v2 create that made the collection and then failed (an index the server
// refuses) leaves a tainted resource, not an orphan, and does not tell the
// user to import it: the next apply replaces it.
func TestAccCollectionResource_failedAfterCreate(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := testAccName("tf-acc-partial")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config:      taintingConfig(acc, cluster, "L2"),
				ExpectError: errorMatching(`created the collection but then failed`),
			},
			{
				Config: taintingConfig(acc, cluster, "HAMMING"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("zilliz_collection.test", plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
		},
	})
}

// taintingConfig is a schema collection on a binary vector: the server
// creates it, then refuses an index metric that binary vectors do not have.
func taintingConfig(acc accTarget, cluster, metric string) string {
	return testAccClusterConfig(acc, cluster, "Serverless") + fmt.Sprintf(`
resource "zilliz_collection" "test" {
  cluster_endpoint = zilliz_cluster.test.connect_address
  name             = "partial"
  field {
    name       = "id"
    data_type  = "Int64"
    is_primary = true
  }
  field {
    name      = "bits"
    data_type = "BinaryVector"
    dim       = 16
  }
  index {
    field_name  = "bits"
    metric_type = %q
  }
}
`, metric)
}

// A live collection whose cluster_endpoint is spelled differently from its
// cluster's connect address survives a plan during a burst of 429s on its
// endpoint (the cluster is found and runs, so the read is retried), and its
// destroy drops it.
func TestAccCollectionResource_rateLimitedEndpointIsNotGone(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := newMockCluster(t, acc, testAccName("tf-acc-429"))
	waitRunning(t, acc, cluster.ClusterID)
	spelled := strings.ToUpper(cluster.ConnectAddress) + "/" // HTTP://127.0.0.1:PORT/
	cfg := testAccLooseCollectionConfig(acc, spelled, "busy")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesWith(fastRetries),
		CheckDestroy: func(*terraform.State) error {
			if got := acc.Mock.Collections(cluster.ClusterID, "default"); len(got) != 0 {
				return fmt.Errorf("collections left: %v", got)
			}
			return nil
		},
		Steps: []tfresource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					acc.Mock.SetFaults(zillizmock.Faults{Rate429: 1, Count: 4, PathPrefix: "/v1/vector/collections/describe"})
				},
				Config: cfg,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("zilliz_collection.test", plancheck.ResourceActionNoop),
				}},
				Check: func(*terraform.State) error {
					n := 0
					for _, r := range acc.Mock.Requests() {
						if r.Fault == "429" {
							n++
						}
					}
					if n != 4 {
						return fmt.Errorf("%d requests answered 429, want the burst of 4", n)
					}
					return nil
				},
			},
		},
	})
}

// A collection that uses its cluster's own username:password, refreshed with
// a provider key that cannot see that cluster while its endpoint answers
// 429: an empty cluster list is no proof that the cluster is gone, so the
// plan fails with the endpoint's error instead of planning a create.
func TestAccCollectionResource_unseenClusterIsNotGone(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	other := newAccTarget(t) // another account: its key sees none of acc's clusters
	client, err := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	created, err := client.CreateCluster(t.Context(), zilliz.CreateClusterRequest{Plan: "Serverless", ClusterName: testAccName("tf-acc-unseen"), ProjectID: acc.ProjectID, RegionID: acc.RegionID})
	if err != nil {
		t.Fatal(err)
	}
	waitRunning(t, acc, created.ClusterID)
	cluster, err := client.DescribeCluster(t.Context(), created.ClusterID)
	if err != nil {
		t.Fatal(err)
	}
	cfg := other.Provider + fmt.Sprintf(`
resource "zilliz_collection" "test" {
  cluster_endpoint = %q
  name             = "unseen"
  dimension        = 4
  token            = %q
}
`, cluster.ConnectAddress, created.Username+":"+created.Password)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesWith(fastRetries),
		Steps: []tfresource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					acc.Mock.SetFaults(zillizmock.Faults{Rate429: 1, PathPrefix: "/v1/vector/collections/describe"})
				},
				Config:      cfg,
				PlanOnly:    true,
				ExpectError: errorMatching(`Could not read collection unseen`),
			},
			{
				PreConfig: func() { acc.Mock.SetFaults(zillizmock.Faults{}) },
				Config:    cfg,
				PlanOnly:  true, // still in state: nothing to create
			},
		},
	})
}

// Import reads index types and build params back, so an imported schema
// collection whose configuration names them plans no replacement; field
// descriptions, which the server cannot return, are an in-place change of
// state only. After that apply the plan is empty.
func TestAccCollectionResource_importSchema(t *testing.T) {
	acc := newAccTarget(t)
	cluster := testAccName("tf-acc-imp")
	cfg := threeIndexCollection(acc, cluster)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: cfg},
			{
				// Forget it and adopt it again by an import block, then plan. (The
				// configuration lists the indexes in another order than the
				// schema's fields, which is the order an import gives them.)
				Config: testAccClusterConfig(acc, cluster, "Serverless") + `
removed {
  from = zilliz_collection.test
  lifecycle { destroy = false }
}
`,
			},
			{
				Config: cfg + `
import {
  to = zilliz_collection.test
  id = "${zilliz_cluster.test.connect_address}/databases/default/collections/three_indexes"
}
`,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("zilliz_collection.test", plancheck.ResourceActionUpdate),
				}},
			},
			{
				Config:           cfg,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// `field` and `index` blocks made by dynamic blocks over a value known only
// at apply validate and plan without error.
func TestAccCollectionResource_dynamicBlocksUnknownAtPlan(t *testing.T) {
	acc := newAccTarget(t)
	cluster := testAccName("tf-acc-dyn")
	cfg := testAccClusterConfig(acc, cluster, "Serverless") + `
locals {
  # Known only once the cluster exists.
  fields = zilliz_cluster.test.connect_address == "" ? [] : [
    { name = "id", type = "Int64", primary = true, dim = null },
    { name = "vec", type = "FloatVector", primary = false, dim = 8 },
  ]
}
resource "zilliz_collection" "test" {
  cluster_endpoint = zilliz_cluster.test.connect_address
  name             = "dynamic"
  dynamic "field" {
    for_each = local.fields
    content {
      name       = field.value.name
      data_type  = field.value.type
      is_primary = field.value.primary
      dim        = field.value.dim
    }
  }
  dynamic "index" {
    for_each = [for f in local.fields : f if f.dim != null]
    content {
      field_name  = index.value.name
      metric_type = "COSINE"
    }
  }
}
`
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("field"), knownvalue.ListSizeExact(2)),
			},
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

// An update (a load) honours timeouts.update: a load that takes longer than
// it (an hour) fails in time instead of waiting for the default.
func TestAccCollectionResource_updateTimeout(t *testing.T) {
	acc := newAccTarget(t, func(o *zillizmock.Options) { o.LoadDuration = time.Hour })
	acc.requireMock(t)
	cluster := testAccName("tf-acc-upd")
	cfg := func(load bool) string {
		return oneIndexCollection(acc, cluster, fmt.Sprintf("  load = %v\n  timeouts {\n    update = \"2s\"\n  }", load))
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: cfg(false)},
			{
				Config: cfg(true),
				// The deadline ends the wait either in the poll's pause or in
				// the rate limiter, which refuses a wait it cannot finish in
				// time; which one depends on the machine's speed.
				ExpectError: errorMatching(`Could not load collection three_indexes.*(context deadline exceeded|would exceed context deadline|after this operation's deadline)`),
			},
		},
	})
}

// A collection is recorded as soon as the create succeeds: a describe that
// then fails leaves a tainted resource (replaced by the next apply), never
// a collection Terraform does not know about.
func TestAccCollectionResource_recordedBeforeDescribe(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := testAccName("tf-acc-rec")
	cfg := oneIndexCollection(acc, cluster)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesWith(fastRetries),
		Steps: []tfresource.TestStep{
			{Config: testAccClusterConfig(acc, cluster, "Serverless")},
			{
				PreConfig: func() {
					acc.Mock.SetFaults(zillizmock.Faults{Rate5xx: 1, PathPrefix: "/v2/vectordb/collections/describe"})
				},
				Config:      cfg,
				ExpectError: errorMatching(`Could not read collection three_indexes after creating it`),
			},
			{
				PreConfig: func() { acc.Mock.SetFaults(zillizmock.Faults{}) },
				Config:    cfg,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("zilliz_collection.test", plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
		},
	})
}
