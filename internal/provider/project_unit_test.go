package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

func TestOnlyRaiseProjectPlan(t *testing.T) {
	t.Parallel()
	s, n, u := types.StringValue, types.StringNull(), types.StringUnknown()
	for _, tc := range []struct {
		name        string
		state, plan types.String
		refused     bool
	}{
		{"create", n, s("Standard"), false},
		{"raise Standard to Enterprise", s("Standard"), s("Enterprise"), false},
		{"raise Enterprise to BusinessCritical", s("Enterprise"), s("BusinessCritical"), false},
		{"unchanged", s("Enterprise"), s("Enterprise"), false},
		{"lower BusinessCritical to Enterprise", s("BusinessCritical"), s("Enterprise"), true},
		{"lower Enterprise to Standard", s("Enterprise"), s("Standard"), true},
		{"plan not known yet", s("Enterprise"), u, false},
		{"destroy", s("Enterprise"), n, false},
		{"a plan the provider does not rank (left to the validator)", s("Enterprise"), s("Free"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resp := &planmodifier.StringResponse{PlanValue: tc.plan}
			onlyRaiseProjectPlan{}.PlanModifyString(context.Background(),
				planmodifier.StringRequest{Path: path.Root("plan"), StateValue: tc.state, PlanValue: tc.plan, ConfigValue: tc.plan}, resp)
			if resp.Diagnostics.HasError() != tc.refused {
				t.Errorf("refused %v, want %v: %v", resp.Diagnostics.HasError(), tc.refused, resp.Diagnostics)
			}
		})
	}
}

func TestOnlyAddProjectRegions(t *testing.T) {
	t.Parallel()
	set := func(v ...string) types.Set {
		elems := []attr.Value{}
		for _, s := range v {
			elems = append(elems, types.StringValue(s))
		}
		return types.SetValueMust(types.StringType, elems)
	}
	null, unknown := types.SetNull(types.StringType), types.SetUnknown(types.StringType)
	for _, tc := range []struct {
		name        string
		state, plan types.Set
		refused     bool
	}{
		{"create", null, set("gcp-us-west1"), false},
		{"add one", set("gcp-us-west1"), set("gcp-us-west1", "aws-us-west-2"), false},
		{"unchanged, in another order", set("gcp-us-west1", "aws-us-west-2"), set("aws-us-west-2", "gcp-us-west1"), false},
		{"remove one", set("gcp-us-west1", "aws-us-west-2"), set("gcp-us-west1"), true},
		{"swap one for another", set("gcp-us-west1"), set("aws-us-west-2"), true},
		{"not known yet", set("gcp-us-west1"), unknown, false},
		{"left out: the state's value is kept before this runs", set("gcp-us-west1"), null, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resp := &planmodifier.SetResponse{PlanValue: tc.plan}
			onlyAddProjectRegions{}.PlanModifySet(context.Background(),
				planmodifier.SetRequest{Path: path.Root("region_ids"), StateValue: tc.state, PlanValue: tc.plan}, resp)
			if resp.Diagnostics.HasError() != tc.refused {
				t.Errorf("refused %v, want %v: %v", resp.Diagnostics.HasError(), tc.refused, resp.Diagnostics)
			}
		})
	}
}

