package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// aliasPoller describes an alias over and over, as an application reading
// through it would, and remembers every answer that was not a success. It
// shows what a reader sees; the proof that there was never an instant without
// a target is the mock's AliasTargets (watchRetarget and retargetWatch.check), which does not depend
// on when the poller happened to look.
type aliasPoller struct {
	stop    chan struct{}
	done    sync.WaitGroup
	mu      sync.Mutex
	polls   int
	targets map[string]int // collection → answers naming it
	misses  []string       // answers that were not a success
}

// startAliasPoller polls POST {endpoint}/v2/vectordb/aliases/describe with
// the mock's key, pausing 2 ms between polls, until stop is called.
func startAliasPoller(t *testing.T, acc accTarget, endpoint, database, alias string) *aliasPoller {
	t.Helper()
	p := &aliasPoller{stop: make(chan struct{}), targets: map[string]int{}}
	body, _ := json.Marshal(map[string]string{"dbName": database, "aliasName": alias})
	client := &http.Client{Timeout: time.Minute} // generous: a busy machine answers late, not wrongly
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		for {
			select {
			case <-p.stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
			req, _ := http.NewRequest(http.MethodPost, endpoint+"/v2/vectordb/aliases/describe", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+acc.Mock.APIKey())
			req.Header.Set("Content-Type", "application/json")
			res, err := client.Do(req)
			var out struct {
				Code    int    `json:"code"`
				Message string `json:"message"`
				Data    struct {
					CollectionName string `json:"collectionName"`
				} `json:"data"`
			}
			if err == nil {
				err = json.NewDecoder(res.Body).Decode(&out)
				_ = res.Body.Close()
			}
			p.mu.Lock()
			p.polls++
			switch {
			case err != nil:
				p.misses = append(p.misses, err.Error())
			case out.Code != 0:
				p.misses = append(p.misses, fmt.Sprintf("code %d: %s", out.Code, out.Message))
			default:
				p.targets[out.Data.CollectionName]++
			}
			p.mu.Unlock()
		}
	}()
	t.Cleanup(p.halt)
	return p
}

func (p *aliasPoller) halt() {
	select {
	case <-p.stop:
	default:
		close(p.stop)
	}
	p.done.Wait()
}

