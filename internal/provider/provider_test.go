package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// TestMain runs the tests, or with -sweep=<region> the sweepers (sweeper_test.go)
// instead, as terraform-plugin-testing's resource.TestMain does.
func TestMain(m *testing.M) {
	resource.TestMain(removeProviderBinAfter{m})
}

// removeProviderBinAfter runs the tests, then removes the provider binary
// providerBinary built for them.
type removeProviderBinAfter struct{ m *testing.M }

func (r removeProviderBinAfter) Run() int {
	code := r.m.Run()
	if providerBinDir != "" {
		_ = os.RemoveAll(providerBinDir)
	}
	return code
}

// providerFactoriesWith serves a provider whose client configuration the test
// adjusts, e.g. millisecond retry waits against a mock that injects faults.
func providerFactoriesWith(hook func(*zilliz.Config)) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"zilliz": providerserver.NewProtocol6WithError(&zillizProvider{version: "test", clientHook: hook}),
	}
}

// testAccProtoV6ProviderFactories serves the provider in-process to the Terraform
// CLI that terraform-plugin-testing drives.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"zilliz": providerserver.NewProtocol6WithError(New("test")()),
}

// accTarget is what an acceptance test runs against: a fresh in-memory mock by
// default, or the real service when ZILLIZ_ACC_REAL=1.
type accTarget struct {
	// Mock is nil against the real service.
	Mock      *zillizmock.Server
	ProjectID string
	RegionID  string
	// Provider is the provider block each test configuration starts with.
	Provider string
	t        testing.TB
}

func (a accTarget) real() bool { return a.Mock == nil }

// canReadMockLog reports whether a check that reads the mock's request log can
// run. Against the real service it cannot: it says so in the test log, so that
// a run against the real service never passes such a check silently.
func (a accTarget) canReadMockLog(check string) bool {
	if !a.real() {
		return true
	}
	if a.t != nil {
		a.t.Helper()
		a.t.Logf("against the real service: not checked (it reads the mock's request log): %s", check)
	}
	return false
}

// newAccTarget starts a mock for one test (with millisecond status transitions),
// or returns the real service's settings from the environment.
func newAccTarget(t *testing.T, opts ...func(*zillizmock.Options)) accTarget {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does)")
	}
	if os.Getenv("ZILLIZ_ACC_REAL") == "1" {
		return accTarget{
			ProjectID: os.Getenv("ZILLIZ_PROJECT_ID"),
			RegionID:  os.Getenv("ZILLIZ_REGION_ID"),
			Provider:  `provider "zilliz" {}` + "\n",
			t:         t,
		}
	}
	o := zillizmock.Options{
		APIKey:          "test-key-" + fmt.Sprint(time.Now().UnixNano()),
		CreateDuration:  300 * time.Millisecond,
		ModifyDuration:  150 * time.Millisecond,
		SuspendDuration: 150 * time.Millisecond,
		ResumeDuration:  150 * time.Millisecond,
		DeleteDuration:  100 * time.Millisecond,
	}
	for _, f := range opts {
		f(&o)
	}
	if o.Seed == 0 {
		// The seed drives the mock's ids and its random faults: logged, so that a
		// failure replays with ZILLIZ_MOCK_SEED.
		o.Seed = time.Now().UnixNano()
		if v := os.Getenv("ZILLIZ_MOCK_SEED"); v != "" {
			if _, err := fmt.Sscan(v, &o.Seed); err != nil {
				t.Fatalf("ZILLIZ_MOCK_SEED=%q: %v", v, err)
			}
		}
	}
	t.Logf("mock seed %d (ZILLIZ_MOCK_SEED=%d replays it)", o.Seed, o.Seed)
	m, err := zillizmock.New(o)
	if err != nil {
		t.Fatalf("start mock: %v", err)
	}
	t.Cleanup(m.Close)
	return accTarget{
		t:         t,
		Mock:      m,
		ProjectID: m.ProjectID(),
		RegionID:  "gcp-us-west1",
		Provider: fmt.Sprintf(`provider "zilliz" {
  base_url = %q
  api_key  = %q
}
`, m.URL(), m.APIKey()),
	}
}

// planTimeTarget is for tests whose configuration fails at plan time, before
// any API call: they need neither TF_ACC nor a mock and run under plain go test.
// Its provider points at a loopback port where nothing listens, so a test that
// did reach the API would fail loudly rather than pass.
func planTimeTarget() accTarget {
	return accTarget{
		ProjectID: zillizmock.DefaultProjectID,
		RegionID:  "gcp-us-west1",
		Provider: `provider "zilliz" {
  base_url = "http://127.0.0.1:9"
  api_key  = "plan-time-only"
}
`,
	}
}

// requireMock skips a test that needs the mock's fault injection or log when the
// run targets the real service.
func (a accTarget) requireMock(t *testing.T) {
	t.Helper()
	if a.real() {
		t.Skip("needs the mock: it inspects or steers the API")
	}
}

// errorMatching compiles a pattern for ExpectError that survives Terraform's line
// wrapping of diagnostics: each space matches any run of white space.
func errorMatching(pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + strings.ReplaceAll(pattern, " ", `\s+`))
}
