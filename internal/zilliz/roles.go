package zilliz

import (
	"context"
	"net/http"
	"sort"
	"strings"
)

// Cluster roles (POST /v2/vectordb/roles/*, success code 0). Request shapes
// are Milvus request_v2.go RoleReq {dbName?, roleName} and GrantV2Req
// {roleName, privilege, dbName, collectionName}. A role is granted a
// privilege or a privilege group on a database and a collection ("*" for
// every one); custom roles exist on Dedicated clusters only, and Zilliz
// Cloud grants them the built-in privilege groups
// (docs.zilliz.com/docs/cluster-roles-sdk).

// builtinRoles are the roles every cluster has and that cannot be dropped or
// changed: db_admin, db_ro and db_rw on Zilliz Cloud (list_roles output,
// docs.zilliz.com/reference/python/python/Authentication-list_roles), admin
// and public on Milvus (rootcoord: "the role[admin] is a default role, which
// can't be dropped").
var builtinRoles = map[string]bool{"db_admin": true, "db_ro": true, "db_rw": true, "admin": true, "public": true}

// IsBuiltinRole reports whether name is a role every cluster has.
func IsBuiltinRole(name string) bool { return builtinRoles[name] }

// BuiltinRoles lists the built-in role names, sorted.
func BuiltinRoles() []string {
	out := make([]string, 0, len(builtinRoles))
	for r := range builtinRoles {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// The 9 built-in privilege groups (docs.zilliz.com/docs/cluster-privileges):
// the Zilliz docs name them COLL_RO, …, Cluster_Admin and also use the
// Milvus names (CollectionReadOnly, …, ClusterAdmin; the SDK guide grants
// "ClusterReadOnly"). Which spelling a describe answers with is not
// documented, so both are one privilege here.
var privilegeGroups = []struct{ short, long, level string }{
	{"COLL_RO", "CollectionReadOnly", PrivilegeLevelCollection},
	{"COLL_RW", "CollectionReadWrite", PrivilegeLevelCollection},
	{"COLL_ADMIN", "CollectionAdmin", PrivilegeLevelCollection},
	{"DB_RO", "DatabaseReadOnly", PrivilegeLevelDatabase},
	{"DB_RW", "DatabaseReadWrite", PrivilegeLevelDatabase},
	{"DB_Admin", "DatabaseAdmin", PrivilegeLevelDatabase},
	{"Cluster_RO", "ClusterReadOnly", PrivilegeLevelCluster},
	{"Cluster_RW", "ClusterReadWrite", PrivilegeLevelCluster},
	{"Cluster_Admin", "ClusterAdmin", PrivilegeLevelCluster},
}

// Levels of the built-in privilege groups. The server grants a cluster
// group only on database "*" and collection "*", a database group only on
// collection "*", and a collection group on a named collection only in a
// named database (Milvus tests/integration/rbac/privilege_group_test.go,
// TestGrantV2BuiltinPrivilegeGroup).
const (
	PrivilegeLevelCollection = "collection"
	PrivilegeLevelDatabase   = "database"
	PrivilegeLevelCluster    = "cluster"
)

// PrivilegeGroupLevel is the level of a built-in privilege group in either
// spelling, or "" for anything else (a single privilege, a custom group).
func PrivilegeGroupLevel(privilege string) string {
	for _, g := range privilegeGroups {
		if privilege == g.short || privilege == g.long {
			return g.level
		}
	}
	return ""
}

// BuiltinPrivilegeGroups lists the Zilliz names of the built-in groups.
func BuiltinPrivilegeGroups() []string {
	out := make([]string, 0, len(privilegeGroups))
	for _, g := range privilegeGroups {
		out = append(out, g.short)
	}
	return out
}

// CanonicalPrivilege is one spelling of a privilege: the Milvus name of a
// built-in group, any other privilege as it is.
func CanonicalPrivilege(privilege string) string {
	for _, g := range privilegeGroups {
		if privilege == g.short || privilege == g.long {
			return g.long
		}
	}
	return privilege
}

// SamePrivilege reports whether two spellings name one privilege.
func SamePrivilege(a, b string) bool { return CanonicalPrivilege(a) == CanonicalPrivilege(b) }

// Grant is one privilege of a role on a database and a collection ("*" for
// all of them).
type Grant struct {
	Privilege  string
	Database   string
	Collection string
	// ObjectType is what describe reports (Global, Collection, ...); it is
	// not sent.
	ObjectType string
}

// Key identifies a grant whatever the spelling of its privilege.
func (g Grant) Key() string {
	return CanonicalPrivilege(g.Privilege) + "\x00" + g.Database + "\x00" + g.Collection
}

type roleBody struct {
	DBName         string `json:"dbName,omitempty"`
	RoleName       string `json:"roleName"`
	Privilege      string `json:"privilege,omitempty"`
	CollectionName string `json:"collectionName,omitempty"`
}

func (d *DataPlane) roleRequest(action string, body roleBody, idempotent bool) (request, error) {
	if err := requireID("role name", body.RoleName); err != nil {
		return request{}, err
	}
	r := d.request(http.MethodPost, "/v2/vectordb/roles/"+action, idempotent)
	r.body = body
	return r, nil
}

// ListRoles returns the cluster's role names, sorted (POST
// /v2/vectordb/roles/list; the built-in roles included).
func (d *DataPlane) ListRoles(ctx context.Context) ([]string, error) {
	r := d.request(http.MethodPost, "/v2/vectordb/roles/list", true)
	r.body = struct{}{}
	return d.names(ctx, r)
}

// CreateRole creates a role (POST /v2/vectordb/roles/create). A second
// create of the same name is refused (Milvus 65535 `role [name:"x"] already
// exists`), so the call is not retried once it may have reached the server;
// when its answer is lost, the role list decides.
func (d *DataPlane) CreateRole(ctx context.Context, name string) error {
	r, err := d.roleRequest("create", roleBody{RoleName: name}, false)
	if err != nil {
		return err
	}
	err = d.do(ctx, r, nil)
	if err == nil || !answerMayBeLost(ctx, err) {
		return err
	}
	if roles, lerr := d.ListRoles(ctx); lerr == nil && contains(roles, name) {
		return nil
	}
	return err
}

// DropRole drops a role (POST /v2/vectordb/roles/drop). The server refuses a
// role that still holds privileges ("fail to drop the role that it has
// privileges. Use REVOKE API to revoke privileges": rootcoord DropRole and
// meta_table.go CheckIfDropRole) and removes the role from its users itself;
// a role that does not exist is an error ("not found the role, ..."), so
// callers check the role list first.
func (d *DataPlane) DropRole(ctx context.Context, name string) error {
	r, err := d.roleRequest("drop", roleBody{RoleName: name}, true)
	if err != nil {
		return err
	}
	return d.do(ctx, r, nil)
}

// grantWire is one privilege of a describe answer (handler_v2.go
// describeRole: objectType, objectName, privilege, dbName, grantor).
type grantWire struct {
	ObjectType string `json:"objectType"`
	ObjectName string `json:"objectName"`
	Privilege  string `json:"privilege"`
	DBName     string `json:"dbName"`
	Grantor    string `json:"grantor"`
}

// DescribeRole returns a role's grants (POST /v2/vectordb/roles/describe),
// sorted. The server lists the grants of one database per call (the dbName
// of the request, "default" when none is sent): recent Milvus versions list
// every database's grants for "*" and add the "*" grants to any database's
// (rootcoord catalog ListGrant), older ones match the name exactly. So "*"
// is asked first, then each of databases, and the answers are merged. A
// role that does not exist is an error (Milvus 65535 "not found the role").
func (d *DataPlane) DescribeRole(ctx context.Context, name string, databases ...string) ([]Grant, error) {
	seen := map[string]bool{}
	var out []Grant
	dbs := append([]string{"*"}, databases...)
	for i, db := range dbs {
		if i > 0 && seen["db\x00"+db] {
			continue
		}
		seen["db\x00"+db] = true
		r, err := d.roleRequest("describe", roleBody{RoleName: name, DBName: db}, true)
		if err != nil {
			return nil, err
		}
		var wire []grantWire
		if err := d.do(ctx, r, &wire); err != nil {
			if IsNotFound(err) && db != "*" {
				continue // that database is gone, and its grants with it
			}
			return nil, err
		}
		for _, w := range wire {
			g := Grant{Privilege: w.Privilege, Database: firstSet(w.DBName, db), Collection: firstSet(w.ObjectName, "*"), ObjectType: w.ObjectType}
			if !seen[g.Key()] {
				seen[g.Key()] = true
				out = append(out, g)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	if out == nil {
		out = []Grant{}
	}
	return out, nil
}

// DescribeRoleEverywhere returns a role's grants on every database of the
// cluster: DescribeRole for "*", databases and each database the cluster
// lists (one more call, /v2/vectordb/databases/list). On a server that
// matches dbName exactly (older Milvus, the catalog's ListGrant: `if dbName
// != entity.DbName { return nil }`) a grant made in the console on a
// database nobody named is seen only so: Read needs it to show the drift,
// and Delete to revoke it, as the drop is refused while the role holds it
// (36 "fail to drop the role that it has privileges").
func (d *DataPlane) DescribeRoleEverywhere(ctx context.Context, name string, databases ...string) ([]Grant, error) {
	all, err := d.ListDatabases(ctx)
	if err != nil {
		return nil, err
	}
	return d.DescribeRole(ctx, name, append(append([]string{}, databases...), all...)...)
}

// GrantPrivilege grants a privilege or privilege group to a role (POST
// /v2/vectordb/roles/grant_privilege_v2). Granting what the role holds
// already succeeds (the catalog answers "has been granted" as an ignorable
// error), so it is repeated freely.
func (d *DataPlane) GrantPrivilege(ctx context.Context, role string, g Grant) error {
	return d.operatePrivilege(ctx, "grant_privilege_v2", role, g)
}

// RevokePrivilege revokes a privilege or privilege group from a role (POST
// /v2/vectordb/roles/revoke_privilege_v2). Revoking what the role does not
// hold succeeds (the catalog's "isn't existed" is ignorable).
func (d *DataPlane) RevokePrivilege(ctx context.Context, role string, g Grant) error {
	return d.operatePrivilege(ctx, "revoke_privilege_v2", role, g)
}

func (d *DataPlane) operatePrivilege(ctx context.Context, action, role string, g Grant) error {
	if strings.TrimSpace(g.Privilege) == "" {
		return requireID("privilege", g.Privilege)
	}
	r, err := d.roleRequest(action, roleBody{
		RoleName: role, Privilege: g.Privilege,
		DBName: firstSet(g.Database, "*"), CollectionName: firstSet(g.Collection, "*"),
	}, true)
	if err != nil {
		return err
	}
	return d.do(ctx, r, nil)
}
