package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A zilliz_collection has two forms: quick setup (no `field` blocks; the
// server builds the schema) and schema (`field` and `index` blocks). Some
// attributes are arguments in one form and results in the other; the
// modifiers here plan them by form.

// configForm tells the form of a configuration. known is false when the
// `field` blocks are unknown (a dynamic block over a value known only at
// apply): then the form is not known either.
func configForm(ctx context.Context, cfg tfsdk.Config) (schemaForm, known bool) {
	var fields types.List
	if d := cfg.GetAttribute(ctx, path.Root("field"), &fields); d.HasError() {
		return false, false
	}
	if fields.IsUnknown() {
		return false, false
	}
	return !fields.IsNull() && len(fields.Elements()) > 0, true
}

// formPlan says how one form plans an attribute left out of the configuration.
type formPlan struct {
	// value, if set, is planned as is (a default of ours).
	value attr.Value
	// fromServer plans the value in state, or unknown on create: the server
	// chooses it. With neither value nor fromServer the plan is null.
	fromServer bool
}

func fixed(v attr.Value) formPlan { return formPlan{value: v} }

var (
	serverChooses = formPlan{fromServer: true}
	planNull      = formPlan{}
)

// defaultByForm plans an attribute left out of the configuration by the
// collection's form: quickSetup without `field` blocks, schema with them.
// While the form is unknown the plan stays unknown. One value serves
// string, number and bool attributes alike.
type defaultByForm struct {
	quickSetup, schema formPlan
}

var (
	_ planmodifier.String = defaultByForm{}
	_ planmodifier.Int64  = defaultByForm{}
	_ planmodifier.Bool   = defaultByForm{}
)

func (m defaultByForm) Description(context.Context) string {
	return "defaults by collection form (quick setup or schema)"
}
func (m defaultByForm) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

// plan returns the planned value, or ok = false to leave the plan (unknown) alone.
func (m defaultByForm) plan(ctx context.Context, cfg tfsdk.Config, state tfsdk.State, stateValue, null attr.Value) (attr.Value, bool) {
	schemaForm, known := configForm(ctx, cfg)
	return m.planFor(schemaForm, known, !state.Raw.IsNull(), stateValue, null)
}

// planFor is plan once the form (schemaForm, if formKnown) and whether the
// collection exists (inState, with its stateValue) are known.
func (m defaultByForm) planFor(schemaForm, formKnown, inState bool, stateValue, null attr.Value) (attr.Value, bool) {
	if !formKnown {
		return nil, false
	}
	p := m.quickSetup
	if schemaForm {
		p = m.schema
	}
	switch {
	case p.value != nil:
		return p.value, true
	case !p.fromServer:
		return null, true
	case inState:
		return stateValue, true
	}
	return nil, false
}

func (m defaultByForm) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.ConfigValue.IsNull() && !req.Plan.Raw.IsNull() {
		if v, ok := m.plan(ctx, req.Config, req.State, req.StateValue, types.StringNull()); ok {
			resp.PlanValue = v.(types.String) //nolint:forcetypeassert // the schema pairs string attributes with string values
		}
	}
}

func (m defaultByForm) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if req.ConfigValue.IsNull() && !req.Plan.Raw.IsNull() {
		if v, ok := m.plan(ctx, req.Config, req.State, req.StateValue, types.Int64Null()); ok {
			resp.PlanValue = v.(types.Int64) //nolint:forcetypeassert // the schema pairs number attributes with number values
		}
	}
}

func (m defaultByForm) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	if req.ConfigValue.IsNull() && !req.Plan.Raw.IsNull() {
		if v, ok := m.plan(ctx, req.Config, req.State, req.StateValue, types.BoolNull()); ok {
			resp.PlanValue = v.(types.Bool) //nolint:forcetypeassert // the schema pairs bool attributes with bool values
		}
	}
}

// matchBlocksByKey plans a list of blocks the server returns in no fixed
// order and cannot fully read back (`field` by name, `index` by field
// name). The plan is the configuration in its own order; an element is
// compared with the state element of the same key, never the one at the same
// position. plan fills what the configuration leaves to the server from the
// matched state element and reports whether the two differ in a way that
// needs a new collection. A value the server could not return (null in
// state) never does.
type matchBlocksByKey struct {
	what string // for the description
	plan func(ctx context.Context, config, plan, state types.List) (types.List, bool, diag.Diagnostics)
}

func (m matchBlocksByKey) Description(context.Context) string {
	return m.what + " blocks are matched by key, not position; a change the server can make only by re-creating the collection forces a new one"
}
func (m matchBlocksByKey) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m matchBlocksByKey) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return // create or destroy
	}
	if req.ConfigValue.IsUnknown() {
		// Known only at apply: it may differ in anything.
		resp.RequiresReplace = true
		return
	}
	planned, replace, diags := m.plan(ctx, req.ConfigValue, req.PlanValue, req.StateValue)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	resp.PlanValue = planned
	resp.RequiresReplace = replace
}
