package provider

import (
	"fmt"
	"net/http"
	"reflect"
	"regexp"
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

// runningMockCluster creates a Serverless cluster outside Terraform, waits
// until it serves, and returns its id and endpoint.
func runningMockCluster(t *testing.T, acc accTarget) (id, endpoint string) {
	t.Helper()
	acc.requireMock(t)
	c := newMockCluster(t, acc, testAccName("tf-acc-db"))
	client, err := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	running, err := client.WaitForClusterStatus(t.Context(), c.ClusterID, zilliz.WaitOptions{}, statusRunning)
	if err != nil {
		t.Fatal(err)
	}
	return running.ClusterID, running.ConnectAddress
}

// testAccDatabaseConfig is one zilliz_database "test"; properties are HCL map
// entries ("" for none).
func testAccDatabaseConfig(acc accTarget, endpoint, name, properties string) string {
	props := ""
	if properties != "" {
		props = "  properties = {\n" + properties + "\n  }\n"
	}
	return acc.Provider + fmt.Sprintf(`
resource "zilliz_database" "test" {
  cluster_endpoint = %q
  name             = %q
%s}
`, endpoint, name, props)
}

// requestIndex is the position in the mock's log of the first request to
// path whose body named target as database or collection; -1 if none.
func requestIndex(acc accTarget, path, database, collection string) int {
	for i, r := range acc.Mock.Requests() {
		if r.Method == http.MethodPost && r.Path == path && (database == "" || r.Database == database) && (collection == "" || r.Collection == collection) {
			return i
		}
	}
	return -1
}

func checkMockProperties(acc accTarget, clusterID *string, db string, want map[string]string) tfresource.TestCheckFunc {
	return func(*terraform.State) error {
		got := acc.Mock.DatabaseProperties(*clusterID, db)
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("properties on the cluster: %v, want %v", got, want)
		}
		return nil
	}
}

