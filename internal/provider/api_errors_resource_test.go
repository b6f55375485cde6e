package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// The errors a new user meets first, checked against the mock's real answers.
// Each quote below is also quoted by the Troubleshooting guide
// (TestTroubleshootingGuideQuotesErrors), so the guide cannot fall behind.
const (
	quoteBadKeyAPI       = "Zilliz Cloud answered GET /v2/projects with code 21119 (HTTP 401): The apikey is illegal"
	quoteBadKeyBlock     = "Zilliz Cloud refused the API key. The key sent was the provider's api_key, set in the provider block."
	quoteBadKeyEnv       = "Zilliz Cloud refused the API key. The key sent was the provider's api_key, taken from the ZILLIZ_API_KEY environment variable."
	quoteWrongBaseURL    = "does not serve the Zilliz Cloud API: check base_url (or ZILLIZ_BASE_URL)."
	quoteWrongEndpoint   = "does not serve this call. Check cluster_endpoint: it should be the cluster's connect_address"
	quoteTokenRefused    = "refused the credentials. The token sent was the collection's token."
	quoteTokenWORefused  = "The token sent was the collection's token_wo."
	quoteKeyOnEndpoint   = "The token sent was the provider's api_key, set in the provider block."
	quoteEndpointAuthAPI = "code 1800 (HTTP 401): user hasn't authenticated"
	quoteUnknownRegion   = "is not a region Zilliz Cloud offers here. The regions list (GET /v2/regions, which the zilliz_regions data source reads) has:"
	quoteRegionRefused   = "Zilliz Cloud does not offer this region_id for this plan. The zilliz_regions data source lists the regions this control plane offers"
	quoteCreateTimedOut  = "The create timeout ran out before the cluster was ready. Terraform keeps it in state, marked tainted"
	quoteUntaint         = "terraform untaint zilliz_cluster.<name>"
	quoteTooLarge        = "above the 1024 that the Enterprise plan allows"
)

// quoted matches a quote in Terraform's wrapped output.
func quoted(quotes ...string) *regexp.Regexp {
	parts := make([]string, len(quotes))
	for i, q := range quotes {
		parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(q)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}

func testAccProjectsWith(providerBlock string) string {
	return providerBlock + `
data "zilliz_projects" "all" {}
`
}

// A wrong key in the provider block: the message says the key came from there.
func TestAccProviderErrors_badKeyInProviderBlock(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: testAccProjectsWith(fmt.Sprintf(`provider "zilliz" {
  base_url = %q
  api_key  = "not-the-key"
}
`, acc.Mock.URL())),
			ExpectError: quoted("Could not list projects", quoteBadKeyAPI, quoteBadKeyBlock),
		}},
	})
}

// A wrong key in ZILLIZ_API_KEY: the message names the variable. Not parallel:
// it sets the test process's environment, which the in-process provider reads.
func TestAccProviderErrors_badKeyFromEnvironment(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	t.Setenv(envAPIKey, "not-the-key")
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config:      testAccProjectsWith(fmt.Sprintf("provider \"zilliz\" {\n  base_url = %q\n}\n", acc.Mock.URL())),
			ExpectError: quoted("Could not list projects", quoteBadKeyAPI, quoteBadKeyEnv),
		}},
	})
}

// A base_url with a path the control plane does not serve gets HTTP 404 from
// the mock (its envelope, code 404), and a host that is not Zilliz Cloud at all
// answers a plain 404 page (here net/http's "404 page not found"): both say
// to check base_url, and neither prints "code 0".
func TestAccProviderErrors_wrongBaseURL(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	other := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(other.Close)
	for _, tc := range []struct {
		name, baseURL string
		answer        string
	}{
		{"unknown path on the control plane", acc.Mock.URL() + "/api", "with code 404 (HTTP 404): Not Found: no route for GET /api/v2/projects"},
		{"another web server", other.URL, "with HTTP 404: 404 page not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tfresource.ParallelTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []tfresource.TestStep{{
					Config: testAccProjectsWith(fmt.Sprintf("provider \"zilliz\" {\n  base_url = %q\n  api_key  = %q\n}\n", tc.baseURL, acc.Mock.APIKey())),
					ExpectError: quoted("Could not list projects", tc.answer,
						tc.baseURL+" "+quoteWrongBaseURL, "It should be https://api.cloud.zilliz.com"),
				}},
			})
		})
	}
}

// A collection whose cluster_endpoint is the control plane's URL, not the
// cluster's connect_address.
func TestAccCollectionErrors_wrongEndpoint(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config:      testAccLooseCollectionConfig(acc, acc.Mock.URL(), "misplaced"),
			ExpectError: quoted("Could not create collection misplaced", "HTTP 404", acc.Mock.URL()+" "+quoteWrongEndpoint),
		}},
	})
	if n := len(acc.Mock.Clusters()); n != 0 {
		t.Errorf("%d clusters, want none", n)
	}
}

