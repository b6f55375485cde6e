package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Some zilliz_collection attributes are arguments of the quick-setup form
// (dimension, metric_type, primary_field, vector_field, ...) but only results in
// schema mode, where the `field` and `index` blocks say it all. modeDefault plans
// them.

// schemaMode tells whether the configuration has `field` blocks.
func schemaMode(ctx context.Context, cfg tfsdk.Config) bool {
	var fields types.List
	if d := cfg.GetAttribute(ctx, path.Root("field"), &fields); d.HasError() {
		return false
	}
	return fields.IsUnknown() || (!fields.IsNull() && len(fields.Elements()) > 0)
}

// modeDefault plans an unset attribute by the collection's mode: quick in the
// quick-setup form (nil: null); in schema mode schema, or when schema is nil the
// value in state (unknown on create, until the server says). One value serves
// string, number and bool attributes alike.
type modeDefault struct {
	quick, schema attr.Value
	// quickFromServer: in the quick-setup form the value is whatever the server
	// chose (state, or unknown on create), not a default of ours.
	quickFromServer bool
}

var (
	_ planmodifier.String = modeDefault{}
	_ planmodifier.Int64  = modeDefault{}
	_ planmodifier.Bool   = modeDefault{}
)

func (m modeDefault) Description(context.Context) string {
	return "defaults by collection mode (quick setup or schema)"
}
func (m modeDefault) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

// plan returns the planned value, or ok = false to leave the plan (unknown) alone.
func (m modeDefault) plan(ctx context.Context, cfg tfsdk.Config, state tfsdk.State, stateValue, null attr.Value) (attr.Value, bool) {
	schema := schemaMode(ctx, cfg)
	switch {
	case !schema && m.quickFromServer:
	case !schema && m.quick != nil:
		return m.quick, true
	case !schema:
		return null, true
	case m.schema != nil:
		return m.schema, true
	}
	if !state.Raw.IsNull() {
		return stateValue, true
	}
	return nil, false
}

func (m modeDefault) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.ConfigValue.IsNull() && !req.Plan.Raw.IsNull() {
		if v, ok := m.plan(ctx, req.Config, req.State, req.StateValue, types.StringNull()); ok {
			resp.PlanValue = v.(types.String) //nolint:forcetypeassert // the schema pairs string attributes with string values
		}
	}
}

func (m modeDefault) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if req.ConfigValue.IsNull() && !req.Plan.Raw.IsNull() {
		if v, ok := m.plan(ctx, req.Config, req.State, req.StateValue, types.Int64Null()); ok {
			resp.PlanValue = v.(types.Int64) //nolint:forcetypeassert // the schema pairs number attributes with number values
		}
	}
}

func (m modeDefault) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	if req.ConfigValue.IsNull() && !req.Plan.Raw.IsNull() {
		if v, ok := m.plan(ctx, req.Config, req.State, req.StateValue, types.BoolNull()); ok {
			resp.PlanValue = v.(types.Bool) //nolint:forcetypeassert // the schema pairs bool attributes with bool values
		}
	}
}

// unknownIfChanged plans a computed string as unknown when another attribute
// changes (load_state after a change of load), and as its state value otherwise.
type unknownIfChanged struct{ other path.Path }

func (m unknownIfChanged) Description(context.Context) string {
	return "unknown when " + m.other.String() + " changes"
}
func (m unknownIfChanged) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m unknownIfChanged) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var planned, prior types.Bool
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, m.other, &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, m.other, &prior)...)
	if planned.Equal(prior) {
		resp.PlanValue = req.StateValue
		return
	}
	resp.PlanValue = types.StringUnknown()
}
