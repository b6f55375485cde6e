package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

func clusterSchema(t *testing.T) schema.Schema {
	t.Helper()
	var resp resource.SchemaResponse
	(&clusterResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	return resp.Schema
}

// clusterObject is a cluster plan or state with the given attributes set and
// every other attribute null; nil attrs is the null object (create's state,
// destroy's plan).
func clusterObject(t *testing.T, s schema.Schema, attrs map[string]any) tftypes.Value {
	t.Helper()
	ctx := context.Background()
	typ := s.Type().TerraformType(ctx)
	if attrs == nil {
		return tftypes.NewValue(typ, nil)
	}
	st := tfsdk.State{Schema: s, Raw: tftypes.NewValue(typ, nil)}
	for k, v := range attrs {
		if d := st.SetAttribute(ctx, path.Root(k), v); d.HasError() {
			t.Fatalf("set %s: %v", k, d)
		}
	}
	return st.Raw
}

func TestNullUnlessDedicated(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := clusterSchema(t)
	for _, tc := range []struct {
		name       string
		plan       map[string]any // nil: destroy
		config     types.Int64
		planned    types.Int64 // what Terraform proposed
		wantInt    types.Int64
		wantString types.String
	}{
		{"unset on Standard: the dedicated default", map[string]any{"plan": "Standard"}, types.Int64Null(), types.Int64Unknown(), types.Int64Value(4), types.StringValue("Performance-optimized")},
		{"unset on Enterprise: the dedicated default", map[string]any{"plan": "Enterprise"}, types.Int64Null(), types.Int64Unknown(), types.Int64Value(4), types.StringValue("Performance-optimized")},
		{"unset on Free: null", map[string]any{"plan": "Free"}, types.Int64Null(), types.Int64Unknown(), types.Int64Null(), types.StringNull()},
		{"unset on Serverless: null", map[string]any{"plan": "Serverless"}, types.Int64Null(), types.Int64Unknown(), types.Int64Null(), types.StringNull()},
		{"set by the user: untouched", map[string]any{"plan": "Standard"}, types.Int64Value(8), types.Int64Value(8), types.Int64Value(8), types.StringValue("x")},
		{"plan unknown: left unknown", map[string]any{}, types.Int64Null(), types.Int64Unknown(), types.Int64Unknown(), types.StringUnknown()},
		{"destroy: untouched", nil, types.Int64Null(), types.Int64Null(), types.Int64Null(), types.StringNull()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			raw := clusterObject(t, s, tc.plan)
			if tc.plan != nil && tc.plan["plan"] == nil {
				// an unknown plan attribute, as when it comes from another resource
				p := tfsdk.Plan{Schema: s, Raw: raw}
				if d := p.SetAttribute(ctx, path.Root("plan"), types.StringUnknown()); d.HasError() {
					t.Fatal(d)
				}
				raw = p.Raw
			}
			plan := tfsdk.Plan{Schema: s, Raw: raw}

			ireq := planmodifier.Int64Request{Plan: plan, ConfigValue: tc.config, PlanValue: tc.planned}
			iresp := &planmodifier.Int64Response{PlanValue: tc.planned}
			nullUnlessDedicatedInt64{dedicatedDefault: 4}.PlanModifyInt64(ctx, ireq, iresp)
			if !iresp.PlanValue.Equal(tc.wantInt) {
				t.Errorf("int64: planned %v, want %v", iresp.PlanValue, tc.wantInt)
			}

			sconfig, splanned := types.StringNull(), types.StringUnknown()
			if !tc.config.IsNull() {
				sconfig, splanned = types.StringValue("x"), types.StringValue("x")
			}
			if tc.plan == nil {
				splanned = types.StringNull()
			}
			sreq := planmodifier.StringRequest{Plan: plan, ConfigValue: sconfig, PlanValue: splanned}
			sresp := &planmodifier.StringResponse{PlanValue: splanned}
			nullUnlessDedicatedString{dedicatedDefault: "Performance-optimized"}.PlanModifyString(ctx, sreq, sresp)
			if !sresp.PlanValue.Equal(tc.wantString) {
				t.Errorf("string: planned %v, want %v", sresp.PlanValue, tc.wantString)
			}
		})
	}
}

