package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// apiErrorDetail names code, HTTP status, message and request id, never
// "code 0", and says what to do where the answer points at the configuration.
func TestAPIErrorDetail(t *testing.T) {
	t.Parallel()
	const control, endpoint = "https://api.cloud.zilliz.com", "https://in01-0123456789abcde.gcp-us-west1.vectordb.zillizcloud.com:443"
	for _, tc := range []struct {
		name       string
		err        zilliz.APIError
		want       []string
		wantAbsent []string
	}{
		{
			name: "bad key from the environment",
			err: zilliz.APIError{HTTPStatus: 401, Code: 21119, Message: "The apikey is illegal", RequestID: "r-1", Method: "GET", Path: "/v2/projects",
				Endpoint: control, ControlPlane: true, Credential: apiKeySource(false)},
			want: []string{"Zilliz Cloud answered GET /v2/projects with code 21119 (HTTP 401): The apikey is illegal\nRequest id: r-1",
				"Zilliz Cloud refused the API key. The key sent was the provider's api_key, taken from the ZILLIZ_API_KEY environment variable."},
		},
		{
			name: "bad key from the provider block",
			err: zilliz.APIError{HTTPStatus: 401, Code: 21119, Message: "The apikey is illegal", Method: "GET", Path: "/v2/projects",
				Endpoint: control, ControlPlane: true, Credential: apiKeySource(true)},
			want:       []string{"The key sent was the provider's api_key, set in the provider block."},
			wantAbsent: []string{"Request id"},
		},
		{
			name: "a page that is not the API: no code 0",
			err: zilliz.APIError{HTTPStatus: 404, Message: "404 page not found", Method: "GET", Path: "/api/v2/projects",
				Endpoint: "https://example.com/api", ControlPlane: true},
			want:       []string{"answered GET /api/v2/projects with HTTP 404: 404 page not found", "https://example.com/api does not serve the Zilliz Cloud API: check base_url (or ZILLIZ_BASE_URL)"},
			wantAbsent: []string{"code 0"},
		},
		{
			name: "unknown route in the envelope",
			err: zilliz.APIError{HTTPStatus: 404, Code: 404, Message: "Not Found", Method: "GET", Path: "/x/v2/projects",
				Endpoint: "http://127.0.0.1:1/x", ControlPlane: true},
			want: []string{"with code 404 (HTTP 404)", "check base_url"},
		},
		{
			name: "wrong cluster endpoint",
			err:  zilliz.APIError{HTTPStatus: 404, Message: "404 page not found", Method: "POST", Path: "/v1/vector/collections/create", Endpoint: control},
			want: []string{control + " does not serve this call. Check cluster_endpoint"},
		},
		{
			name: "wrong collection token",
			err: zilliz.APIError{HTTPStatus: 401, Code: 1800, Message: "user hasn't authenticated", Method: "POST", Path: "/v1/vector/collections/create",
				Endpoint: endpoint, Credential: "the collection's token_wo"},
			want: []string{"The cluster endpoint " + endpoint + " refused the credentials. The token sent was the collection's token_wo."},
		},
		{
			name: "gateway token code with HTTP 200",
			err:  zilliz.APIError{HTTPStatus: 200, Code: 80001, Message: "illegal token", Method: "POST", Path: "/v1/vector/collections/create", Endpoint: endpoint, Credential: "the collection's token"},
			want: []string{"refused the credentials. The token sent was the collection's token."},
		},
		{
			name: "privilege denied",
			err:  zilliz.APIError{HTTPStatus: 403, Code: 1401, Message: "privilege not permitted", Method: "POST", Path: "/v2/vectordb/collections/drop", Endpoint: endpoint, Credential: apiKeySource(true)},
			want: []string{"accepted the credentials, but they may not do this. The token sent was the provider's api_key, set in the provider block."},
		},
		{
			name: "unknown region",
			err:  zilliz.APIError{HTTPStatus: 200, Code: 96001, Message: `Invalid regionId "aws-mars-1".`, Method: "POST", Path: "/v2/clusters/createServerless", Endpoint: control, ControlPlane: true},
			want: []string{"code 96001 (HTTP 200)", "The zilliz_regions data source lists the regions"},
		},
		{
			name:       "a business error gets no advice",
			err:        zilliz.APIError{HTTPStatus: 200, Code: 40013, Message: "The specified cluster name already exists.", Method: "POST", Path: "/v2/clusters/createDedicated", Endpoint: control, ControlPlane: true},
			want:       []string{"code 40013 (HTTP 200): The specified cluster name already exists."},
			wantAbsent: []string{"\n\n"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			apiErr := tc.err
			got := apiErrorDetail(fmt.Errorf("wrapped: %w", &apiErr))
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("detail lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tc.wantAbsent {
				if strings.Contains(got, w) {
					t.Errorf("detail has %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestWaitErrorDetailOnCreateTimeout(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("waiting for cluster in01-x: %w", context.DeadlineExceeded)
	got := waitErrorDetail(err, "create")
	for _, w := range []string{"marked tainted", "terraform untaint zilliz_cluster.<name>", `timeouts { create = "..." }`} {
		if !strings.Contains(got, w) {
			t.Errorf("detail lacks %q:\n%s", w, got)
		}
	}
	if got := waitErrorDetail(errors.New("boom"), "create"); got != "boom" {
		t.Errorf("a failure other than the timeout got advice: %q", got)
	}
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
