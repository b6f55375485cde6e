package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Dedicated clusters (Standard, Enterprise) have a CU type, size and replica count;
// Free and Serverless clusters have none. When the user leaves these attributes
// out, the plan shows the value the API will use for the plan chosen, so that no
// apply ends with "(known after apply)" turned into a diff.

func isDedicatedPlan(plan string) bool { return plan == planStandard || plan == planEnterprise }

// plannedClusterPlan reads the planned `plan` attribute; ok is false while it is unknown.
func plannedClusterPlan(ctx context.Context, p tfsdk.Plan) (string, bool) {
	var v types.String
	if d := p.GetAttribute(ctx, path.Root("plan"), &v); d.HasError() || v.IsUnknown() || v.IsNull() {
		return "", false
	}
	return v.ValueString(), true
}

// nullUnlessDedicatedString plans an unset attribute as dedicatedDefault on the
// dedicated plans and as null on Free and Serverless (cu_type).
type nullUnlessDedicatedString struct{ dedicatedDefault string }

var _ planmodifier.String = nullUnlessDedicatedString{}

func (m nullUnlessDedicatedString) Description(context.Context) string {
	return "defaults to " + m.dedicatedDefault + " on dedicated plans and to null on Free and Serverless"
}
func (m nullUnlessDedicatedString) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m nullUnlessDedicatedString) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	plan, ok := plannedClusterPlan(ctx, req.Plan)
	if !ok {
		return
	}
	if isDedicatedPlan(plan) {
		resp.PlanValue = types.StringValue(m.dedicatedDefault)
	} else {
		resp.PlanValue = types.StringNull()
	}
}

// nullUnlessDedicatedInt64 is nullUnlessDedicatedString for numbers (cu_size, replica).
type nullUnlessDedicatedInt64 struct{ dedicatedDefault int64 }

var _ planmodifier.Int64 = nullUnlessDedicatedInt64{}

func (m nullUnlessDedicatedInt64) Description(context.Context) string {
	return fmt.Sprintf("defaults to %d on dedicated plans and to null on Free and Serverless", m.dedicatedDefault)
}
func (m nullUnlessDedicatedInt64) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m nullUnlessDedicatedInt64) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if !req.ConfigValue.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	plan, ok := plannedClusterPlan(ctx, req.Plan)
	if !ok {
		return
	}
	if isDedicatedPlan(plan) {
		resp.PlanValue = types.Int64Value(m.dedicatedDefault)
	} else {
		resp.PlanValue = types.Int64Null()
	}
}

// statusFollowsDesired plans `status` as the planned `desired_status` whenever the
// cluster is updated (Update ends by waiting for that status), and keeps the known
// status when nothing changes, so a plan never shows status as unknown.
type statusFollowsDesired struct{}

var _ planmodifier.String = statusFollowsDesired{}

func (statusFollowsDesired) Description(context.Context) string {
	return "follows desired_status when it changes; unchanged otherwise"
}
func (m statusFollowsDesired) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (statusFollowsDesired) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return // create: unknown until the cluster runs; destroy: nothing to plan
	}
	var planned, prior types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("desired_status"), &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("desired_status"), &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if planned.IsUnknown() || planned.IsNull() {
		return
	}
	if req.Plan.Raw.Equal(req.State.Raw) && planned.Equal(prior) {
		resp.PlanValue = req.StateValue
		return
	}
	resp.PlanValue = planned
}

// keepString keeps a computed value that does not change from plan to plan.
var keepString = stringplanmodifier.UseStateForUnknown
