package zilliz

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
)

// TestRoleCalls: role calls go to their routes with the GrantV2Req body,
// "*" fills an unset database or collection, and describe merges the "*"
// answer with each named database's, one grant once whatever the spelling
// of its privilege group.
func TestRoleCalls(t *testing.T) {
	t.Parallel()
	var rec *recorder
	rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Path {
		case "/v2/vectordb/roles/list":
			reply(w, 200, `{"code":0,"data":["db_rw","reader","db_admin","db_ro"]}`)
		case "/v2/vectordb/roles/describe":
			switch requestDB(rec, n) {
			case "*": // a recent server: every database
				reply(w, 200, `{"code":0,"data":[
					{"objectType":"Global","objectName":"articles","privilege":"CollectionReadOnly","dbName":"default","grantor":"db_admin"},
					{"objectType":"Global","objectName":"*","privilege":"Cluster_RO","dbName":"*","grantor":"db_admin"}]}`)
			case "tenant_a":
				reply(w, 200, `{"code":0,"data":[{"objectType":"Global","objectName":"*","privilege":"DB_RO","dbName":"tenant_a","grantor":"db_admin"}]}`)
			default: // "default": a duplicate in the other spelling
				reply(w, 200, `{"code":0,"data":[{"objectType":"Global","objectName":"articles","privilege":"COLL_RO","dbName":"default","grantor":"db_admin"}]}`)
			}
		default:
			ok(w, map[string]any{})
		}
	})
	ctx := t.Context()
	if err := dp.CreateRole(ctx, "reader"); err != nil {
		t.Fatal(err)
	}
	roles, err := dp.ListRoles(ctx)
	if err != nil || !reflect.DeepEqual(roles, []string{"db_admin", "db_ro", "db_rw", "reader"}) {
		t.Errorf("list = %v, %v", roles, err)
	}
	if err := dp.GrantPrivilege(ctx, "reader", Grant{Privilege: "COLL_RO", Database: "default", Collection: "articles"}); err != nil {
		t.Fatal(err)
	}
	if err := dp.RevokePrivilege(ctx, "reader", Grant{Privilege: "Cluster_RO"}); err != nil {
		t.Fatal(err)
	}
	grants, err := dp.DescribeRole(ctx, "reader", "default", "tenant_a", "default")
	if err != nil {
		t.Fatal(err)
	}
	want := []Grant{
		{Privilege: "Cluster_RO", Database: "*", Collection: "*", ObjectType: "Global"},
		{Privilege: "CollectionReadOnly", Database: "default", Collection: "articles", ObjectType: "Global"},
		{Privilege: "DB_RO", Database: "tenant_a", Collection: "*", ObjectType: "Global"},
	}
	if !reflect.DeepEqual(grants, want) {
		t.Errorf("describe = %+v\nwant %+v", grants, want)
	}
	if err := dp.DropRole(ctx, "reader"); err != nil {
		t.Fatal(err)
	}
	checkBodies(t, rec, []struct{ path, body string }{
		{"/v2/vectordb/roles/create", `{"roleName":"reader"}`},
		{"/v2/vectordb/roles/list", `{}`},
		{"/v2/vectordb/roles/grant_privilege_v2", `{"dbName":"default","roleName":"reader","privilege":"COLL_RO","collectionName":"articles"}`},
		{"/v2/vectordb/roles/revoke_privilege_v2", `{"dbName":"*","roleName":"reader","privilege":"Cluster_RO","collectionName":"*"}`},
		{"/v2/vectordb/roles/describe", `{"dbName":"*","roleName":"reader"}`},
		{"/v2/vectordb/roles/describe", `{"dbName":"default","roleName":"reader"}`},
		{"/v2/vectordb/roles/describe", `{"dbName":"tenant_a","roleName":"reader"}`},
		{"/v2/vectordb/roles/drop", `{"roleName":"reader"}`},
	})
}

// A database named in state but dropped since answers 800 to describe: its
// grants went with it, which is no error; "*" failing is one.
func TestDescribeRoleDatabaseGone(t *testing.T) {
	t.Parallel()
	var rec *recorder
	rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if requestDB(rec, n) == "gone" {
			reply(w, 200, `{"code":800,"message":"database not found[database=gone]"}`)
			return
		}
		reply(w, 200, `{"code":0,"data":[]}`)
	})
	grants, err := dp.DescribeRole(t.Context(), "reader", "gone")
	if err != nil || len(grants) != 0 {
		t.Fatalf("grants %v, error %v", grants, err)
	}
}

func TestPrivilegeSpellings(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b  string
		same  bool
		level string
	}{
		{"COLL_RO", "CollectionReadOnly", true, PrivilegeLevelCollection},
		{"DB_Admin", "DatabaseAdmin", true, PrivilegeLevelDatabase},
		{"Cluster_RW", "ClusterReadWrite", true, PrivilegeLevelCluster},
		{"COLL_RO", "COLL_RW", false, PrivilegeLevelCollection},
		{"Search", "Search", true, ""},
		{"Search", "Query", false, ""},
	} {
		if SamePrivilege(tc.a, tc.b) != tc.same || PrivilegeGroupLevel(tc.a) != tc.level {
			t.Errorf("%s/%s: same %v, level %q", tc.a, tc.b, SamePrivilege(tc.a, tc.b), PrivilegeGroupLevel(tc.a))
		}
	}
	if len(BuiltinPrivilegeGroups()) != 9 || !IsBuiltinRole("db_ro") || IsBuiltinRole("reader") {
		t.Errorf("groups %v", BuiltinPrivilegeGroups())
	}
}

// requestDB is the dbName of the n-th request a recorder received (the
// handler's own body was read by the recorder).
func requestDB(rec *recorder, n int) string {
	var b struct {
		DBName string `json:"dbName"`
	}
	_ = json.Unmarshal(rec.requests()[n-1].Body, &b)
	return b.DBName
}