func TestAccDatabaseResource_lifecycle(t *testing.T) {
	acc := newAccTarget(t)
	clusterID, endpoint := runningMockCluster(t, acc)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if got := acc.Mock.Databases(clusterID); !reflect.DeepEqual(got, []string{"default"}) {
				return fmt.Errorf("databases after destroy: %v", got)
			}
			if requestIndex(acc, "/v2/vectordb/databases/drop", "tenant_a", "") < 0 {
				return fmt.Errorf("no databases/drop call in the log")
			}
			return nil
		},
		Steps: []tfresource.TestStep{
			{
				Config: testAccDatabaseConfig(acc, endpoint, "tenant_a", `    "database.replica.number"     = "2"
    "database.force.deny.writing" = "false"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_database.test", tfjsonpath.New("id"), knownvalue.StringExact(endpoint+"/databases/tenant_a")),
					statecheck.ExpectKnownValue("zilliz_database.test", tfjsonpath.New("properties"), knownvalue.MapExact(map[string]knownvalue.Check{
						"database.replica.number":     knownvalue.StringExact("2"),
						"database.force.deny.writing": knownvalue.StringExact("false"),
					})),
				},
				Check: checkMockProperties(acc, &clusterID, "tenant_a", map[string]string{"database.replica.number": "2", "database.force.deny.writing": "false"}),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				ResourceName:            "zilliz_database.test",
				ImportState:             true,
				ImportStateId:           endpoint + "/databases/tenant_a",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"token"},
			},
			{
				// Properties change in place: one changed, one removed, one added.
				Config: testAccDatabaseConfig(acc, endpoint, "tenant_a", `    "database.replica.number"  = "3"
    "database.max.collections" = "10"`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_database.test", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: tfresource.ComposeTestCheckFunc(
					checkMockProperties(acc, &clusterID, "tenant_a", map[string]string{"database.replica.number": "3", "database.max.collections": "10"}),
					func(*terraform.State) error {
						if requestIndex(acc, "/v2/vectordb/databases/alter", "tenant_a", "") < 0 || requestIndex(acc, "/v2/vectordb/databases/drop_properties", "tenant_a", "") < 0 {
							return fmt.Errorf("want an alter and a drop_properties call")
						}
						if n := countRequests(acc.Mock, http.MethodPost, "/v2/vectordb/databases/create"); n != 1 {
							return fmt.Errorf("%d creates: a property change must not re-create the database", n)
						}
						return nil
					},
				),
			},
			{
				// Dropping every property leaves none on the server.
				Config:           testAccDatabaseConfig(acc, endpoint, "tenant_a", ""),
				Check:            checkMockProperties(acc, &clusterID, "tenant_a", map[string]string{}),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Drift: dropped out of band → the next plan re-creates it.
				PreConfig: func() {
					if err := acc.Mock.DropDatabaseNow(clusterID, "tenant_a"); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccDatabaseConfig(acc, endpoint, "tenant_a", ""),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_database.test", plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// A collection in a managed database: one apply creates the database first,
// destroy drops the collection before the database.
func TestAccDatabaseResource_withCollection(t *testing.T) {
	acc := newAccTarget(t)
	clusterID, endpoint := runningMockCluster(t, acc)
	config := testAccDatabaseConfig(acc, endpoint, "tenant_b", "") + fmt.Sprintf(`
resource "zilliz_collection" "test" {
  cluster_endpoint = %q
  database         = zilliz_database.test.name
  name             = "docs"
  dimension        = 4
}
`, endpoint)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			collectionDrop := requestIndex(acc, "/v1/vector/collections/drop", "tenant_b", "docs")
			databaseDrop := requestIndex(acc, "/v2/vectordb/databases/drop", "tenant_b", "")
			if collectionDrop < 0 || databaseDrop < 0 || collectionDrop > databaseDrop {
				return fmt.Errorf("collection drop at request %d, database drop at %d: want the collection first", collectionDrop, databaseDrop)
			}
			if got := acc.Mock.Databases(clusterID); !reflect.DeepEqual(got, []string{"default"}) {
				return fmt.Errorf("databases after destroy: %v", got)
			}
			return nil
		},
		Steps: []tfresource.TestStep{{
			Config: config,
			Check: func(*terraform.State) error {
				if got := acc.Mock.Collections(clusterID, "tenant_b"); !reflect.DeepEqual(got, []string{"docs"}) {
					return fmt.Errorf("collections in tenant_b: %v", got)
				}
				if got := acc.Mock.Collections(clusterID, "default"); len(got) != 0 {
					return fmt.Errorf("collections in default: %v", got)
				}
				return nil
			},
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

// A database that holds a collection Terraform does not manage is not
// dropped, and the error names the collection; nothing is dropped implicitly.
func TestAccDatabaseResource_notEmptyOnDestroy(t *testing.T) {
	acc := newAccTarget(t)
	clusterID, endpoint := runningMockCluster(t, acc)
	config := testAccDatabaseConfig(acc, endpoint, "tenant_c", "")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config: config,
				Check: func(*terraform.State) error {
					return mockDataPlane(t, acc, endpoint).CreateCollection(t.Context(), zilliz.CreateCollectionRequest{Database: "tenant_c", CollectionName: "orphan", Dimension: 4})
				},
			},
			{
				Config:      config,
				Destroy:     true,
				ExpectError: errorMatching(`Could not drop database tenant_c.*still holds 1 collection\(s\): orphan.*never drops collections implicitly`),
			},
			{
				// The collection is still there; once it is gone, destroy works.
				PreConfig: func() {
					if got := acc.Mock.Collections(clusterID, "tenant_c"); !reflect.DeepEqual(got, []string{"orphan"}) {
						t.Fatalf("collections after the failed destroy: %v", got)
					}
					if err := acc.Mock.DropCollectionNow(clusterID, "tenant_c", "orphan"); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

func TestAccDatabaseResource_validation(t *testing.T) {
	acc := newAccTarget(t)
	const endpoint = "https://in01-0123456789abcde.gcp-us-west1.vectordb.zillizcloud.com:443"
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: testAccDatabaseConfig(acc, endpoint, "default", ""), PlanOnly: true, ExpectError: errorMatching(`The default database cannot be managed`)},
			{Config: testAccDatabaseConfig(acc, endpoint, "1tenant", ""), PlanOnly: true, ExpectError: errorMatching(`must start with a letter or an underscore`)},
			{Config: testAccDatabaseConfig(acc, endpoint, "tenant-a", ""), PlanOnly: true, ExpectError: errorMatching(`contain only letters, digits and underscores`)},
			{Config: testAccDatabaseConfig(acc, endpoint, strings.Repeat("a", 256), ""), PlanOnly: true, ExpectError: errorMatching(`string length must be between 1 and 255`)},
			{Config: testAccDatabaseConfig(acc, endpoint, "t", `"database.replicas" = "2"`), PlanOnly: true, ExpectError: errorMatching(`"database.replicas" is not a database property. Use one of: database.diskQuota.mb,`)},
			{Config: testAccDatabaseConfig(acc, endpoint, "t", `"database.replica.number" = "0"`), PlanOnly: true, ExpectError: errorMatching(`database.replica.number is "0"; it must be a whole number of replicas, at least 1`)},
			{Config: testAccDatabaseConfig(acc, endpoint, "t", `"database.force.deny.reading" = "yes"`), PlanOnly: true, ExpectError: errorMatching(`it must be true or false`)},
			{Config: testAccDatabaseConfig(acc, endpoint, "t", `"database.max.collections" = "many"`), PlanOnly: true, ExpectError: errorMatching(`database.max.collections is "many"`)},
			{Config: testAccDatabaseConfig(acc, "http://db.example.com", "t", ""), PlanOnly: true, ExpectError: regexp.MustCompile(`Invalid URL`)},
			{
				Config: testAccDatabaseConfig(acc, endpoint, "t", "") + `
import {
  to = zilliz_database.test
  id = "https://in01-0123456789abcde.gcp-us-west1.vectordb.zillizcloud.com:443/databases/default"
}
`,
				PlanOnly:    true,
				ExpectError: errorMatching(`it cannot be imported as a zilliz_database`),
			},
			{
				Config: testAccDatabaseConfig(acc, endpoint, "t", "") + `
import {
  to = zilliz_database.test
  id = "tenant_a"
}
`,
				PlanOnly:    true,
				ExpectError: errorMatching(`is not a database id. Use <cluster endpoint>/databases/<name>`),
			},
		},
	})
}

// The examples of databases and aliases use the cluster of the cluster
// examples (TestDocs validates them together).
func init() {
	for dir, needs := range map[string]string{
		"resources/zilliz_database":              "resources/zilliz_cluster",
		"resources/zilliz_collection_alias":      "resources/zilliz_cluster",
		"data-sources/zilliz_databases":          "data-sources/zilliz_cluster",
		"data-sources/zilliz_collection_aliases": "data-sources/zilliz_cluster",
	} {
		exampleNeeds[dir] = append(exampleNeeds[dir], needs)
	}
}

// A database and an alias whose cluster was dropped leave state at the next
// refresh (the plan offers to create them again), and destroying them is no
// error: the endpoint that no longer answers is not waited out.
func TestAccDatabaseResource_clusterGone(t *testing.T) {
	acc := newAccTarget(t)
	clusterID, endpoint := runningMockCluster(t, acc)
	cfg := testAccDatabaseConfig(acc, endpoint, "tenant_gone", "") + fmt.Sprintf(`
resource "zilliz_collection" "test" {
  cluster_endpoint = %[1]q
  name             = "c"
  dimension        = 4
}

resource "zilliz_collection_alias" "test" {
  cluster_endpoint = %[1]q
  name             = "live"
  collection_name  = zilliz_collection.test.name
}
`, endpoint)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					if err := acc.Mock.DropClusterNow(clusterID); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("zilliz_database.test", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("zilliz_collection_alias.test", plancheck.ResourceActionCreate),
					},
				},
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// A database whose describe fails right after the create is recorded (tainted),
// not forgotten: the next apply replaces it instead of failing on "database
// already exist" for a database Terraform made itself.
func TestAccDatabaseResource_recordedBeforeDescribe(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	clusterID, endpoint := runningMockCluster(t, acc)
	noRetries := acc
	noRetries.Provider = fmt.Sprintf(`provider "zilliz" {
  base_url    = %q
  api_key     = %q
  max_retries = 0
}
`, acc.Mock.URL(), acc.Mock.APIKey())
	config := testAccDatabaseConfig(noRetries, endpoint, "tenant_rec", "")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				PreConfig: func() {
					acc.Mock.SetFaults(zillizmock.Faults{Rate5xx: 1, PathPrefix: "/v2/vectordb/databases/describe"})
				},
				Config:      config,
				ExpectError: errorMatching(`Could not read database tenant_rec after creating it`),
			},
			{
				PreConfig: func() { acc.Mock.SetFaults(zillizmock.Faults{}) },
				Config:    config,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_database.test", plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: func(*terraform.State) error {
					if dbs := acc.Mock.Databases(clusterID); !slices.Contains(dbs, "tenant_rec") {
						return fmt.Errorf("databases %v, want tenant_rec", dbs)
					}
					return nil
				},
			},
		},
	})
}
