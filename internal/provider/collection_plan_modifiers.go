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
// them: an unset value gets the quick-setup default, or in schema mode the value
// in state (unknown on create, read back from the server).

// schemaMode tells whether the configuration has `field` blocks.
func schemaMode(ctx context.Context, cfg tfsdk.Config) bool {
	var fields types.List
	if d := cfg.GetAttribute(ctx, path.Root("field"), &fields); d.HasError() {
		return false
	}
	return fields.IsUnknown() || (!fields.IsNull() && len(fields.Elements()) > 0)
}

// modeDefault returns the planned value for an unset attribute: quick in the
// quick-setup form; in schema mode schema (when not nil), else the prior state.
func modeDefault(ctx context.Context, cfg tfsdk.Config, stateRaw bool, stateValue, quick, schema attr.Value) (attr.Value, bool) {
	if !schemaMode(ctx, cfg) {
		return quick, true
	}
	if schema != nil {
		return schema, true
	}
	if stateRaw {
		return stateValue, true
	}
	return nil, false // unknown until the server says
}

type modeDefaultString struct{ quick, schema *string }

func (m modeDefaultString) Description(context.Context) string {
	return "defaults by collection mode (quick setup or schema)"
}
func (m modeDefaultString) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m modeDefaultString) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	quick, schema := types.StringNull(), attr.Value(nil)
	if m.quick != nil {
		quick = types.StringValue(*m.quick)
	}
	if m.schema != nil {
		schema = types.StringValue(*m.schema)
	}
	if v, ok := modeDefault(ctx, req.Config, !req.State.Raw.IsNull(), req.StateValue, quick, schema); ok {
		resp.PlanValue = v.(types.String) //nolint:forcetypeassert // built above from types.String values
	}
}

type modeDefaultInt64 struct{ quick, schema *int64 }

func (m modeDefaultInt64) Description(context.Context) string {
	return "defaults by collection mode (quick setup or schema)"
}
func (m modeDefaultInt64) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m modeDefaultInt64) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if !req.ConfigValue.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	quick, schema := types.Int64Null(), attr.Value(nil)
	if m.quick != nil {
		quick = types.Int64Value(*m.quick)
	}
	if m.schema != nil {
		schema = types.Int64Value(*m.schema)
	}
	if v, ok := modeDefault(ctx, req.Config, !req.State.Raw.IsNull(), req.StateValue, quick, schema); ok {
		resp.PlanValue = v.(types.Int64) //nolint:forcetypeassert // built above from types.Int64 values
	}
}

type modeDefaultBool struct{ quick, schema *bool }

func (m modeDefaultBool) Description(context.Context) string {
	return "defaults by collection mode (quick setup or schema)"
}
func (m modeDefaultBool) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m modeDefaultBool) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	if !req.ConfigValue.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	quick, schema := types.BoolNull(), attr.Value(nil)
	if m.quick != nil {
		quick = types.BoolValue(*m.quick)
	}
	if m.schema != nil {
		schema = types.BoolValue(*m.schema)
	}
	if v, ok := modeDefault(ctx, req.Config, !req.State.Raw.IsNull(), req.StateValue, quick, schema); ok {
		resp.PlanValue = v.(types.Bool) //nolint:forcetypeassert // built above from types.Bool values
	}
}

func ptr[T any](v T) *T { return &v }

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
