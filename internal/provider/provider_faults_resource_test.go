package provider

import (
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// fastRetries keeps fault tests quick: millisecond backoff, many retries.
func fastRetries(c *zilliz.Config) {
	c.RetryWaitMin = 2 * time.Millisecond
	c.RetryWaitMax = 20 * time.Millisecond
	c.MaxRetries = 25
	c.RequestsPerSecond = -1
	c.MinPacedRate = 500 // a refusal the mock injects costs milliseconds, as the backoff does
}

// testAccFleetConfig is n Serverless clusters and m collections spread over them.
func testAccFleetConfig(acc accTarget, prefix string, clusters, collections int) string {
	return acc.Provider + fmt.Sprintf(`
resource "zilliz_cluster" "c" {
  count      = %d
  project_id = %q
  region_id  = %q
  name       = "%s-${count.index}"
  plan       = "Serverless"
}

resource "zilliz_collection" "k" {
  count            = %d
  cluster_endpoint = zilliz_cluster.c[count.index %% %d].connect_address
  name             = "coll_${count.index}"
  dimension        = 4
}
`, clusters, acc.ProjectID, acc.RegionID, prefix, collections, clusters)
}

// liveClusters are the mock's clusters that are not dropped.
func liveClusters(m *zillizmock.Server) []zillizmock.Cluster {
	var out []zillizmock.Cluster
	for _, c := range m.Clusters() {
		if c.Status != zillizmock.StatusDeleted {
			out = append(out, c)
		}
	}
	return out
}

// checkFleet asks the mock for exactly the clusters and collections of
// testAccFleetConfig: none missing, none twice.
func checkFleet(m *zillizmock.Server, prefix string, clusters, collections int) tfresource.TestCheckFunc {
	return func(*terraform.State) error {
		live := liveClusters(m)
		var names []string
		total := 0
		for _, c := range live {
			names = append(names, c.ClusterName)
			total += len(m.Collections(c.ClusterID, "default"))
		}
		sort.Strings(names)
		var want []string
		for i := 0; i < clusters; i++ {
			want = append(want, fmt.Sprintf("%s-%d", prefix, i))
		}
		sort.Strings(want)
		if strings.Join(names, ",") != strings.Join(want, ",") {
			return fmt.Errorf("mock clusters %v, want exactly %v", names, want)
		}
		if total != collections {
			return fmt.Errorf("mock holds %d collections, want %d", total, collections)
		}
		return nil
	}
}

func checkNothingLeft(m *zillizmock.Server) func(*terraform.State) error {
	return func(*terraform.State) error {
		if live := liveClusters(m); len(live) != 0 {
			return fmt.Errorf("clusters left after destroy: %+v", live)
		}
		return nil
	}
}

// With 30% of requests rate limited (429 + Retry-After) and 10% answered 503, a
// fleet is created, re-planned and destroyed with nothing lost and nothing doubled.
func TestAccReliability_rateLimitsAndServerErrors(t *testing.T) {
	acc := newAccTarget(t, func(o *zillizmock.Options) {
		o.Faults = zillizmock.Faults{Rate429: 0.3, RetryAfter: 0, Rate5xx: 0.1}
	})
	acc.requireMock(t)
	cfg := testAccFleetConfig(acc, "faulty", 3, 20)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesWith(fastRetries),
		CheckDestroy:             checkNothingLeft(acc.Mock),
		Steps: []tfresource.TestStep{{
			Config: cfg,
			Check: tfresource.ComposeTestCheckFunc(checkFleet(acc.Mock, "faulty", 3, 20), func(*terraform.State) error {
				faulted := 0
				for _, r := range acc.Mock.Requests() {
					if r.Fault == "429" || r.Fault == "503" {
						faulted++
					}
				}
				// 40% are faulted on average; a fifth is far below what chance allows.
				if total := len(acc.Mock.Requests()); faulted*5 < total {
					return fmt.Errorf("only %d of %d requests faulted: the fault injection did not bite", faulted, total)
				}
				t.Logf("%d requests, %d answered 429 or 503", len(acc.Mock.Requests()), faulted)
				return nil
			}),
		}},
	})
}

// Connections dropped before the server acts (20% of all requests) are retried;
// a create whose answer is lost after the cluster was made is resolved by a
// lookup by name, never by a second cluster.
func TestAccReliability_droppedConnections(t *testing.T) {
	acc := newAccTarget(t, func(o *zillizmock.Options) {
		o.Faults = zillizmock.Faults{RateDrop: 0.2}
	})
	acc.requireMock(t)
	cfg := testAccFleetConfig(acc, "dropped", 2, 6)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesWith(fastRetries),
		CheckDestroy:             checkNothingLeft(acc.Mock),
		Steps: []tfresource.TestStep{{
			Config: cfg,
			Check:  checkFleet(acc.Mock, "dropped", 2, 6),
		}},
	})
}

