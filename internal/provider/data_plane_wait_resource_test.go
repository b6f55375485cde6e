package provider

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// driveClock moves a mock's manual clock on events, never on wall-clock
// time: while a cluster is in a passing status (creating, deleted, ...) it
// steps the clock so that the phase ends; after a data-plane request was
// refused with 401 it moves the clock past the credential delay. Until such a
// refusal, the clock stands still for a running cluster, so a fresh
// cluster's first data-plane calls are refused whatever the machine's speed.
func driveClock(t *testing.T, m *zillizmock.Server, clock *zillizmock.ManualClock, step, credentialDelay time.Duration) {
	t.Helper()
	done := make(chan struct{})
	stopped := make(chan struct{})
	t.Cleanup(func() { close(done); <-stopped })
	go func() {
		defer close(stopped)
		seen := 0
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			reqs := m.Requests()
			refused := false
			for _, r := range reqs[min(seen, len(reqs)):] {
				refused = refused || (r.ClusterID != "" && r.HTTPStatus == http.StatusUnauthorized)
			}
			seen = len(reqs)
			if refused {
				clock.Advance(credentialDelay)
				continue
			}
			for _, c := range m.Clusters() {
				if c.Status != zillizmock.StatusRunning && c.Status != zillizmock.StatusSuspended {
					clock.Advance(step)
					break
				}
			}
		}
	}()
}

// refusals counts the data-plane requests answered 401.
func refusals(m *zillizmock.Server, path string) int {
	n := 0
	for _, r := range m.Requests() {
		if r.ClusterID != "" && r.HTTPStatus == http.StatusUnauthorized && (path == "" || r.Path == path) {
			n++
		}
	}
	return n
}

// Roles, users, a collection and a partition created in the same apply as
// their cluster wait until its data plane serves and accepts the
// credentials (it refuses them for a while after it runs), within their
// timeouts; the apply does not fail, and each create is sent once.
func TestAccAccess_sameApplyAsCluster(t *testing.T) {
	const credentialDelay = 10 * time.Minute
	clock := zillizmock.NewManualClock(time.Now())
	acc := newAccTarget(t, func(o *zillizmock.Options) {
		o.Clock = clock
		o.CreateDuration = time.Minute
		o.DeleteDuration = time.Second
		o.LoadDuration = -1
		o.CredentialDelay = credentialDelay
	})
	acc.requireMock(t)
	driveClock(t, acc.Mock, clock, 10*time.Second, credentialDelay)
	config := acc.Provider + fmt.Sprintf(`
resource "zilliz_cluster" "main" {
  project_id = %q
  region_id  = %q
  name       = "access-same-apply"
  plan       = "Standard"
  cu_type    = "Performance-optimized"
  cu_size    = 1
}

resource "zilliz_cluster_role" "reader" {
  cluster_endpoint = zilliz_cluster.main.connect_address
  name             = "app_reader"
  grant {
    privilege  = "COLL_RO"
    database   = "default"
    collection = "articles"
  }
}

resource "zilliz_cluster_user" "app" {
  cluster_endpoint = zilliz_cluster.main.connect_address
  name             = "app"
  password         = "App-Passw0rd"
  roles            = [zilliz_cluster_role.reader.name]
}

resource "zilliz_collection" "articles" {
  cluster_endpoint = zilliz_cluster.main.connect_address
  name             = "articles"
  dimension        = 4
}

resource "zilliz_partition" "tenant_a" {
  cluster_endpoint = zilliz_cluster.main.connect_address
  collection_name  = zilliz_collection.articles.name
  name             = "tenant_a"
}
`, acc.ProjectID, acc.RegionID)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: config,
			Check: func(*terraform.State) error {
				if refusals(acc.Mock, "") == 0 {
					return fmt.Errorf("no data-plane call was refused with 401: the test did not exercise the wait")
				}
				for path, want := range map[string]int{
					"/v2/vectordb/roles/create": 1, "/v2/vectordb/users/create": 1, "/v2/vectordb/partitions/create": 1,
				} {
					sent := 0
					for _, r := range acc.Mock.Requests() {
						if r.Path == path {
							sent++
						}
					}
					if sent != want {
						return fmt.Errorf("%s sent %d times, want %d: a create is sent once, after the wait", path, sent, want)
					}
				}
				clusters := acc.Mock.Clusters()
				if len(clusters) != 1 {
					return fmt.Errorf("clusters: %v", clusters)
				}
				id := clusters[0].ClusterID
				if !slices.Contains(acc.Mock.ClusterRoles(id), "app_reader") || !slices.Equal(acc.Mock.ClusterUserRoles(id, "app"), []string{"app_reader"}) ||
					!slices.Equal(acc.Mock.Partitions(id, "default", "articles"), []string{"_default", "tenant_a"}) {
					return fmt.Errorf("roles %v, user roles %v, partitions %v", acc.Mock.ClusterRoles(id), acc.Mock.ClusterUserRoles(id, "app"),
						acc.Mock.Partitions(id, "default", "articles"))
				}
				return nil
			},
		}},
	})
}

// On a cluster that is not new, refused credentials are reported at once
// with what to check, not waited out.
func TestAccAccess_refusedCredentialsFailFast(t *testing.T) {
	clock := zillizmock.NewManualClock(time.Now().Add(-2 * time.Hour))
	acc := newAccTarget(t, func(o *zillizmock.Options) {
		o.Clock = clock
		o.CreateDuration = time.Minute
	})
	acc.requireMock(t)
	client, err := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	created, err := client.CreateCluster(t.Context(), zilliz.CreateClusterRequest{
		Plan: planStandard, ClusterName: "old-cluster", ProjectID: acc.ProjectID, RegionID: acc.RegionID, CUType: defaultCUType, CUSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	cluster, err := client.DescribeCluster(t.Context(), created.ClusterID)
	if err != nil || cluster.Status != statusRunning {
		t.Fatalf("cluster %+v, %v", cluster, err)
	}
	config := testAccRoleConfig(acc, cluster.ConnectAddress, "reader", "COLL_RO default articles")
	config = replaceOnce(t, config, `  name             = "reader"`, `  name             = "reader"
  token            = "db_admin:Wrong-Passw0rd"`)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config:      config,
			ExpectError: errorMatching(`Could not create cluster role reader.*refused the credentials \(HTTP 401\). Check the resource's token`),
		}},
	})
	// One list per plan (the custom-role limit is checked at plan time: the
	// harness plans, then the apply plans again) and one before the create:
	// waited out, they would be many more.
	if n := refusals(acc.Mock, "/v2/vectordb/roles/list"); n < 1 || n > 3 {
		t.Fatalf("%d refused role lists, want 1 to 3 (one per plan and one before the create): refused credentials on an old cluster are not waited out", n)
	}
}