// waitSeen waits until the poller has had an answer naming target: an event,
// bounded only by a generous minute that fails loudly.
func (p *aliasPoller) waitSeen(target string) error {
	deadline := time.Now().Add(time.Minute)
	for {
		p.mu.Lock()
		seen, polls := p.targets[target], p.polls
		p.mu.Unlock()
		if seen > 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the alias poller saw no answer naming %s in a minute (%d polls)", target, polls)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// check waits until the poller has seen the new target, stops it, and fails
// unless every answer named the alias and both collections were seen (the
// poller really ran across the retarget: it saw from before the apply).
func (p *aliasPoller) check(from, to string) error {
	err := p.waitSeen(to)
	p.halt()
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.misses) > 0 {
		return fmt.Errorf("%d of %d describes of the alias failed during the apply, first: %s", len(p.misses), p.polls, p.misses[0])
	}
	if p.targets[from] == 0 || p.targets[to] == 0 {
		return fmt.Errorf("the poller saw %v in %d polls; want answers naming both %s and %s", p.targets, p.polls, from, to)
	}
	return nil
}

// retargetWatch proves, from the mock's record of the alias's targets, that
// an apply moved an alias from one collection to another with nothing in
// between: never an instant without a target, however fast or slow the run.
type retargetWatch struct {
	acc                       accTarget
	clusterID, database, name string
	before                    int // targets recorded before the apply
}

func watchRetarget(acc accTarget, clusterID, database, alias string) *retargetWatch {
	return &retargetWatch{acc: acc, clusterID: clusterID, database: database, name: alias,
		before: len(acc.Mock.AliasTargets(clusterID, database, alias))}
}

func (w *retargetWatch) check(from, to string) error {
	all := w.acc.Mock.AliasTargets(w.clusterID, w.database, w.name)
	if w.before == 0 || len(all) < w.before || all[w.before-1] != from {
		return fmt.Errorf("alias %s targets %q: want %s as the last one before the apply", w.name, all, from)
	}
	if during := all[w.before:]; len(during) != 1 || during[0] != to {
		return fmt.Errorf("alias %s went through %q during the apply, want %s alone (no \"\": it was never missing)", w.name, during, to)
	}
	return nil
}

// testAccAliasConfig is two collections on an endpoint and an alias "test"
// of the one named target.
func testAccAliasConfig(acc accTarget, endpoint, alias, target string) string {
	return acc.Provider + fmt.Sprintf(`
resource "zilliz_collection" "v1" {
  cluster_endpoint = %[1]q
  name             = "articles_v1"
  dimension        = 4
}

resource "zilliz_collection" "v2" {
  cluster_endpoint = %[1]q
  name             = "articles_v2"
  dimension        = 4
}

resource "zilliz_collection_alias" "test" {
  cluster_endpoint = %[1]q
  name             = %[2]q
  collection_name  = zilliz_collection.%[3]s.name
}
`, endpoint, alias, target)
}

// aliasCalls counts the mock's calls to an aliases/<action> route.
func aliasCalls(acc accTarget, action string) int {
	return countRequests(acc.Mock, http.MethodPost, "/v2/vectordb/aliases/"+action)
}

func TestAccCollectionAliasResource_lifecycle(t *testing.T) {
	acc := newAccTarget(t)
	clusterID, endpoint := runningMockCluster(t, acc)
	var (
		poller *aliasPoller
		watch  *retargetWatch
	)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if got := acc.Mock.Aliases(clusterID, "default"); len(got) != 0 {
				return fmt.Errorf("aliases after destroy: %v", got)
			}
			if got := acc.Mock.Collections(clusterID, "default"); len(got) != 0 {
				return fmt.Errorf("collections after destroy: %v", got)
			}
			return nil
		},
		Steps: []tfresource.TestStep{
			{
				Config: testAccAliasConfig(acc, endpoint, "articles", "v1"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_collection_alias.test", tfjsonpath.New("id"), knownvalue.StringExact(endpoint+"/databases/default/aliases/articles")),
					statecheck.ExpectKnownValue("zilliz_collection_alias.test", tfjsonpath.New("database"), knownvalue.StringExact("default")),
					statecheck.ExpectKnownValue("zilliz_collection_alias.test", tfjsonpath.New("collection_name"), knownvalue.StringExact("articles_v1")),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				ResourceName:            "zilliz_collection_alias.test",
				ImportState:             true,
				ImportStateId:           endpoint + "/databases/default/aliases/articles",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"token"},
			},
			{
				// Retarget: one alter, in place. The alias is never missing
				// (the mock's record of its targets), and a reader polling it
				// from before the apply until it sees the new target never
				// gets an error.
				PreConfig: func() {
					acc.Mock.ResetRequests()
					watch = watchRetarget(acc, clusterID, "default", "articles")
					poller = startAliasPoller(t, acc, endpoint, "default", "articles")
					if err := poller.waitSeen("articles_v1"); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccAliasConfig(acc, endpoint, "articles", "v2"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_collection_alias.test", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if err := watch.check("articles_v1", "articles_v2"); err != nil {
						return err
					}
					if err := poller.check("articles_v1", "articles_v2"); err != nil {
						return err
					}
					if a, d, c := aliasCalls(acc, "alter"), aliasCalls(acc, "drop"), aliasCalls(acc, "create"); a != 1 || d != 0 || c != 0 {
						return fmt.Errorf("alias calls during the retarget: %d alter, %d drop, %d create; want 1 alter only", a, d, c)
					}
					if got := acc.Mock.Aliases(clusterID, "default"); got["articles"] != "articles_v2" {
						return fmt.Errorf("aliases on the cluster: %v", got)
					}
					return nil
				},
			},
			{
				// Drift: retargeted out of band → the plan puts it back in place.
				PreConfig: func() {
					if err := acc.Mock.SetAliasNow(clusterID, "default", "articles", "articles_v1"); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccAliasConfig(acc, endpoint, "articles", "v2"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("zilliz_collection_alias.test", plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue("zilliz_collection_alias.test", tfjsonpath.New("collection_name"), knownvalue.StringExact("articles_v2")),
					},
				},
			},
			{
				// Drift: dropped out of band → the plan re-creates it.
				PreConfig: func() {
					if err := acc.Mock.SetAliasNow(clusterID, "default", "articles", ""); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccAliasConfig(acc, endpoint, "articles", "v2"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_collection_alias.test", plancheck.ResourceActionCreate)},
				},
			},
			{
				// A new name replaces the alias.
				Config: testAccAliasConfig(acc, endpoint, "latest", "v2"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_collection_alias.test", plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: func(*terraform.State) error {
					if got := acc.Mock.Aliases(clusterID, "default"); len(got) != 1 || got["latest"] != "articles_v2" {
						return fmt.Errorf("aliases on the cluster: %v", got)
					}
					return nil
				},
			},
		},
	})
}

// The cluster's refusals reach the user with its code and message.
func TestAccCollectionAliasResource_serverErrors(t *testing.T) {
	acc := newAccTarget(t)
	_, endpoint := runningMockCluster(t, acc)
	missing := acc.Provider + fmt.Sprintf(`
resource "zilliz_collection_alias" "test" {
  cluster_endpoint = %q
  name             = "articles"
  collection_name  = "nope"
}
`, endpoint)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: missing, ExpectError: errorMatching(`Could not create alias articles.*code 100.*collection not found`)},
			{
				// An alias named like another collection of the database.
				Config:      testAccAliasConfig(acc, endpoint, "articles_v2", "v1"),
				ExpectError: errorMatching(`Could not create alias articles_v2.*code 1601.*alias and collection name conflict`),
			},
		},
	})
}