func TestAccReliability_lostCreateAnswer(t *testing.T) {
	acc := newAccTarget(t, func(o *zillizmock.Options) {
		// Every cluster create is carried out, but its answer never arrives.
		o.Faults = zillizmock.Faults{RateDropAfter: 1, PathPrefix: "/v2/clusters/create"}
	})
	acc.requireMock(t)
	name := testAccName("tf-acc-lost")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesWith(fastRetries),
		CheckDestroy:             checkClustersDropped(acc),
		Steps: []tfresource.TestStep{{
			Config: testAccClusterConfig(acc, name, "Standard"),
			Check: func(s *terraform.State) error {
				live := liveClusters(acc.Mock)
				if len(live) != 1 {
					return fmt.Errorf("mock has %d clusters after a create whose answer was lost, want 1: %+v", len(live), live)
				}
				if id := s.RootModule().Resources["zilliz_cluster.test"].Primary.ID; id != live[0].ClusterID {
					return fmt.Errorf("state tracks %s, the mock has %s", id, live[0].ClusterID)
				}
				if n := countRequests(acc.Mock, "POST", "/v2/clusters/createDedicated"); n != 1 {
					return fmt.Errorf("create sent %d times, want 1", n)
				}
				return nil
			},
		}},
	})
}

// A create whose wait runs out leaves the cluster in state, tainted. Once the
// cluster comes up, the next apply replaces it: one live cluster, the first one
// dropped exactly once, nothing orphaned.
func TestAccReliability_interruptedApply(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	acc.Mock.HoldCreating(true)
	name := testAccName("tf-acc-intr")
	cfg := testAccClusterConfig(acc, name, "Standard", `timeouts { create = "3s" }`)
	var first string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkNothingLeft(acc.Mock),
		Steps: []tfresource.TestStep{
			{
				Config:      cfg,
				ExpectError: errorMatching(`did not become RUNNING.*timeout ran out`),
			},
			{
				PreConfig: func() {
					clusters := acc.Mock.Clusters()
					if len(clusters) != 1 {
						t.Fatalf("mock has %d clusters after the failed create, want 1", len(clusters))
					}
					first = clusters[0].ClusterID
					acc.Mock.HoldCreating(false)
				},
				Config: cfg,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster.test", plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: func(s *terraform.State) error {
					live := liveClusters(acc.Mock)
					if len(live) != 1 || live[0].ClusterID == first {
						return fmt.Errorf("live clusters %+v: want one new cluster", live)
					}
					if n := dropCalls(acc.Mock, first); n != 1 {
						return fmt.Errorf("tainted cluster %s dropped %d times, want 1", first, n)
					}
					return nil
				},
			},
		},
	})
}

// Wrong settings in the environment are refused at plan time with a message
// that names the variable and what it accepts. (Not parallel: it sets variables.)
// Provider settings are checked in Configure, before any API call: these run
// under plain go test too.
func TestProvider_badEnvironment(t *testing.T) {
	acc := planTimeTarget()
	for _, tc := range []struct{ env, value, want string }{
		{envMaxRetries, "many", `ZILLIZ_MAX_RETRIES must be a whole number from 0 to 50, got "many"`},
		{envMaxRetries, "-1", `ZILLIZ_MAX_RETRIES must be a whole number from 0 to 50`},
		{envRequestsPerSec, "0", `ZILLIZ_MAX_REQUESTS_PER_SECOND must be a whole number from 1 to 1000, got "0"`},
		{envRequestsPerSec, "2.5", `ZILLIZ_MAX_REQUESTS_PER_SECOND must be a whole number`},
		{pacingCollectionOps.env, "0", `ZILLIZ_COLLECTION_OPS_PER_SECOND must be a whole number from 1 to 1000, got "0"`},
		{pacingControlPlane.env, "fast", `ZILLIZ_CONTROL_PLANE_REQUESTS_PER_SECOND must be a whole number from 1 to 1000`},
		{envRequestTimeout, "30", `"30" is not a duration: write a number with a unit`},
		{envRequestTimeout, "10ms", `"10ms" is too short: use at least 1s`},
		{envBaseURL, "http://api.example.com", `plain http:// is allowed only for loopback hosts`},
		{envBaseURL, "ftp://127.0.0.1", `https://`},
	} {
		t.Run(tc.env+"="+tc.value, func(t *testing.T) {
			t.Setenv(tc.env, tc.value)
			cfg := `data "zilliz_projects" "all" {}`
			if tc.env != envBaseURL {
				cfg = acc.Provider + cfg
			} else {
				t.Setenv(envAPIKey, "plan-time-only")
			}
			tfresource.UnitTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []tfresource.TestStep{{Config: cfg, ExpectError: errorMatching(tc.want)}},
			})
		})
	}
}

