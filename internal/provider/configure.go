package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// providerData is what Configure hands every resource and data source: the
// one API client, and what this provider process's plan walk shares
// (planWalk).
type providerData struct {
	client *zilliz.Client
	walk   *planWalk
}

// clientFrom takes the shared client out of the provider data handed to a
// resource or data source. A nil value is not an error: Terraform configures
// resources before the provider itself is configured, and leaves the provider
// unconfigured when its block has values unknown until apply.
func clientFrom(providerData any, diags *diag.Diagnostics) *zilliz.Client {
	if pd := providerDataFrom(providerData, diags); pd != nil {
		return pd.client
	}
	return nil
}

// walkFrom takes the plan walk's shared notes out of the provider data (nil
// when the provider is not configured: then nothing is noted or found).
func walkFrom(providerData any, diags *diag.Diagnostics) *planWalk {
	if pd := providerDataFrom(providerData, diags); pd != nil {
		return pd.walk
	}
	return nil
}

func providerDataFrom(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return pd
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
