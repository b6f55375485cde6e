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