// Regions come from the answer when it lists them, and are kept from the
// model when it does not (the recorded answers carry none).
func TestProjectResourceFromAPI(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	configured := types.SetValueMust(types.StringType, []attr.Value{types.StringValue("gcp-us-west1")})
	for _, tc := range []struct {
		name    string
		answer  []string
		model   types.Set
		wantLen int // -1: null
	}{
		{"recorded answer: the configured regions stay", nil, configured, 1},
		{"recorded answer, none configured: null", nil, types.SetNull(types.StringType), -1},
		{"answer lists regions: they win", []string{"gcp-us-west1", "aws-us-west-2"}, configured, 2},
		{"answer lists none, none configured: null, not an empty set", []string{}, types.SetNull(types.StringType), -1},
		{"answer lists none but some are configured: drift shows", []string{}, configured, 0},
		{"create with regions unknown: null", nil, types.SetUnknown(types.StringType), -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := projectResourceModel{RegionIDs: tc.model}
			if d := projectResourceFromAPI(ctx, &zilliz.Project{ProjectID: "proj-1", RegionIDs: tc.answer}, &m); d.HasError() {
				t.Fatal(d)
			}
			switch {
			case tc.wantLen < 0 && !m.RegionIDs.IsNull():
				t.Errorf("regions %v, want null", m.RegionIDs)
			case tc.wantLen >= 0 && (m.RegionIDs.IsNull() || len(m.RegionIDs.Elements()) != tc.wantLen):
				t.Errorf("regions %v, want %d", m.RegionIDs, tc.wantLen)
			}
		})
	}
}

// What has no counterpart in zilliz_api_key is an error that names it; the
// secret moves along; a request from another type is left to other movers.
func TestAccessMove_unmappable(t *testing.T) {
	t.Parallel()
	key := func() map[string]any {
		return map[string]any{"id": "key-0123456789abcd", "name": "ci", "role": "Member", "key_value": "s3cr3t",
			"project_access": []map[string]any{{"project_id": "proj-1", "role": "Read-Only", "all_cluster": false, "cluster_ids": []string{"in01-1"}}}}
	}
	project := func() map[string]any {
		return map[string]any{"id": "proj-0123456789abcdef012345", "project_name": "p", "plan": "Enterprise", "region_ids": nil}
	}
	for _, tc := range []struct {
		name    string
		typ     string
		attrs   map[string]any
		change  func(map[string]any)
		version int64
		want    string
	}{
		{name: "a key moves", typ: "zillizcloud_api_key", attrs: key(), want: "ok"},
		{name: "a key's project without clusters", typ: "zillizcloud_api_key", attrs: key(),
			change: func(m map[string]any) { m["project_access"].([]map[string]any)[0]["cluster_ids"] = nil }, want: "neither all_cluster nor cluster_ids"},
		{name: "a key's project without a role", typ: "zillizcloud_api_key", attrs: key(),
			change: func(m map[string]any) { m["project_access"].([]map[string]any)[0]["role"] = nil }, want: "no role"},
		{name: "a key never created", typ: "zillizcloud_api_key", attrs: key(), change: func(m map[string]any) { m["id"] = "" }, want: "Import it instead"},
		{name: "a newer schema version", typ: "zillizcloud_api_key", attrs: key(), version: 1, want: "schema version 1"},
		{name: "a project moves", typ: "zillizcloud_project", attrs: project(), want: "ok"},
		{name: "a project without a plan takes the default", typ: "zillizcloud_project", attrs: project(),
			change: func(m map[string]any) { delete(m, "plan") }, want: "ok"},
		{name: "a project with a plan this provider has not", typ: "zillizcloud_project", attrs: project(),
			change: func(m map[string]any) { m["plan"] = "BYOC" }, want: "plan"},
		{name: "another type", typ: "zillizcloud_user", attrs: key()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.change != nil {
				tc.change(tc.attrs)
			}
			req := moveRequest(t, officialProviderAddress, tc.typ, tc.version, tc.attrs)
			if tc.typ == "zillizcloud_project" {
				resp := moveResponse(t, &projectResource{})
				moveProjectFromOfficial(context.Background(), req, resp)
				checkMove(t, resp, tc.want)
				return
			}
			resp := moveResponse(t, &apiKeyResource{})
			moveAPIKeyFromOfficial(context.Background(), req, resp)
			checkMove(t, resp, tc.want)
			if tc.want == "ok" {
				var m apiKeyResourceModel
				if d := resp.TargetState.Get(context.Background(), &m); d.HasError() || m.Key.ValueString() != "s3cr3t" || len(m.ProjectAccess.Elements()) != 1 {
					t.Errorf("moved key %+v %v", m, d)
				}
			}
		})
	}
}
