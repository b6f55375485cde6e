package provider

import (
	"fmt"
	"strings"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// Tests of cluster behaviour where the real service differs from what the
// docs suggest (issue 11). Each names the mock behaviour it relies on; the mock
// cites the source.

// requestsTo counts the mock's requests whose path starts with prefix (any method).
func requestsTo(m *zillizmock.Server, method, prefix string) int {
	n := 0
	for _, r := range m.Requests() {
		if r.Method == method && strings.HasPrefix(r.Path, prefix) {
			n++
		}
	}
	return n
}

// Item 4. The recorded describe answers carry neither replica nor labels (the
// mock's default). Replicas set by the provider stay as set (no perpetual diff),
// labels come from GET /v2/clusters/{id}/labels, also on import. With the newer
// docs' answer (DescribeReplicaAndLabels) the same holds and an import reads the
// replicas back too.
func TestAccClusterResource_describeWithoutReplicaAndLabels(t *testing.T) {
	for _, newer := range []bool{false, true} {
		t.Run(fmt.Sprintf("describe_with_replica_and_labels=%v", newer), func(t *testing.T) {
			acc := newAccTarget(t, func(o *zillizmock.Options) { o.DescribeReplicaAndLabels = newer })
			acc.requireMock(t)
			name := testAccName("tf-acc-norep")
			cfg := testAccClusterConfig(acc, name, "Enterprise", `cu_size = 8`, `replica = 2`, `labels = { team = "search" }`)
			importIgnore := []string{"password", "timeouts"}
			if !newer {
				// Documented: the describe answer has no replica, so an import takes 1.
				importIgnore = append(importIgnore, "replica")
			}
			tfresource.ParallelTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             checkClustersDropped(acc),
				Steps: []tfresource.TestStep{
					{
						Config: cfg,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("replica"), knownvalue.Int64Exact(2)),
							statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("labels").AtMapKey("team"), knownvalue.StringExact("search")),
						},
						ConfigPlanChecks: tfresource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{Config: cfg, PlanOnly: true}, // a second refresh: still nothing to do
					{
						ResourceName:            "zilliz_cluster.test",
						ImportState:             true,
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: importIgnore,
					},
				},
			})
			if !newer && requestsTo(acc.Mock, "GET", "/v2/clusters/") == 0 {
				t.Error("no describe calls logged")
			}
		})
	}
}

// Item 4, import without prior labels in state: the labels API is asked.
func TestAccClusterResource_importReadsLabels(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	name := testAccName("tf-acc-implbl")
	var id string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: testAccClusterConfig(acc, name, "Serverless", `labels = { env = "ci", team = "search" }`), Check: captureID(&id)},
			{
				ResourceName:            "zilliz_cluster.test",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"password", "timeouts"},
			},
		},
	})
}

// Item 5. CU sizes the plan does not offer are refused in the plan (the
// validation test lists them), and a size the plan offers passes to the mock,
// which refuses the others with 96023.
func TestAccClusterResource_cuSizeOfferedByPlan(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	name := testAccName("tf-acc-cu")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkClustersDropped(acc),
		Steps: []tfresource.TestStep{
			{
				Config: testAccClusterConfig(acc, name, "Enterprise", `cu_size = 96`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("cu_size"), knownvalue.Int64Exact(96)),
				},
			},
			{
				// Standard offers at most 32: refused before any modify call.
				Config:      testAccClusterConfig(acc, name, "Standard", `cu_size = 96`),
				ExpectError: errorMatching(`cu_size = 96 is not offered on the Standard plan. Allowed values: 1, 2, 4, 8, 12`),
			},
			{Config: testAccClusterConfig(acc, name, "Enterprise", `cu_size = 96`), PlanOnly: true},
		},
	})
	if n := requestsTo(acc.Mock, "POST", "/v2/clusters/createDedicated"); n != 1 {
		t.Errorf("%d create calls, want 1 (the refused size must not reach the API)", n)
	}
}

