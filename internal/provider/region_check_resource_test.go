package provider

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// A region the regions list does not hold fails the plan, naming the regions
// the list has; no cluster is created.
func TestAccClusterResource_unknownRegionAtPlanTime(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	acc.RegionID = "aws-mars-1"
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config:   testAccClusterConfig(acc, testAccName("tf-acc-mars"), "Serverless"),
			PlanOnly: true,
			ExpectError: errorMatching(`Unknown region.*region_id = "aws-mars-1" is not a region Zilliz Cloud offers here. ` +
				`The regions list \(GET /v2/regions, which the zilliz_regions data source reads\) has: aws-ap-northeast-1, .*gcp-us-west1\.`),
		}},
	})
	if n := len(acc.Mock.Clusters()); n != 0 {
		t.Errorf("%d clusters created, want none", n)
	}
	if n := countRequests(acc.Mock, "GET", "/v2/regions"); n < 1 {
		t.Errorf("the regions list was not asked")
	}
}

// When the regions list cannot be read, the plan goes on (with a warning) and
// the create call checks the region: a good one is created, a bad one fails
// with Zilliz Cloud's answer and a pointer to zilliz_regions.
func TestAccClusterResource_regionListFails(t *testing.T) {
	acc := newAccTarget(t, func(o *zillizmock.Options) {
		o.Faults = zillizmock.Faults{Rate5xx: 1, PathPrefix: "/v2/regions"}
	})
	acc.requireMock(t)
	name := testAccName("tf-acc-noregions")
	bad := acc
	bad.RegionID = "aws-mars-1"
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkClustersDropped(acc),
		Steps: []tfresource.TestStep{
			{
				Config: testAccClusterConfig(bad, name, "Serverless"),
				ExpectError: errorMatching(`Could not create cluster.*code 96001 \(HTTP 200\): Invalid regionId "aws-mars-1".*` +
					`The zilliz_regions data source lists the regions this control plane offers`),
			},
			{
				Config: testAccClusterConfig(acc, name, "Serverless"),
				Check: func(*terraform.State) error {
					if n := len(acc.Mock.Clusters()); n != 1 {
						return fmt.Errorf("%d clusters, want 1", n)
					}
					if countRequests(acc.Mock, "GET", "/v2/regions") == 0 {
						return fmt.Errorf("the regions list was never asked: the test did not exercise its failure")
					}
					return nil
				},
			},
		},
	})
}

// The regions list is asked once per provider run however many clusters the
// plan checks, and concurrent checks share the one answer.
func TestRegionDiagnosticsAskOnce(t *testing.T) {
	t.Parallel()
	m, err := zillizmock.New(zillizmock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	client, err := zilliz.NewClient(zilliz.Config{BaseURL: m.URL(), APIKey: m.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, region := range []string{"gcp-us-west1", "aws-us-east-1", "aws-mars-1", "az-eastus", "gcp-us-west1", "ali-cn-hangzhou"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			diags := regionDiagnostics(t.Context(), client, region)
			if got, want := diags.HasError(), region == "aws-mars-1"; got != want {
				t.Errorf("%s: error %v, want %v (%v)", region, got, want, diags)
			}
			// A cloud the list has no region of proves nothing: the list may be
			// partial (inferred), so the create checks it.
			if got, want := diags.WarningsCount() > 0, region == "ali-cn-hangzhou"; got != want {
				t.Errorf("%s: warning %v, want %v (%v)", region, got, want, diags)
			}
		}()
	}
	wg.Wait()
	if n := countRequests(m, "GET", "/v2/regions"); n != 1 {
		t.Errorf("%d GET /v2/regions, want 1", n)
	}
}

// A list that cannot be read is a warning that says the create checks the
// region instead. A 503 is a failure of the asking, not an answer to keep:
// the next check asks again (zilliz.Client.AllRegions).
func TestRegionDiagnosticsListFails(t *testing.T) {
	t.Parallel()
	m, err := zillizmock.New(zillizmock.Options{Faults: zillizmock.Faults{Rate5xx: 1, PathPrefix: "/v2/regions"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	client, err := zilliz.NewClient(zilliz.Config{BaseURL: m.URL(), APIKey: m.APIKey(), RetryWaitMin: 1, RetryWaitMax: 1})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		diags := regionDiagnostics(t.Context(), client, "aws-mars-1")
		if diags.HasError() || diags.WarningsCount() != 1 {
			t.Fatalf("diagnostics %v, want one warning", diags)
		}
		if d := diags.Warnings()[0].Detail(); !strings.Contains(d, `region_id = "aws-mars-1" is checked when the cluster is created instead`) ||
			!strings.Contains(d, "HTTP 503") {
			t.Errorf("warning detail: %s", d)
		}
	}
	if n := countRequests(m, "GET", "/v2/regions"); n != 3*(1+regionListRetries) {
		t.Errorf("%d GET /v2/regions, want %d (one call and its retries per check: a 503 is not kept)", n, 3*(1+regionListRetries))
	}
}
