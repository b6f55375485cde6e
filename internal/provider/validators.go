package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// Validators shared by several resources and data sources.

// clusterIDValidator checks the form of a cluster id (in01-…, in03-…, in05-…).
func clusterIDValidator() validator.String {
	return stringvalidator.RegexMatches(clusterIDRegexp, "must be a cluster id such as in01-6183d6bac30f801, usually zilliz_cluster.<name>.id")
}

// baseURLValidator refuses, at plan time, a URL the client would refuse at apply
// time: anything but https://, except plain http:// to a loopback host.
type baseURLValidator struct{}

var _ validator.String = baseURLValidator{}

func (v baseURLValidator) Description(_ context.Context) string {
	return "must be an https:// URL, or http:// to a loopback host (127.0.0.1, localhost, ::1)"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := zilliz.ValidateBaseURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL",
			"The value "+req.ConfigValue.String()+" is not usable: "+err.Error())
	}
}