// Item 10. A valid key that cannot see the cluster (another project's key: the
// mock answers 80020 "does not exist or no permission" on describe and lists
// nothing) makes the plan fail with a message about the key; the cluster stays
// in state and is not planned for creation.
func TestAccClusterResource_keyWithoutAccessKeepsState(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	name := testAccName("tf-acc-key")
	otherKey := strings.Replace(acc.Provider, acc.Mock.APIKey(), acc.Mock.OtherProjectAPIKey(), 1)
	var id string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkClustersDropped(acc),
		Steps: []tfresource.TestStep{
			{Config: testAccClusterConfig(acc, name, "Serverless"), Check: captureID(&id)},
			{
				Config:      otherKey + strings.TrimPrefix(testAccClusterConfig(acc, name, "Serverless"), acc.Provider),
				PlanOnly:    true,
				ExpectError: errorMatching(`Could not read cluster in05-[0-9a-f]+.*code 80020.*does not exist and for one the API key may not see.*cluster was kept in state.*rotated or revoked, or a key of another project`),
			},
			{
				// Back on the right key: the same cluster, nothing to do.
				Config: testAccClusterConfig(acc, name, "Serverless"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(s *terraform.State) error {
					if got := s.RootModule().Resources["zilliz_cluster.test"].Primary.ID; got != id {
						return fmt.Errorf("state tracks %s, want the original %s", got, id)
					}
					if n := len(liveClusters(acc.Mock)); n != 1 {
						return fmt.Errorf("%d live clusters, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

// Item 12. A protected cluster with two collections: destroy fails in the plan,
// so no collection is dropped (the mock's log shows no drop call at all).
func TestAccClusterResource_deletionProtectionRefusesInPlan(t *testing.T) {
	acc := newAccTarget(t)
	name := testAccName("tf-acc-protplan")
	cfg := func(protect bool) string {
		return testAccClusterConfig(acc, name, "Serverless", fmt.Sprintf(`deletion_protection = %v`, protect)) + `
resource "zilliz_collection" "a" {
  cluster_endpoint = zilliz_cluster.test.connect_address
  name             = "protected_a"
  dimension        = 8
}
resource "zilliz_collection" "b" {
  cluster_endpoint = zilliz_cluster.test.connect_address
  name             = "protected_b"
  dimension        = 8
}
`
	}
	var id string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkClustersDropped(acc),
		Steps: []tfresource.TestStep{
			{Config: cfg(true), Check: captureID(&id)},
			{
				Config:      cfg(true),
				Destroy:     true,
				ExpectError: errorMatching(`Cluster in05-[0-9a-f]+ is protected from deletion.*nothing else was destroyed`),
			},
			{
				PreConfig: func() {
					if !acc.canReadMockLog("no collection or cluster drop call after a refused destroy") {
						return
					}
					if n := len(collectionDrops(acc.Mock)) + requestsTo(acc.Mock, "POST", "/v2/vectordb/collections/drop"); n != 0 {
						t.Errorf("the refused destroy sent %d collection drop calls, want 0", n)
					}
					if n := dropCalls(acc.Mock, id); n != 0 {
						t.Errorf("the refused destroy sent %d cluster drop calls, want 0", n)
					}
					if got := acc.Mock.Collections(id, "default"); len(got) != 2 {
						t.Errorf("collections after the refused destroy: %v, want both", got)
					}
				},
				// Unprotect; the test's own destroy then cleans up.
				Config: cfg(false),
			},
		},
	})
}

// Item 12, replacement: changing an argument that replaces a protected cluster
// fails in the plan too.
func TestAccClusterResource_deletionProtectionRefusesReplace(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	name := testAccName("tf-acc-protrep")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkClustersDropped(acc),
		Steps: []tfresource.TestStep{
			{Config: testAccClusterConfig(acc, name, "Serverless", `deletion_protection = true`)},
			{
				Config:      strings.Replace(testAccClusterConfig(acc, name, "Serverless", `deletion_protection = true`), acc.RegionID, "aws-us-west-2", 1),
				PlanOnly:    true,
				ExpectError: errorMatching(`protected from deletion.*Changing region_id replaces the cluster`),
			},
			{Config: testAccClusterConfig(acc, name, "Serverless", `deletion_protection = false`)},
		},
	})
}

// Item 15. Zilliz Cloud suspends an idle Free cluster by itself: the next plans
// are empty (status shows SUSPENDED; a warning says so), and a later change to
// the cluster resumes it first.
func TestAccClusterResource_autoSuspendedFree(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	name := testAccName("tf-acc-idle")
	var id string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkClustersDropped(acc),
		Steps: []tfresource.TestStep{
			{Config: testAccClusterConfig(acc, name, "Free"), Check: captureID(&id)},
			{
				PreConfig: func() {
					if err := acc.Mock.AutoSuspend(id); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccClusterConfig(acc, name, "Free"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("status"), knownvalue.StringExact("SUSPENDED")),
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("desired_status"), knownvalue.StringExact("RUNNING")),
				},
			},
			{Config: testAccClusterConfig(acc, name, "Free"), PlanOnly: true},
			{
				// Any change resumes it first.
				Config: testAccClusterConfig(acc, name, "Free", `labels = { team = "search" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("status"), knownvalue.StringExact("RUNNING")),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
	if n := countRequests(acc.Mock, "POST", "/v2/clusters/"+id+"/resume"); n != 1 {
		t.Errorf("%d resume calls, want 1 (only the apply that changed the cluster)", n)
	}
}

// Labels the service adds itself (mock SystemLabels, inferred) never end in
// "inconsistent result" or a perpetual diff, whether describe reports labels or not.
func TestAccClusterResource_serviceAddedLabels(t *testing.T) {
	for _, newer := range []bool{false, true} {
		t.Run(fmt.Sprintf("describe_with_replica_and_labels=%v", newer), func(t *testing.T) {
			acc := newAccTarget(t, func(o *zillizmock.Options) {
				o.SystemLabels = map[string]string{"zilliz-managed": "true"}
				o.DescribeReplicaAndLabels = newer
			})
			acc.requireMock(t)
			name := testAccName("tf-acc-syslbl")
			tfresource.ParallelTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             checkClustersDropped(acc),
				Steps: []tfresource.TestStep{
					{
						Config: testAccClusterConfig(acc, name, "Standard", `labels = { team = "search" }`),
						ConfigPlanChecks: tfresource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{
						Config: testAccClusterConfig(acc, name, "Standard"),
						ConfigPlanChecks: tfresource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{Config: testAccClusterConfig(acc, name, "Standard", `labels = {}`)},
				},
			})
		})
	}
}

// Item 10, the other side: if the service answers 80020 also for a cluster that
// is really gone (mock MissingClusterAmbiguous; which code the live API uses is
// not recorded), the key can see the project and its list lacks the cluster, so
// the provider takes it as gone: drift re-creates it, and destroy of a gone
// cluster succeeds.
func TestAccClusterResource_goneWithAmbiguousCode(t *testing.T) {
	acc := newAccTarget(t, func(o *zillizmock.Options) { o.MissingClusterAmbiguous = true })
	acc.requireMock(t)
	name := testAccName("tf-acc-gone80020")
	var id string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: testAccClusterConfig(acc, name, "Serverless"), Check: captureID(&id)},
			{
				PreConfig: func() {
					if err := acc.Mock.DropClusterNow(id); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccClusterConfig(acc, name, "Serverless"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster.test", plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}
