package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The plan says why an argument forces replacement: each resource's
// ModifyPlan warns with the argument and the API's reason, and says nothing
// for an in-place change, a create or a destroy.
func TestSayWhyReplaced(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const ep = "https://in01-0123456789abcde.gcp-us-west1.vectordb.zillizcloud.com:443"
	role := map[string]any{"cluster_endpoint": ep, "name": "app_reader", "id": ep + "/roles/app_reader"}
	user := map[string]any{"cluster_endpoint": ep, "name": "app", "password": "Str0ng-Password", "id": ep + "/users/app"}
	partition := map[string]any{"cluster_endpoint": ep, "database": "default", "collection_name": "articles", "name": "tenant_a"}
	project := map[string]any{"name": "search", "plan": "Enterprise", "id": "proj-1"}
	with := func(m map[string]any, k string, v any) map[string]any {
		out := map[string]any{}
		for a, b := range m {
			out[a] = b
		}
		out[k] = v
		return out
	}
	for _, tc := range []struct {
		name        string
		res         resource.ResourceWithModifyPlan
		state, plan map[string]any // nil: null (create's state, destroy's plan)
		want        []string       // parts of the one warning; nil: none
	}{
		{"role rename", &clusterRoleResource{}, role, with(role, "name", "app_viewer"),
			[]string{"Cluster role will be replaced", `name changes from "app_reader" to "app_viewer"`, "no call that renames a role", "gets the new one"}},
		{"role moved", &clusterRoleResource{}, role, with(role, "cluster_endpoint", types.StringUnknown()),
			[]string{"cluster_endpoint changes", "a value known after apply", "cannot be moved"}},
		{"role created", &clusterRoleResource{}, nil, role, nil},
		{"role destroyed", &clusterRoleResource{}, role, nil, nil},
		{"role unchanged", &clusterRoleResource{}, role, role, nil},
		{"user rename", &clusterUserResource{}, user, with(user, "name", "app2"),
			[]string{"Cluster user will be replaced", "no call that renames a user", "old user is dropped"}},
		{"partition rename", &partitionResource{}, partition, with(partition, "name", "tenant_b"),
			[]string{"Partition will be replaced", "no call that renames a partition", "dropped with its entities"}},
		{"partition to another collection", &partitionResource{}, partition, with(partition, "collection_name", "books"),
			[]string{"collection_name changes", "belongs to one collection"}},
		{"project rename", &projectResource{}, project, with(project, "name", "search2"),
			[]string{"Project will be replaced", "no call that renames a project", "holds clusters"}},
		{"project plan raised in place", &projectResource{}, project, with(project, "plan", "BusinessCritical"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sr resource.SchemaResponse
			tc.res.Schema(ctx, resource.SchemaRequest{}, &sr)
			s := sr.Schema
			object := func(m map[string]any) tfsdk.State {
				if m == nil {
					return tfsdk.State{Schema: s, Raw: clusterObject(t, s, nil)}
				}
				return tfsdk.State{Schema: s, Raw: clusterObject(t, s, m)}
			}
			state, plan := object(tc.state), object(tc.plan)
			req := resource.ModifyPlanRequest{
				State:  state,
				Plan:   tfsdk.Plan{Schema: s, Raw: plan.Raw},
				Config: tfsdk.Config{Schema: s, Raw: plan.Raw},
			}
			resp := &resource.ModifyPlanResponse{Plan: req.Plan}
			tc.res.ModifyPlan(ctx, req, resp)
			if resp.Diagnostics.HasError() {
				t.Fatalf("errors: %v", resp.Diagnostics.Errors())
			}
			warnings := resp.Diagnostics.Warnings()
			if tc.want == nil {
				if len(warnings) != 0 {
					t.Fatalf("warnings %v, want none", warnings)
				}
				return
			}
			if len(warnings) != 1 {
				t.Fatalf("warnings %v, want one", warnings)
			}
			text := warnings[0].Summary() + ": " + warnings[0].Detail()
			for _, part := range tc.want {
				if !strings.Contains(text, part) {
					t.Errorf("warning %q lacks %q", text, part)
				}
			}
		})
	}
}

// A replacement creates a user, which needs a password: an imported user
// (no password in state or configuration) renamed or moved fails at plan
// time, not at apply; with a password, or without a replacement, it plans.
func TestClusterUserResource_replacementNeedsPassword(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const ep = "https://in01-0123456789abcde.gcp-us-west1.vectordb.zillizcloud.com:443"
	var sr resource.SchemaResponse
	(&clusterUserResource{}).Schema(ctx, resource.SchemaRequest{}, &sr)
	s := sr.Schema
	imported := map[string]any{"cluster_endpoint": ep, "name": "app", "id": ep + "/users/app"}
	with := func(k string, v any, more ...any) map[string]any {
		out := map[string]any{"cluster_endpoint": ep, "name": "app", "id": ep + "/users/app", k: v}
		for i := 0; i+1 < len(more); i += 2 {
			out[more[i].(string)] = more[i+1]
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		plan    map[string]any
		wantErr bool
	}{
		{"renamed without a password", with("name", "app2"), true},
		{"moved without a password", with("cluster_endpoint", "https://in01-fedcba9876543210.gcp-us-west1.vectordb.zillizcloud.com:443"), true},
		{"renamed with a password", with("name", "app2", "password", "Str0ng-Password"), false},
		{"unchanged without a password", imported, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan := clusterObject(t, s, tc.plan)
			req := resource.ModifyPlanRequest{
				State:  tfsdk.State{Schema: s, Raw: clusterObject(t, s, imported)},
				Plan:   tfsdk.Plan{Schema: s, Raw: plan},
				Config: tfsdk.Config{Schema: s, Raw: plan},
			}
			resp := &resource.ModifyPlanResponse{Plan: req.Plan}
			(&clusterUserResource{}).ModifyPlan(ctx, req, resp)
			errs := resp.Diagnostics.Errors()
			if !tc.wantErr {
				if len(errs) != 0 {
					t.Fatalf("errors %v, want none", errs)
				}
				return
			}
			if len(errs) != 1 || errs[0].Summary() != "Missing password" || !strings.Contains(errs[0].Detail(), "replaces the user") {
				t.Fatalf("errors %v, want Missing password for the replacement", errs)
			}
		})
	}
}
