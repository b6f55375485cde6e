package zillizmock

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
)

type grantItem struct {
	DBName     string `json:"dbName"`
	ObjectName string `json:"objectName"`
	ObjectType string `json:"objectType"`
	Privilege  string `json:"privilege"`
	Grantor    string `json:"grantor"`
}

func describeGrants(t *testing.T, c v2Client, role, db string) []grantItem {
	t.Helper()
	body := map[string]any{"roleName": role}
	if db != "" {
		body["dbName"] = db
	}
	r := c.vdb("roles/describe", body)
	wantCode(t, r, http.StatusOK, codeV2OK)
	return decodeData[[]grantItem](t, r)
}

func grantBody(role, privilege, db, coll string) map[string]any {
	return map[string]any{"roleName": role, "privilege": privilege, "dbName": db, "collectionName": coll}
}

func TestClusterRoles(t *testing.T) {
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "roles")
	id := clusterOf(t, s, c)

	r := c.vdb("roles/list", map[string]any{})
	if got := decodeData[[]string](t, r); !slices.Equal(got, []string{"db_admin", "db_ro", "db_rw"}) {
		t.Fatalf("list = %v", got)
	}
	wantCode(t, c.vdb("roles/create", map[string]any{"roleName": "reader"}), http.StatusOK, codeV2OK)
	for _, tc := range []struct {
		name, route string
		body        map[string]any
		code        int
		part        string
	}{
		{"taken", "roles/create", map[string]any{"roleName": "reader"}, codeUnexpected, `role [name:"reader"] already exists`},
		{"built-in", "roles/create", map[string]any{"roleName": "db_ro"}, codeUnexpected, "already exists"},
		{"digit first", "roles/create", map[string]any{"roleName": "123n"}, codeInvalidParameter, "invalid parameter"},
		{"hyphen", "roles/create", map[string]any{"roleName": "test-role"}, codeInvalidParameter, "invalid parameter"},
		{"unknown privilege", "roles/grant_privilege_v2", grantBody("reader", "ReadEverything", "*", "*"), codeUnexpected, "not found the privilege name[ReadEverything]"},
		{"cluster group on a database", "roles/grant_privilege_v2", grantBody("reader", "Cluster_RO", "default", "*"), codeInvalidParameter, "cluster-level"},
		{"database group on a collection", "roles/grant_privilege_v2", grantBody("reader", "DB_RO", "default", "articles"), codeInvalidParameter, "database-level"},
		{"collection in every database", "roles/grant_privilege_v2", grantBody("reader", "COLL_RO", "*", "articles"), codeInvalidParameter, "collection-level"},
		{"missing role", "roles/grant_privilege_v2", grantBody("nope", "COLL_RO", "default", "*"), codeUnexpected, "not found the role"},
		{"built-in role", "roles/grant_privilege_v2", grantBody("db_ro", "COLL_RO", "default", "*"), codePrivilegeDenied, "can't be altered"},
		{"describe missing", "roles/describe", map[string]any{"roleName": "nope"}, codeUnexpected, "not found the role, maybe the role isn't existed"},
		{"drop missing", "roles/drop", map[string]any{"roleName": "nope"}, codeUnexpected, "not found the role"},
		{"drop built-in", "roles/drop", map[string]any{"roleName": "db_rw"}, codeUnexpected, "the role[db_rw] is a default role, which can't be dropped"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantMessage(t, c.vdb(tc.route, tc.body), http.StatusOK, tc.code, tc.part)
		})
	}
	if got := s.RoleGrants(id, "reader"); len(got) != 0 {
		t.Fatalf("a refused grant was kept: %v", got)
	}

	// Grants at each level; a repeat in the other spelling is the same grant.
	for _, b := range []map[string]any{
		grantBody("reader", "COLL_RO", "default", "articles"),
		grantBody("reader", "CollectionReadOnly", "default", "articles"),
		grantBody("reader", "DB_RO", "tenant_a", "*"),
		grantBody("reader", "Cluster_RO", "*", "*"),
		grantBody("reader", "Search", "default", "*"),
	} {
		wantCode(t, c.vdb("roles/grant_privilege_v2", b), http.StatusOK, codeV2OK)
	}
	want := []string{"COLL_RO default articles", "Cluster_RO * *", "DB_RO tenant_a *", "Search default *"}
	if got := s.RoleGrants(id, "reader"); !slices.Equal(got, want) {
		t.Fatalf("grants = %v, want %v", got, want)
	}
	// describe lists a database's grants and the "*" ones; "*" lists all.
	if got := describeGrants(t, c, "reader", ""); len(got) != 3 { // default: COLL_RO, Cluster_RO, Search
		t.Fatalf("describe default = %+v", got)
	}
	if got := describeGrants(t, c, "reader", "tenant_a"); len(got) != 2 { // DB_RO, Cluster_RO
		t.Fatalf("describe tenant_a = %+v", got)
	}
	all := describeGrants(t, c, "reader", "*")
	if len(all) != 4 {
		t.Fatalf("describe * = %+v", all)
	}
	for _, g := range all {
		wantType := "Global"
		if g.Privilege == "Search" {
			wantType = "Collection"
		}
		if g.ObjectType != wantType || g.Grantor != "db_admin" {
			t.Errorf("grant %+v: object type %s want %s", g, g.ObjectType, wantType)
		}
	}

	// A role bound to a user and holding grants cannot be dropped; once
	// its grants are revoked it is, and the server unbinds it itself.
	wantCode(t, c.vdb("users/create", map[string]any{"userName": "app", "password": goodPassword}), http.StatusOK, codeV2OK)
	wantCode(t, c.vdb("users/grant_role", map[string]any{"userName": "app", "roleName": "reader"}), http.StatusOK, codeV2OK)
	wantMessage(t, c.vdb("roles/drop", map[string]any{"roleName": "reader"}), http.StatusOK, codeDropRoleWithGrant, "fail to drop the role that it has privileges")
	for _, g := range all {
		wantCode(t, c.vdb("roles/revoke_privilege_v2", grantBody("reader", g.Privilege, g.DBName, g.ObjectName)), http.StatusOK, codeV2OK)
	}
	// Revoking what is not held is no error.
	wantCode(t, c.vdb("roles/revoke_privilege_v2", grantBody("reader", "COLL_RW", "default", "articles")), http.StatusOK, codeV2OK)
	wantCode(t, c.vdb("roles/drop", map[string]any{"roleName": "reader"}), http.StatusOK, codeV2OK)
	if got := s.ClusterUserRoles(id, "app"); len(got) != 0 {
		t.Fatalf("the dropped role is still bound: %v", got)
	}
}

