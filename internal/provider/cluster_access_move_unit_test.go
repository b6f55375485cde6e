package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// What cannot be moved says so, and a move from anything else is skipped.
func TestClusterAccessMove_unmappable(t *testing.T) {
	t.Parallel()
	const ca = "https://in01-0123456789abcde.gcp-us-west1.vectordb.zillizcloud.com:443"
	cases := []struct {
		name    string
		r       resource.ResourceWithMoveState
		typ     string
		version int64
		attrs   map[string]any
		want    string
	}{
		{name: "user", r: &clusterUserResource{}, typ: "zillizcloud_user", attrs: map[string]any{"connect_address": ca, "username": "app", "password": "App-Passw0rd", "id": "x"}, want: "ok"},
		{name: "user without endpoint", r: &clusterUserResource{}, typ: "zillizcloud_user", attrs: map[string]any{"connect_address": "in01-x", "username": "app", "password": "p", "id": "x"}, want: "connect_address"},
		{name: "user from user_role", r: &clusterUserResource{}, typ: "zillizcloud_user_role", attrs: map[string]any{"connect_address": ca, "username": "app", "roles": []string{"r"}, "id": "x"}},
		{name: "user, newer schema", r: &clusterUserResource{}, typ: "zillizcloud_user", version: 1, attrs: map[string]any{"connect_address": ca, "username": "app", "password": "p", "id": "x"}, want: "schema version 1"},
		{name: "database", r: &databaseResource{}, typ: "zillizcloud_database", attrs: map[string]any{"connect_address": ca, "db_name": "t", "properties": map[string]string{"database.max.collections": "10"}, "id": "x"}, want: "ok"},
		{name: "database default", r: &databaseResource{}, typ: "zillizcloud_database", attrs: map[string]any{"connect_address": ca, "db_name": "default", "id": "x"}, want: "removed"},
		{name: "database property we lack", r: &databaseResource{}, typ: "zillizcloud_database", attrs: map[string]any{"connect_address": ca, "db_name": "t", "properties": map[string]string{"database.custom": "1"}, "id": "x"}, want: "database.custom"},
		{name: "alias", r: &collectionAliasResource{}, typ: "zillizcloud_alias", attrs: map[string]any{"connect_address": ca, "db_name": "default", "alias_name": "live", "collection_name": "articles", "id": "x"}, want: "ok"},
		{name: "alias without collection", r: &collectionAliasResource{}, typ: "zillizcloud_alias", attrs: map[string]any{"connect_address": ca, "db_name": "default", "alias_name": "live", "collection_name": "", "id": "x"}, want: "collection_name"},
		{name: "partition", r: &partitionResource{}, typ: "zillizcloud_partitions", attrs: map[string]any{"connect_address": ca, "db_name": "default", "collection_name": "articles", "partition_name": "p", "id": "x"}, want: "ok"},
		{name: "partition from a collection", r: &partitionResource{}, typ: "zillizcloud_collection", attrs: map[string]any{"connect_address": ca}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resp := moveResponse(t, tc.r)
			movers := tc.r.MoveState(context.Background())
			movers[0].StateMover(context.Background(), moveRequest(t, officialProviderAddress, tc.typ, tc.version, tc.attrs), resp)
			checkMove(t, resp, tc.want)
		})
	}
}
