package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

const walkEndpoint = "https://in01-6183d6bac30f801.gcp-us-west1.vectordb.zillizcloud.com:443"

func walkCluster1(protected bool) clusterResourceModel {
	return clusterResourceModel{ID: types.StringValue("in01-6183d6bac30f801"), Name: types.StringValue("search"),
		ProjectID: types.StringValue("proj-1"), ConnectAddress: types.StringValue(walkEndpoint), DeletionProtection: types.BoolValue(protected)}
}

func TestPlanWalkTaintedProtected(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		protected      bool
		plannedInPlace bool
		project, named string
		want           bool
	}{
		{"read, never planned in place: tainted", true, false, "proj-1", "search", true},
		{"planned in place: another resource of the same name", true, true, "proj-1", "search", false},
		{"not protected", false, false, "proj-1", "search", false},
		{"other name", true, false, "proj-1", "other", false},
		{"other project", true, false, "proj-2", "search", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newPlanWalk()
			w.noteCluster(walkCluster1(tc.protected))
			if tc.plannedInPlace {
				w.plannedInPlace("in01-6183d6bac30f801")
			}
			if _, got := w.taintedProtected(tc.project, tc.named); got != tc.want {
				t.Errorf("taintedProtected = %v, want %v", got, tc.want)
			}
		})
	}
	var none *planWalk // an unconfigured provider has no walk
	none.noteCluster(walkCluster1(true))
	if _, ok := none.taintedProtected("proj-1", "search"); ok {
		t.Error("a nil walk found a cluster")
	}
}

// An object on a protected cluster that this walk replaces or destroys
// refuses to go with it, naming the cluster; in every other case its plan is
// its own business.
func TestRefuseLeavingWithCluster(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var schemaResp resource.SchemaResponse
	(&databaseResource{}).Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	typ := schemaResp.Schema.Type().TerraformType(ctx)
	model := func(endpoint types.String) databaseResourceModel {
		return databaseResourceModel{ID: types.StringValue(walkEndpoint + "/databases/tenant_a"), ClusterEndpoint: endpoint,
			Name: types.StringValue("tenant_a"), Properties: types.MapNull(types.StringType), Token: types.StringNull()}
	}
	tests := []struct {
		name          string
		protected     bool
		leaving       string
		stateEndpoint string
		planned       *types.String // nil: the plan destroys the database
		wantErr       bool
	}{
		{"cluster replaced, endpoint unknown", true, "replaces it", walkEndpoint, walkPlanned(types.StringUnknown()), true},
		{"same endpoint spelled without the port", true, "replaces it", strings.TrimSuffix(walkEndpoint, ":443"), walkPlanned(types.StringUnknown()), true},
		{"cluster destroyed, database destroyed", true, "destroys it", walkEndpoint, nil, true},
		{"endpoint known: the cluster stays", true, "replaces it", walkEndpoint, walkPlanned(types.StringValue(walkEndpoint)), false},
		{"cluster not leaving", true, "", walkEndpoint, walkPlanned(types.StringUnknown()), false},
		{"cluster not protected", false, "replaces it", walkEndpoint, walkPlanned(types.StringUnknown()), false},
		{"another cluster", true, "replaces it", "https://in01-aaaa.gcp-us-west1.vectordb.zillizcloud.com", walkPlanned(types.StringUnknown()), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newPlanWalk()
			w.noteCluster(walkCluster1(tc.protected))
			if tc.leaving != "" {
				w.markLeaving("in01-6183d6bac30f801", tc.leaving)
			}
			st := tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(typ, nil)}
			if d := st.Set(ctx, model(types.StringValue(tc.stateEndpoint))); d.HasError() {
				t.Fatal(d)
			}
			pl := tfsdk.Plan{Schema: schemaResp.Schema, Raw: tftypes.NewValue(typ, nil)}
			if tc.planned != nil {
				if d := pl.Set(ctx, model(*tc.planned)); d.HasError() {
					t.Fatal(d)
				}
			}
			resp := resource.ModifyPlanResponse{Plan: pl}
			(&databaseResource{walk: w}).ModifyPlan(ctx, resource.ModifyPlanRequest{State: st, Plan: pl}, &resp)
			switch {
			case tc.wantErr && !resp.Diagnostics.HasError():
				t.Fatal("planned, want it refused")
			case !tc.wantErr && resp.Diagnostics.HasError():
				t.Fatalf("refused: %v", resp.Diagnostics)
			case tc.wantErr:
				d := resp.Diagnostics.Errors()[0]
				if d.Summary() != "Cluster in01-6183d6bac30f801 is protected from deletion" || !strings.Contains(d.Detail(), "Database tenant_a is on cluster in01-6183d6bac30f801 (search)") {
					t.Errorf("error %q: %q", d.Summary(), d.Detail())
				}
			}
		})
	}
}

func walkPlanned(v types.String) *types.String { return &v }

// A create plan whose name and project are those of a protected cluster read
// in this walk but never planned against its state (a tainted resource)
// refuses, naming the cluster and untaint; any other create plans.
func TestClusterModifyPlanTaintedProtected(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := clusterSchema(t)
	create := map[string]any{"project_id": "proj-1", "region_id": "gcp-us-west1", "plan": "Standard", "name": "search", "deletion_protection": true}
	for _, tc := range []struct {
		name           string
		plannedInPlace bool
		planName       string
		wantErr        bool
	}{
		{"tainted protected cluster", false, "search", true},
		{"cluster planned in place: not this create's", true, "search", false},
		{"another name", false, "other", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newPlanWalk()
			w.noteCluster(walkCluster1(true))
			if tc.plannedInPlace {
				w.plannedInPlace("in01-6183d6bac30f801")
			}
			planned := map[string]any{}
			for k, v := range create {
				planned[k] = v
			}
			planned["name"] = tc.planName
			req := resource.ModifyPlanRequest{
				State:  tfsdk.State{Schema: s, Raw: clusterObject(t, s, nil)},
				Plan:   tfsdk.Plan{Schema: s, Raw: clusterObject(t, s, planned)},
				Config: tfsdk.Config{Schema: s, Raw: clusterObject(t, s, planned)},
			}
			resp := &resource.ModifyPlanResponse{Plan: req.Plan}
			(&clusterResource{walk: w}).ModifyPlan(ctx, req, resp)
			if got := resp.Diagnostics.HasError(); got != tc.wantErr {
				t.Fatalf("refused = %v, want %v: %v", got, tc.wantErr, resp.Diagnostics)
			}
			if tc.wantErr {
				d := resp.Diagnostics.Errors()[0]
				if d.Summary() != "Cluster in01-6183d6bac30f801 is protected from deletion" || !strings.Contains(d.Detail(), "terraform untaint") {
					t.Errorf("error %q: %q", d.Summary(), d.Detail())
				}
				if c := w.cluster("in01-6183d6bac30f801"); c.leaving == "" {
					t.Error("the walk does not know the cluster is being replaced")
				}
			}
		})
	}
}