func TestStatusFollowsDesired(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := clusterSchema(t)
	running := map[string]any{"id": "in01-0123456789abcde", "name": "a", "desired_status": "RUNNING", "status": "RUNNING"}
	with := func(base map[string]any, kv ...string) map[string]any {
		out := map[string]any{}
		for k, v := range base {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	for _, tc := range []struct {
		name        string
		state, plan map[string]any
		want        types.String
	}{
		{"create: left unknown", nil, running, types.StringUnknown()},
		{"destroy: left as is", running, nil, types.StringUnknown()},
		{"nothing changes: the known status", running, running, types.StringValue("RUNNING")},
		{"nothing changes while the service suspended it: still the known status",
			with(running, "status", "SUSPENDED"), with(running, "status", "SUSPENDED"), types.StringValue("SUSPENDED")},
		{"suspend: SUSPENDED", running, with(running, "desired_status", "SUSPENDED"), types.StringValue("SUSPENDED")},
		{"resume: RUNNING", with(running, "desired_status", "SUSPENDED", "status", "SUSPENDED"), running, types.StringValue("RUNNING")},
		{"another change: the desired status", running, with(running, "name", "b"), types.StringValue("RUNNING")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			state := tfsdk.State{Schema: s, Raw: clusterObject(t, s, tc.state)}
			plan := tfsdk.Plan{Schema: s, Raw: clusterObject(t, s, tc.plan)}
			stateValue := types.StringNull()
			if tc.state != nil {
				stateValue = types.StringValue(tc.state["status"].(string))
			}
			req := planmodifier.StringRequest{Plan: plan, State: state, StateValue: stateValue, PlanValue: types.StringUnknown()}
			resp := &planmodifier.StringResponse{PlanValue: types.StringUnknown()}
			statusFollowsDesired{}.PlanModifyString(ctx, req, resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			if !resp.PlanValue.Equal(tc.want) {
				t.Errorf("planned status %v, want %v", resp.PlanValue, tc.want)
			}
		})
	}
}

// ModifyPlan on its own (no API): which plans a protected cluster refuses.
func TestClusterModifyPlanDeletionProtection(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := clusterSchema(t)
	base := map[string]any{"id": "in01-0123456789abcde", "project_id": "proj-1", "region_id": "gcp-us-west1", "plan": "Standard",
		"cu_type": "Performance-optimized", "name": "a", "deletion_protection": true}
	with := func(kv ...any) map[string]any {
		out := map[string]any{}
		for k, v := range base {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i].(string)] = kv[i+1]
		}
		return out
	}
	for _, tc := range []struct {
		name        string
		state, plan map[string]any
		wantError   string
	}{
		{"destroy of a protected cluster", base, nil, "protected from deletion"},
		{"destroy of an unprotected cluster", with("deletion_protection", false), nil, ""},
		{"replace (region) of a protected cluster", base, with("region_id", "aws-us-west-2"), "Changing region_id replaces the cluster"},
		{"replace (plan) of a protected cluster", base, with("plan", "Enterprise"), "Changing plan replaces the cluster"},
		{"in-place change of a protected cluster", base, with("name", "b"), ""},
		{"unprotecting is always allowed", base, with("deletion_protection", false), ""},
		{"create", nil, base, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// Terraform always sends the configuration; for a destroy it is null.
			req := resource.ModifyPlanRequest{
				Config: tfsdk.Config{Schema: s, Raw: clusterObject(t, s, tc.plan)},
				State:  tfsdk.State{Schema: s, Raw: clusterObject(t, s, tc.state)},
				Plan:   tfsdk.Plan{Schema: s, Raw: clusterObject(t, s, tc.plan)},
			}
			resp := &resource.ModifyPlanResponse{Plan: req.Plan}
			(&clusterResource{}).ModifyPlan(ctx, req, resp)
			switch {
			case tc.wantError == "" && resp.Diagnostics.HasError():
				t.Errorf("unexpected error: %v", resp.Diagnostics)
			case tc.wantError != "" && !resp.Diagnostics.HasError():
				t.Errorf("no error, want %q", tc.wantError)
			case tc.wantError != "":
				d := resp.Diagnostics.Errors()[0]
				if !strings.Contains(d.Summary()+d.Detail(), tc.wantError) {
					t.Errorf("error %q: %q, want %q", d.Summary(), d.Detail(), tc.wantError)
				}
			}
		})
	}
}

// A create whose answer was lost and whose cluster was then found by name (the
// password was only in the lost answer) warns the user; it does not leave an
// empty password in state silently. Runs against the mock without Terraform.
func TestClusterCreateAdoptedWarnsAboutPassword(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, err := zillizmock.New(zillizmock.Options{
		CreateDuration: 50 * time.Millisecond,
		// Every create is carried out, but its answer never arrives.
		Faults: zillizmock.Faults{RateDropAfter: 1, PathPrefix: "/v2/clusters/create"},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	cfg := zilliz.Config{BaseURL: m.URL(), APIKey: m.APIKey()}
	fastRetries(&cfg)
	client, err := zilliz.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := clusterSchema(t)
	plan := tfsdk.Plan{Schema: s, Raw: clusterObject(t, s, map[string]any{
		"project_id": m.ProjectID(), "region_id": "gcp-us-west1", "name": "adopted", "plan": "Serverless",
		"desired_status": "RUNNING", "deletion_protection": false,
	})}
	for _, a := range []string{"id", "status", "description", "connect_address", "private_link_address", "username", "password", "create_time"} {
		if d := plan.SetAttribute(ctx, path.Root(a), types.StringUnknown()); d.HasError() {
			t.Fatal(d)
		}
	}
	resp := &resource.CreateResponse{State: tfsdk.State{Schema: s, Raw: clusterObject(t, s, nil)}}
	(&clusterResource{client: client}).Create(ctx, resource.CreateRequest{Plan: plan}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("create failed: %v", resp.Diagnostics)
	}
	warnings := resp.Diagnostics.Warnings()
	if len(warnings) != 1 || !strings.Contains(warnings[0].Summary(), "password") || !strings.Contains(warnings[0].Detail(), "reset it in the Zilliz Cloud console") {
		t.Fatalf("warnings %v, want one about the unknown password", warnings)
	}
	var pw types.String
	resp.State.GetAttribute(ctx, path.Root("password"), &pw)
	if pw.ValueString() != "" {
		t.Errorf("password %q, want empty (unknown)", pw.ValueString())
	}
	if n := len(m.Clusters()); n != 1 {
		t.Errorf("%d clusters, want 1", n)
	}
}
