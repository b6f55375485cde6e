package provider

import (
	"context"
	"testing"
)

// Attributes without a counterpart are errors that name them and say what to do;
// a request from another provider or type is left to other movers.
func TestClusterMove_unmappable(t *testing.T) {
	t.Parallel()
	base := func() map[string]any {
		return officialStateShape(t, "cluster-state.json", "dedicated")
	}
	cases := []struct {
		name    string
		address string
		typ     string
		version int64
		change  func(map[string]any)
		want    string // "" = skipped, "ok" = moved
	}{
		{name: "the recorded state moves", address: officialProviderAddress, typ: "zillizcloud_cluster", want: "ok"},
		{name: "another host serving the same provider", address: "terraform.example.com/zilliztech/zillizcloud", typ: "zillizcloud_cluster", want: "ok"},
		{name: "another provider", address: "registry.terraform.io/hashicorp/random", typ: "zillizcloud_cluster"},
		{name: "another type", address: officialProviderAddress, typ: "zillizcloud_database"},
		{name: "a newer schema version", address: officialProviderAddress, typ: "zillizcloud_cluster", version: 1, want: "schema version 1"},
		{name: "autoscaling", address: officialProviderAddress, typ: "zillizcloud_cluster",
			change: func(m map[string]any) {
				m["cu_settings"] = map[string]any{"dynamic_scaling": map[string]any{"min": 1, "max": 4}}
			},
			want: "cu_settings"},
		{name: "BYOC bucket", address: officialProviderAddress, typ: "zillizcloud_cluster",
			change: func(m map[string]any) { m["bucket_info"] = map[string]any{"bucket_name": "b"} }, want: "bucket_info"},
		{name: "security groups", address: officialProviderAddress, typ: "zillizcloud_cluster",
			change: func(m map[string]any) { m["load_balancer_security_groups"] = []string{"sg-1"} }, want: "load_balancer_security_groups"},
		{name: "an unknown plan", address: officialProviderAddress, typ: "zillizcloud_cluster",
			change: func(m map[string]any) { m["plan"] = "BYOC" }, want: "plan"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			attrs := base()
			if tc.change != nil {
				tc.change(attrs)
			}
			resp := moveResponse(t, &clusterResource{})
			moveClusterFromOfficial(context.Background(), moveRequest(t, tc.address, tc.typ, tc.version, attrs), resp)
			checkMove(t, resp, tc.want)
		})
	}
}