func TestProvider_badSettings(t *testing.T) {
	for _, tc := range []struct{ setting, want string }{
		{`max_requests_per_second = 1001`, `max_requests_per_second value must be between 1 and 1000`},
		{`collection_ops_per_second = 0`, `collection_ops_per_second value must be between 1 and 1000`},
		{`partition_ops_per_second = 1001`, `partition_ops_per_second value must be between 1 and 1000`},
		{`max_retries = 99`, `max_retries value must be between 0 and 50`},
		{`request_timeout = "soon"`, `"soon" is not a duration`},
		{`request_timeout = "1ms"`, `"1ms" is too short`},
		{`base_url = "https://"`, `base_url`},
	} {
		t.Run(tc.setting, func(t *testing.T) {
			cfg := fmt.Sprintf(`provider "zilliz" {
  api_key = "k"
  %s
}
data "zilliz_projects" "all" {}`, tc.setting)
			tfresource.UnitTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []tfresource.TestStep{{Config: cfg, ExpectError: errorMatching(tc.want)}},
			})
		})
	}
}

// No api_key anywhere: a clear message when the first call needs one.
func TestAccProvider_missingAPIKey(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	t.Setenv(envAPIKey, "")
	tfresource.UnitTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config:      fmt.Sprintf("provider \"zilliz\" {\n  base_url = %q\n}\ndata \"zilliz_projects\" \"all\" {}", acc.Mock.URL()),
			ExpectError: errorMatching(`ZILLIZ_API_KEY`),
		}},
	})
}

// The api_key, the cluster password and the collection token never appear in
// TF_LOG=trace output, in terraform's own output or in error messages.
func TestCLI_secretsStayOutOfLogs(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	name := testAccName("tf-acc-cli-secret")
	config := fmt.Sprintf(`
terraform {
  required_providers {
    zilliz = { source = "registry.terraform.io/vectorops/zilliz" }
  }
}
resource "zilliz_cluster" "test" {
  project_id = %q
  region_id  = %q
  name       = %q
  plan       = "Standard"
}
resource "zilliz_collection" "test" {
  cluster_endpoint = zilliz_cluster.test.connect_address
  name             = "secret_things"
  dimension        = 4
  token            = "${zilliz_cluster.test.username}:${zilliz_cluster.test.password}"
}
output "endpoint" { value = zilliz_cluster.test.connect_address }
`, acc.ProjectID, acc.RegionID, name)
	logPath := t.TempDir() + "/trace.log"
	w := newCLIWorkspace(t, config, "ZILLIZ_API_KEY="+acc.Mock.APIKey(), "ZILLIZ_BASE_URL="+acc.Mock.URL(),
		"TF_LOG=trace", "TF_LOG_PATH="+logPath)
	var out strings.Builder
	out.WriteString(w.mustRun("apply", "-auto-approve"))
	out.WriteString(w.mustRun("plan"))
	out.WriteString(w.mustRun("show"))
	live := liveClusters(acc.Mock)
	if len(live) != 1 || live[0].Password == "" {
		t.Fatalf("mock clusters: %+v", live)
	}
	password := live[0].Password
	// A wrong token fails with the API's error, which must not echo the token.
	w.setConfig(strings.Replace(config, `"${zilliz_cluster.test.username}:${zilliz_cluster.test.password}"`, `"db_admin:not-the-Secret-42"`, 1) +
		`
resource "zilliz_collection" "wrong" {
  cluster_endpoint = zilliz_cluster.test.connect_address
  name             = "wrong_token"
  dimension        = 4
  token            = "db_admin:not-the-Secret-42"
}
`)
	failed, err := w.run("apply", "-auto-approve")
	if err == nil || !strings.Contains(failed, "code 1800") {
		t.Fatalf("apply with a wrong token: err %v\n%s", err, failed)
	}
	out.WriteString(failed)
	w.setConfig(config)
	out.WriteString(w.mustRun("destroy", "-auto-approve"))

	trace, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(trace) < 10_000 || !strings.Contains(string(trace), "Zilliz API request") {
		t.Fatalf("the trace log (%d bytes) does not hold the provider's request log: the scan would prove nothing", len(trace))
	}
	for what, secret := range map[string]string{
		"api key": acc.Mock.APIKey(), "cluster password": password, "wrong token": "not-the-Secret-42",
	} {
		if strings.Contains(string(trace), secret) {
			t.Errorf("the %s appears in the TF_LOG=trace log", what)
		}
		if strings.Contains(out.String(), secret) {
			t.Errorf("the %s appears in terraform's output", what)
		}
	}
}

