package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// TestClusterFromAPILabels: how a describe (or labels API) answer lands in state:
// only the keys already known are managed (managedLabels).
func TestClusterFromAPILabels(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	written := types.MapValueMust(types.StringType, map[string]attr.Value{"team": types.StringValue("search")})
	empty := types.MapValueMust(types.StringType, map[string]attr.Value{})
	for _, tc := range []struct {
		name  string
		api   map[string]string
		prior types.Map
		want  types.Map
	}{
		{"answer without a labels field keeps what is known", nil, written, written},
		{"answer without a labels field, nothing known", nil, types.MapUnknown(types.StringType), types.MapNull(types.StringType)},
		{"import (unknown prior) takes every label", map[string]string{"team": "search"}, types.MapUnknown(types.StringType), written},
		{"labels added outside Terraform are not managed", map[string]string{"team": "search"}, types.MapNull(types.StringType), types.MapNull(types.StringType)},
		{"a label the service adds is left out", map[string]string{"team": "search", "zilliz-managed": "true"}, written, written},
		{"a managed label changed out of band shows as drift", map[string]string{"team": "ranking"}, written,
			types.MapValueMust(types.StringType, map[string]attr.Value{"team": types.StringValue("ranking")})},
		{"labels removed out of band", map[string]string{}, written, types.MapNull(types.StringType)},
		{"an explicit empty map stays", map[string]string{}, empty, empty},
		{"an explicit empty map stays beside a service label", map[string]string{"zilliz-managed": "true"}, empty, empty},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := clusterResourceModel{Labels: tc.prior}
			if d := clusterFromAPI(ctx, &zilliz.Cluster{ClusterID: "in01-0123456789abcde", Plan: "Standard", Labels: tc.api}, &m); d.HasError() {
				t.Fatal(d)
			}
			if !m.Labels.Equal(tc.want) {
				t.Errorf("labels = %v, want %v", m.Labels, tc.want)
			}
		})
	}
}

// TestClusterDataFromAPINoLabels: a list entry without labels still makes a typed
// null map, which the data sources can store.
func TestClusterDataFromAPINoLabels(t *testing.T) {
	t.Parallel()
	m, d := clusterDataFromAPI(context.Background(), &zilliz.Cluster{ClusterID: "in05-0123456789abcde", Plan: "Serverless"})
	if d.HasError() {
		t.Fatal(d)
	}
	if !m.Labels.Equal(types.MapNull(types.StringType)) {
		t.Errorf("labels = %#v, want a null map of strings", m.Labels)
	}
}

// Every collection_status the schema accepts is sent as one of the two values
// the REST API takes.
func TestRestoreStatusAPI(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"KEEP": "KEEP", "RELEASE": "RELEASE", "LOADED": "KEEP", "NOT_LOADED": "RELEASE"} {
		if got := restoreStatusAPI[in]; got != want {
			t.Errorf("collection_status %q is sent as %q, want %q", in, got, want)
		}
	}
	if len(restoreStatusAPI) != 4 {
		t.Errorf("restoreStatusAPI has %d values, want the 4 the schema accepts", len(restoreStatusAPI))
	}
}

// capacityFromAPI: reported ranges replace the state's block, a reported
// autoscaling without ranges (turned off in the console) removes it, and an
// answer without autoscaling keeps it.
func TestCapacityFromAPI(t *testing.T) {
	t.Parallel()
	n := func(v int) *int { return &v }
	inState := func() *autoscalingModel {
		return &autoscalingModel{CU: &scaleRangeModel{Min: types.Int64Value(2), Max: types.Int64Value(8)}}
	}
	for _, tc := range []struct {
		name   string
		answer *zilliz.Autoscaling
		wantCU [2]int64 // min, max; zero = no block
	}{
		{"not reported", nil, [2]int64{2, 8}},
		{"reported off", &zilliz.Autoscaling{}, [2]int64{}},
		{"reported new range", &zilliz.Autoscaling{CU: &zilliz.AutoscalingRange{Min: n(4), Max: n(16)}}, [2]int64{4, 16}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := clusterResourceModel{Autoscaling: inState()}
			capacityFromAPI(&zilliz.Cluster{Autoscaling: tc.answer}, &m)
			var got [2]int64
			if m.Autoscaling != nil && m.Autoscaling.CU != nil {
				got = [2]int64{m.Autoscaling.CU.Min.ValueInt64(), m.Autoscaling.CU.Max.ValueInt64()}
			}
			if got != tc.wantCU {
				t.Errorf("autoscaling.cu = %v, want %v", got, tc.wantCU)
			}
		})
	}
}
