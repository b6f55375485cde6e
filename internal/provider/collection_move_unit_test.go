package provider

import (
	"context"
	"testing"
)

func TestCollectionMove_unmappable(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		typ     string
		version int64
		change  func(map[string]any)
		want    string
	}{
		{name: "the recorded state moves", typ: "zillizcloud_collection", want: "ok"},
		{name: "a cluster is not a collection", typ: "zillizcloud_cluster"},
		{name: "a newer schema version", typ: "zillizcloud_collection", version: 2, want: "schema version 2"},
		{name: "mmap", typ: "zillizcloud_collection", change: func(m map[string]any) { m["params"] = map[string]any{"mmap_enabled": true} }, want: "mmap_enabled"},
		{name: "an element param we lack", typ: "zillizcloud_collection", change: func(m map[string]any) {
			fields := m["schema"].(map[string]any)["fields"].([]any)
			fields[1].(map[string]any)["element_type_params"] = map[string]any{"dim": "16", "mmap_enabled": "true"}
		}, want: "element_type_params.mmap_enabled"},
		{name: "a dim that is no number", typ: "zillizcloud_collection", change: func(m map[string]any) {
			fields := m["schema"].(map[string]any)["fields"].([]any)
			fields[1].(map[string]any)["element_type_params"] = map[string]any{"dim": "sixteen"}
		}, want: "element_type_params.dim"},
		{name: "no endpoint", typ: "zillizcloud_collection", change: func(m map[string]any) { m["connect_address"] = "in05-x" }, want: "connect_address"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			attrs := officialStateShape(t, "collection-state.json", "x")
			if tc.change != nil {
				tc.change(attrs)
			}
			resp := moveResponse(t, &collectionResource{})
			moveCollectionFromOfficial(context.Background(), moveRequest(t, officialProviderAddress, tc.typ, tc.version, attrs), resp)
			checkMove(t, resp, tc.want)
		})
	}
}
