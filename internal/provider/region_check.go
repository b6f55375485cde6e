package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// A cluster's region_id is checked while planning, against the regions list
// of the control plane (GET /v2/regions, zilliz-api.md A.8), when the plan
// creates the cluster or moves it to another region. The list is asked once
// per provider run (zilliz.Client.AllRegions) and shared by every cluster of
// the plan; a failure of the asking (a 503, no connection, a timeout) is not
// kept, so a later check asks again. A list that cannot be read never blocks a plan: the plan warns,
// and the create call checks the region instead (code 96001, invalid regionId).
// A cluster that stays in its region is not checked: a region retired from
// the list must not fail the plans of clusters that still run there.

const (
	// regionListTimeout bounds the one list call, retries included.
	regionListTimeout = 15 * time.Second
	// regionListRetries: one more try after a transient failure, no long backoff.
	regionListRetries = 1
)

// checkRegionAtPlan is the region part of clusterResource.ModifyPlan.
func (r *clusterResource) checkRegionAtPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return // a destroy; or the provider has values unknown until apply
	}
	var planned types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("region_id"), &planned)...)
	if resp.Diagnostics.HasError() || !known(planned) {
		return
	}
	if !req.State.Raw.IsNull() {
		var prior types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("region_id"), &prior)...)
		if prior.Equal(planned) {
			return
		}
	}
	resp.Diagnostics.Append(regionDiagnostics(ctx, r.client, planned.ValueString())...)
}

// regionDiagnostics is an error when region is missing from the regions
// list, a warning when the list cannot be read, and nothing otherwise.
func regionDiagnostics(ctx context.Context, client *zilliz.Client, region string) diag.Diagnostics {
	var diags diag.Diagnostics
	ctx, cancel := context.WithTimeout(ctx, regionListTimeout)
	defer cancel()
	regions, err := client.AllRegions(zilliz.WithRetryLimit(ctx, regionListRetries))
	if err == nil && len(regions) == 0 {
		err = fmt.Errorf("GET /v2/regions answered an empty list")
	}
	if err != nil {
		diags.AddAttributeWarning(path.Root("region_id"), "Region not checked while planning",
			fmt.Sprintf("The regions list (GET /v2/regions) could not be read, so region_id = %q is checked "+
				"when the cluster is created instead.\n\n%s", region, apiErrorDetail(err)))
		return diags
	}
	ids := make([]string, 0, len(regions))
	cloud, _, _ := strings.Cut(region, "-")
	cloudListed := false
	for _, r := range regions {
		if r.RegionID == region {
			return diags
		}
		ids = append(ids, r.RegionID)
		listedCloud, _, _ := strings.Cut(r.RegionID, "-")
		cloudListed = cloudListed || listedCloud == cloud
	}
	slices.Sort(ids)
	if !cloudListed {
		// (inferred) GET /v2/regions without cloudId is taken to list every
		// cloud; the recorded answers are per cloud (?cloudId=aws, gcp, azure).
		// A list without any region of this region's cloud may be partial, so
		// it proves nothing: the create checks the region.
		diags.AddAttributeWarning(path.Root("region_id"), "Region not checked while planning",
			fmt.Sprintf("The regions list (GET /v2/regions) has no region of the cloud that region_id = %q names (%s-...), "+
				"so the region is checked when the cluster is created instead. The list has: %s.", region, cloud, strings.Join(ids, ", ")))
		return diags
	}
	diags.AddAttributeError(path.Root("region_id"), "Unknown region",
		fmt.Sprintf("region_id = %q is not a region Zilliz Cloud offers here. The regions list (GET /v2/regions, "+
			"which the zilliz_regions data source reads) has: %s.", region, strings.Join(ids, ", ")))
	return diags
}