// Destroying a collection that an alias (unknown to Terraform) still names
// fails as on Milvus, and the collection stays.
func TestAccCollectionAliasResource_collectionWithAliasNotDropped(t *testing.T) {
	acc := newAccTarget(t)
	clusterID, endpoint := runningMockCluster(t, acc)
	config := testAccLooseCollectionConfig(acc, endpoint, "kept")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config: config,
				Check: func(*terraform.State) error {
					return mockDataPlane(t, acc, endpoint).CreateAlias(t.Context(), "", "kept_alias", "kept")
				},
			},
			{
				Config:      config,
				Destroy:     true,
				ExpectError: errorMatching(`Could not drop collection kept.*because it has associated aliases \[kept_alias\]`),
			},
			{
				PreConfig: func() {
					if err := acc.Mock.SetAliasNow(clusterID, "default", "kept_alias", ""); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
			},
		},
	})
}

func TestAccCollectionAliasResource_validation(t *testing.T) {
	acc := newAccTarget(t)
	const endpoint = "https://in01-0123456789abcde.gcp-us-west1.vectordb.zillizcloud.com:443"
	alias := func(name, collection, extra string) string {
		return acc.Provider + fmt.Sprintf(`
resource "zilliz_collection_alias" "test" {
  cluster_endpoint = %q
  name             = %q
  collection_name  = %q
  %s
}
`, endpoint, name, collection, extra)
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: alias("9articles", "a", ""), PlanOnly: true, ExpectError: errorMatching(`must start with a letter or an underscore`)},
			{Config: alias("art-icles", "a", ""), PlanOnly: true, ExpectError: errorMatching(`contain only letters, digits and underscores`)},
			{Config: alias(strings.Repeat("a", 256), "a", ""), PlanOnly: true, ExpectError: errorMatching(`string length must be between 1 and 255`)},
			{Config: alias("articles", "bad name", ""), PlanOnly: true, ExpectError: errorMatching(`collection_name.*contain only letters, digits and underscores`)},
			{Config: alias("articles", "a", `database = "my-db"`), PlanOnly: true, ExpectError: errorMatching(`database.*contain only letters, digits and underscores`)},
			{Config: alias("articles", "articles", ""), PlanOnly: true, ExpectError: errorMatching(`Alias named like its collection`)},
			{Config: alias("articles", "a", `token = ""`), PlanOnly: true, ExpectError: errorMatching(`Empty token`)},
			{
				Config: alias("articles", "a", "") + `
import {
  to = zilliz_collection_alias.test
  id = "https://x.example.com/databases/default/collections/articles"
}
`,
				PlanOnly:    true,
				ExpectError: errorMatching(`is not an alias id. Use <cluster endpoint>/databases/<database>/aliases/<name>`),
			},
		},
	})
}

func TestAccDatabaseAndAliasDataSources(t *testing.T) {
	acc := newAccTarget(t)
	_, endpoint := runningMockCluster(t, acc)
	dp := mockDataPlane(t, acc, endpoint)
	for _, db := range []string{"tenant_x", "tenant_y"} {
		if err := dp.CreateDatabase(t.Context(), db, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []string{"a", "b"} {
		if err := dp.CreateCollection(t.Context(), zilliz.CreateCollectionRequest{Database: "tenant_x", CollectionName: c, Dimension: 4}); err != nil {
			t.Fatal(err)
		}
	}
	for alias, c := range map[string]string{"a_live": "a", "a_old": "a", "b_live": "b"} {
		if err := dp.CreateAlias(t.Context(), "tenant_x", alias, c); err != nil {
			t.Fatal(err)
		}
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: acc.Provider + fmt.Sprintf(`
data "zilliz_databases" "all" {
  cluster_endpoint = %[1]q
}

data "zilliz_collection_aliases" "db" {
  cluster_endpoint = %[1]q
  database         = "tenant_x"
}

data "zilliz_collection_aliases" "a" {
  cluster_endpoint = %[1]q
  database         = "tenant_x"
  collection_name  = "a"
}
`, endpoint),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.zilliz_databases.all", tfjsonpath.New("names"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("default"), knownvalue.StringExact("tenant_x"), knownvalue.StringExact("tenant_y"),
				})),
				statecheck.ExpectKnownValue("data.zilliz_collection_aliases.db", tfjsonpath.New("names"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("a_live"), knownvalue.StringExact("a_old"), knownvalue.StringExact("b_live"),
				})),
				statecheck.ExpectKnownValue("data.zilliz_collection_aliases.db", tfjsonpath.New("collections"), knownvalue.MapExact(map[string]knownvalue.Check{
					"a_live": knownvalue.StringExact("a"), "a_old": knownvalue.StringExact("a"), "b_live": knownvalue.StringExact("b"),
				})),
				statecheck.ExpectKnownValue("data.zilliz_collection_aliases.a", tfjsonpath.New("names"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("a_live"), knownvalue.StringExact("a_old"),
				})),
			},
		}, {
			Config: acc.Provider + fmt.Sprintf(`
data "zilliz_collection_aliases" "missing" {
  cluster_endpoint = %q
  database         = "no_such_db"
}
`, endpoint),
			ExpectError: regexp.MustCompile(`code 800`),
		}},
	})
}