// terraform apply -parallelism=20 on 50 collections across 2 clusters,
// against a mock that enforces the service's documented limits (5 collection
// operations per second per cluster, 20 requests per second per control-plane
// route): every create succeeds, once, with the provider's default settings,
// and the mock refuses no more than a handful of requests because the
// provider paces itself to those limits. Which cluster owns each endpoint is
// known from the clusters the same process created: no cluster list. The
// destroy keeps to the limits the same way.
func TestCLI_parallelismAndRequestRate(t *testing.T) {
	acc := newAccTarget(t, func(o *zillizmock.Options) { o.Latency = 10 * time.Millisecond })
	acc.requireMock(t)
	const handful = 3
	config := `
terraform {
  required_providers {
    zilliz = { source = "registry.terraform.io/vectorops/zilliz" }
  }
}
provider "zilliz" {}
` + strings.TrimPrefix(testAccFleetConfig(acc, "wide", 2, 50), acc.Provider)
	w := newCLIWorkspace(t, config, "ZILLIZ_API_KEY="+acc.Mock.APIKey(), "ZILLIZ_BASE_URL="+acc.Mock.URL())
	w.mustRun("apply", "-auto-approve", "-parallelism=20")
	if err := checkFleet(acc.Mock, "wide", 2, 50)(nil); err != nil {
		t.Fatal(err)
	}
	creates, lists := 0, 0
	for _, r := range acc.Mock.Requests() {
		switch {
		case r.Path == "/v1/vector/collections/create" && r.Fault == "":
			creates++
		case r.Method == http.MethodGet && r.Path == "/v2/clusters":
			lists++
		}
	}
	if creates != 50 {
		t.Errorf("%d collection creates carried out, want 50 (one each)", creates)
	}
	// None: a cluster create is the create and its polls (the service
	// refuses a taken name itself, with 40013), and the collections'
	// clusters are known from those creates.
	if lists != 0 {
		t.Errorf("%d cluster lists, want 0: none before a cluster create and none for the 50 collections", lists)
	}
	if n := acc.Mock.RateLimitRefusals(); n > handful {
		t.Errorf("the mock refused %d requests for the service's rate limits, want at most %d", n, handful)
	}
	t.Logf("apply: %d requests, %d refused", len(acc.Mock.Requests()), acc.Mock.RateLimitRefusals())

	acc.Mock.ResetRequests()
	before := acc.Mock.RateLimitRefusals()
	w.mustRun("destroy", "-auto-approve", "-parallelism=20")
	if live := liveClusters(acc.Mock); len(live) != 0 {
		t.Fatalf("clusters left: %+v", live)
	}
	if n := acc.Mock.RateLimitRefusals() - before; n > handful {
		t.Errorf("the mock refused %d requests of the destroy, want at most %d", n, handful)
	}
}

// Answers slower than the client's request timeout (a quarter of all requests,
// an hour late against a 500 ms timeout: however busy the machine, the client
// gives up first) are retried where that is safe; creates whose answer came
// too late are found, not made twice. The mock carries out a request once the
// client has given up on it.
func TestAccReliability_slowAnswers(t *testing.T) {
	for name, faults := range map[string]zillizmock.Faults{
		"a quarter of all requests": {RateSlow: 0.25, SlowBy: time.Hour},
		"every collection create":   {RateSlow: 1, SlowBy: time.Hour, PathPrefix: "/v1/vector/collections/create"},
		"every cluster create":      {RateSlow: 1, SlowBy: time.Hour, PathPrefix: "/v2/clusters/create"},
	} {
		t.Run(name, func(t *testing.T) { testAccSlowAnswers(t, faults) })
	}
}

func testAccSlowAnswers(t *testing.T, faults zillizmock.Faults) {
	acc := newAccTarget(t, func(o *zillizmock.Options) { o.Faults = faults })
	acc.requireMock(t)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesWith(func(c *zilliz.Config) {
			fastRetries(c)
			c.RequestTimeout = 500 * time.Millisecond
		}),
		CheckDestroy: checkNothingLeft(acc.Mock),
		Steps: []tfresource.TestStep{{
			Config: testAccFleetConfig(acc, "slow", 2, 6),
			Check: tfresource.ComposeTestCheckFunc(checkFleet(acc.Mock, "slow", 2, 6), func(*terraform.State) error {
				slow := 0
				for _, r := range acc.Mock.Requests() {
					if r.Fault == "slow" {
						slow++
					}
				}
				if slow == 0 {
					return fmt.Errorf("no slow answer was injected")
				}
				t.Logf("%d requests, %d answered too late", len(acc.Mock.Requests()), slow)
				return nil
			}),
		}},
	})
}