func TestClusterRolesMilvusGroupNames(t *testing.T) {
	s := newTestServer(t, func(o *Options) { o.RBACMilvusGroupNames = true })
	c := newV2Client(t, s, "long")
	wantCode(t, c.vdb("roles/create", map[string]any{"roleName": "viewer"}), http.StatusOK, codeV2OK)
	wantCode(t, c.vdb("roles/grant_privilege_v2", grantBody("viewer", "COLL_RO", "default", "articles")), http.StatusOK, codeV2OK)
	if got := describeGrants(t, c, "viewer", "*"); len(got) != 1 || got[0].Privilege != "CollectionReadOnly" {
		t.Fatalf("describe = %+v", got)
	}
}

func TestCustomRoleLimit(t *testing.T) {
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "many")
	for i := range maxCustomRoles {
		wantCode(t, c.vdb("roles/create", map[string]any{"roleName": fmt.Sprintf("r%d", i)}), http.StatusOK, codeV2OK)
	}
	wantMessage(t, c.vdb("roles/create", map[string]any{"roleName": "one_more"}), http.StatusOK, codeRoleNumLimit, "number of roles has reached the limit")
}

// A user's roles decide what it may call: 403 code 1401 otherwise.
func TestRoleEnforcement(t *testing.T) {
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "enforce")
	for _, name := range []string{"articles", "secrets"} {
		wantCode(t, c.post("create", map[string]any{"collectionName": name, "dimension": 4}), http.StatusOK, codeV2OK)
	}
	wantCode(t, c.vdb("roles/create", map[string]any{"roleName": "reader"}), http.StatusOK, codeV2OK)
	wantCode(t, c.vdb("roles/grant_privilege_v2", grantBody("reader", "COLL_RO", "default", "articles")), http.StatusOK, codeV2OK)
	for _, u := range []string{"app", "ro", "nobody"} {
		wantCode(t, c.vdb("users/create", map[string]any{"userName": u, "password": goodPassword}), http.StatusOK, codeV2OK)
	}
	wantCode(t, c.vdb("users/grant_role", map[string]any{"userName": "app", "roleName": "reader"}), http.StatusOK, codeV2OK)
	wantCode(t, c.vdb("users/grant_role", map[string]any{"userName": "ro", "roleName": "db_ro"}), http.StatusOK, codeV2OK)
	app, ro, nobody := c.as("app:"+goodPassword), c.as("ro:"+goodPassword), c.as("nobody:"+goodPassword)

	wantCode(t, app.post("describe", map[string]any{"collectionName": "articles"}), http.StatusOK, codeV2OK)
	wantMessage(t, app.post("describe", map[string]any{"collectionName": "secrets"}), http.StatusForbidden, codePrivilegeDenied, "permission deny to app")
	wantMessage(t, app.post("create", map[string]any{"collectionName": "mine", "dimension": 4}), http.StatusForbidden, codePrivilegeDenied, "CreateCollection")
	wantCode(t, ro.post("describe", map[string]any{"collectionName": "secrets"}), http.StatusOK, codeV2OK)
	wantCode(t, ro.post("drop", map[string]any{"collectionName": "secrets"}), http.StatusForbidden, codePrivilegeDenied)
	wantCode(t, nobody.post("list", map[string]any{}), http.StatusForbidden, codePrivilegeDenied)
	wantCode(t, app.vdb("users/create", map[string]any{"userName": "x", "password": goodPassword}), http.StatusForbidden, codePrivilegeDenied)
}

// Older Milvus releases match describe's database exactly: "*" shows only
// the grants on "*", a named database only its own.
func TestClusterRolesDescribeExactDatabase(t *testing.T) {
	s := newTestServer(t, func(o *Options) { o.DescribeRoleExactDatabase = true })
	c := newV2Client(t, s, "exact")
	wantCode(t, c.vdb("roles/create", map[string]any{"roleName": "viewer"}), http.StatusOK, codeV2OK)
	wantCode(t, c.vdb("roles/grant_privilege_v2", grantBody("viewer", "COLL_RO", "default", "articles")), http.StatusOK, codeV2OK)
	wantCode(t, c.vdb("roles/grant_privilege_v2", grantBody("viewer", "Cluster_RO", "*", "*")), http.StatusOK, codeV2OK)
	if got := describeGrants(t, c, "viewer", "*"); len(got) != 1 || got[0].Privilege != "Cluster_RO" {
		t.Fatalf("describe * = %+v", got)
	}
	if got := describeGrants(t, c, "viewer", "default"); len(got) != 1 || got[0].Privilege != "COLL_RO" {
		t.Fatalf("describe default = %+v", got)
	}
}
