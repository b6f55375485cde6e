package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// clientFrom takes the shared client out of the provider data handed to a
// resource or data source. A nil value is not an error: Terraform configures
// resources before the provider itself is configured, and leaves the provider
// unconfigured when its block has values unknown until apply.
func clientFrom(providerData any, diags *diag.Diagnostics) *zilliz.Client {
	if providerData == nil {
		return nil
	}
	client, ok := providerData.(*zilliz.Client)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *zilliz.Client, got %T. This is a bug in the provider; please report it.", providerData))
		return nil
	}
	return client
}

// requireClient reports a clear error when an operation runs without a configured client.
func requireClient(client *zilliz.Client, diags *diag.Diagnostics) bool {
	if client == nil {
		diags.AddError("Provider not configured",
			"The zilliz provider has no API client: its provider block had values that were unknown when "+
				"this operation ran (api_key, base_url, max_requests_per_second, max_retries or request_timeout "+
				"computed by another resource). Give them values known at plan time, for example from "+
				"variables or the ZILLIZ_API_KEY and ZILLIZ_BASE_URL environment variables.")
		return false
	}
	return true
}