// A refused data-plane credential names where it came from: the collection's
// token, or the provider's API key (here a valid key of another project, which
// the control plane accepts and the cluster does not).
func TestAccCollectionErrors_wrongToken(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := newMockCluster(t, acc, testAccName("tf-acc-badtok"))
	otherKey := fmt.Sprintf("provider \"zilliz\" {\n  base_url = %q\n  api_key  = %q\n}\n", acc.Mock.URL(), acc.Mock.OtherProjectAPIKey())
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config: acc.Provider + fmt.Sprintf(`
resource "zilliz_collection" "test" {
  cluster_endpoint = %q
  name             = "with_token"
  dimension        = 4
  token            = "db_admin:wrong-password"
}
`, cluster.ConnectAddress),
				ExpectError: quoted("Could not create collection with_token", quoteEndpointAuthAPI,
					"The cluster endpoint "+cluster.ConnectAddress+" "+quoteTokenRefused),
			},
			{
				Config: otherKey + fmt.Sprintf(`
resource "zilliz_collection" "test" {
  cluster_endpoint = %q
  name             = "with_key"
  dimension        = 4
}
`, cluster.ConnectAddress),
				ExpectError: quoted("Could not create collection with_key", quoteEndpointAuthAPI, "refused the credentials. "+quoteKeyOnEndpoint),
			},
		},
	})
}

// The same for token_wo (Terraform 1.11 and later).
func TestAccCollectionErrors_wrongWriteOnlyToken(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := newMockCluster(t, acc, testAccName("tf-acc-badwo"))
	tfresource.ParallelTest(t, tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			skipBelowBecause{tfversion.Version1_11_0, "write-only attributes need Terraform 1.11"}},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config:      testAccWriteOnlyTokenConfig(acc, cluster.ConnectAddress, "db_admin:wrong-password", 1),
			ExpectError: quoted("Could not create collection secret_things", quoteEndpointAuthAPI, "refused the credentials. "+quoteTokenWORefused),
		}},
	})
}

// A create that runs out of time says the cluster is kept, tainted, and how to
// keep it if it comes up after all.
func TestAccClusterErrors_createTimeoutSaysUntaint(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	acc.Mock.HoldCreating(true)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config:      testAccClusterConfig(acc, testAccName("tf-acc-untaint"), "Serverless", `timeouts { create = "1s" }`),
			ExpectError: quoted("did not become RUNNING", quoteCreateTimedOut, quoteUntaint),
		}},
	})
}

// The Troubleshooting guide quotes the errors above word for word.
func TestTroubleshootingGuideQuotesErrors(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../templates/guides/troubleshooting.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	guide := strings.Join(strings.Fields(string(b)), " ")
	for _, q := range []string{
		quoteBadKeyAPI, quoteBadKeyBlock, quoteBadKeyEnv, quoteWrongBaseURL, quoteWrongEndpoint, quoteTokenRefused,
		quoteTokenWORefused, quoteKeyOnEndpoint, quoteEndpointAuthAPI, quoteUnknownRegion, quoteRegionRefused,
		quoteCreateTimedOut, quoteUntaint, quoteTooLarge,
	} {
		if !strings.Contains(guide, strings.Join(strings.Fields(q), " ")) {
			t.Errorf("the troubleshooting guide does not quote %q", q)
		}
	}
	// The name-taken section quotes what Create answers, whole.
	for what, q := range map[string]string{
		"cluster": clusterExistsAdvice(&zilliz.Cluster{ClusterID: "in01-6183d6bac30f801", ClusterName: "search-prod",
			ProjectID: "proj-89bf4a83cfe2c8a4f03482", Status: "CREATING", CreateTime: "2026-12-03T09:12:44Z"}) + "\n\n" +
			apiErrorDetail(&zilliz.APIError{HTTPStatus: 200, Code: 40013, Message: "The specified cluster name already exists.",
				Method: "POST", Path: "/v2/clusters/createDedicated", Endpoint: zilliz.DefaultBaseURL, ControlPlane: true,
				RequestID: "8f3a1c2e-5b7d-4e9f-a1b2-c3d4e5f60718"}),
		"collection": collectionExistsAdvice("https://in01-6183d6bac30f801.gcp-us-west1.vectordb.zillizcloud.com:443", "default", "articles"),
	} {
		if !strings.Contains(guide, strings.Join(strings.Fields(q), " ")) {
			t.Errorf("the troubleshooting guide does not quote the %s name-taken message:\n%s", what, q)
		}
	}
	// The client's unit test pins the control-plane key's source text too.
	if !strings.Contains(quoteBadKeyEnv, apiKeySource(false)) || !strings.Contains(quoteBadKeyBlock, apiKeySource(true)) {
		t.Error("the quotes and apiKeySource disagree")
	}
}
