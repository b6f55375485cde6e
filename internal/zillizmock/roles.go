package zillizmock

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Cluster roles (Milvus handler_v2.go RegisterRoutesToV2, RoleCategory):
// POST /v2/vectordb/roles/{create,drop,list,describe,grant_privilege_v2,
// revoke_privilege_v2}. Request shapes: request_v2.go RoleReq {dbName?,
// roleName} and GrantV2Req {roleName, privilege, dbName?, collectionName?}.
// Rules: rootcoord meta_table.go (CheckIfCreateRole, CheckIfDropRole,
// CheckIfOperateUserRole, SelectGrant), the catalog's ListGrant and
// AlterGrant, tests/integration/rbac/privilege_group_test.go, and the RBAC
// tests (see users.go); Zilliz Cloud: docs.zilliz.com/docs/cluster-roles,
// cluster-roles-sdk and cluster-privileges.

// zillizBuiltinRoles are the roles every cluster has
// (docs.zilliz.com/reference/python/python/Authentication-list_roles:
// list_roles() is ['db_admin', 'db_ro', 'db_rw']). They cannot be edited or
// dropped (docs.zilliz.com/docs/cluster-roles).
var zillizBuiltinRoles = []string{"db_admin", "db_ro", "db_rw"}

func isBuiltinRole(name string) bool {
	for _, r := range zillizBuiltinRoles {
		if r == name {
			return true
		}
	}
	return false
}

// roleRecord is a custom role and its grants, by grantKey.
type roleRecord struct {
	name   string
	grants map[string]grantRecord
}

// grantRecord is one privilege (or privilege group, spelled as granted) of
// a role on a database and a collection ("*" = every one).
type grantRecord struct {
	privilege, db, collection string
}

// grantKey identifies a grant whatever the spelling of its group.
func grantKey(privilege, db, collection string) string {
	return canonicalGroup(privilege) + "\x00" + db + "\x00" + collection
}

// The built-in privilege groups and the privileges in each
// (docs.zilliz.com/docs/cluster-privileges, "Built-in privilege groups": 9
// groups on the collection, database and cluster levels, without cascading
// between levels). The Zilliz docs spell them COLL_RO … Cluster_Admin and
// also use the Milvus names (the SDK guide grants "ClusterReadOnly"), so both
// are accepted. The collection rows are from the page; (inferred) the
// database and cluster rows follow the Milvus privilege-group reference.
type privilegeGroup struct {
	short, long, level string
	privileges         []string
}

const (
	levelCollection = "collection"
	levelDatabase   = "database"
	levelCluster    = "cluster"
)

var (
	collRO      = []string{"Query", "Search", "IndexDetail", "GetFlushState", "GetLoadState", "GetLoadingProgress", "HasPartition", "ShowPartitions", "ListAliases", "DescribeCollection", "DescribeAlias", "GetStatistics"}
	collRW      = append(append([]string{}, collRO...), "CreateIndex", "DropIndex", "CreatePartition", "DropPartition", "Load", "Release", "Insert", "Delete", "Upsert", "Import", "Flush", "Compaction", "LoadBalance")
	collAdmin   = append(append([]string{}, collRW...), "CreateAlias", "DropAlias")
	dbRO        = []string{"ShowCollections", "DescribeDatabase"}
	dbRW        = append(append([]string{}, dbRO...), "AlterDatabase")
	dbAdmin     = append(append([]string{}, dbRW...), "CreateCollection", "DropCollection")
	clusterRO   = []string{"ListDatabases", "SelectOwnership", "SelectUser", "DescribeResourceGroup", "ListResourceGroups", "ListPrivilegeGroups"}
	clusterRW   = append(append([]string{}, clusterRO...), "FlushAll", "TransferNode", "TransferReplica", "UpdateResourceGroups")
	clusterAdm  = append(append([]string{}, clusterRW...), "BackupRBAC", "RestoreRBAC", "CreateDatabase", "DropDatabase", "CreateOwnership", "DropOwnership", "ManageOwnership", "CreateResourceGroup", "DropResourceGroup", "UpdateUser", "RenameCollection", "CreatePrivilegeGroup", "DropPrivilegeGroup", "OperatePrivilegeGroup")
	builtinGrps = []privilegeGroup{
		{"COLL_RO", "CollectionReadOnly", levelCollection, collRO},
		{"COLL_RW", "CollectionReadWrite", levelCollection, collRW},
		{"COLL_ADMIN", "CollectionAdmin", levelCollection, collAdmin},
		{"DB_RO", "DatabaseReadOnly", levelDatabase, dbRO},
		{"DB_RW", "DatabaseReadWrite", levelDatabase, dbRW},
		{"DB_Admin", "DatabaseAdmin", levelDatabase, dbAdmin},
		{"Cluster_RO", "ClusterReadOnly", levelCluster, clusterRO},
		{"Cluster_RW", "ClusterReadWrite", levelCluster, clusterRW},
		{"Cluster_Admin", "ClusterAdmin", levelCluster, clusterAdm},
	}
)

func findGroup(name string) *privilegeGroup {
	for i := range builtinGrps {
		if g := &builtinGrps[i]; name == g.short || name == g.long {
			return g
		}
	}
	return nil
}

func canonicalGroup(name string) string {
	if g := findGroup(name); g != nil {
		return g.long
	}
	return name
}

// privilegeLevel is the level of a single privilege: that of the lowest
// built-in group holding it, "" for an unknown privilege.
func privilegeLevel(p string) string {
	for _, g := range builtinGrps {
		for _, q := range g.privileges {
			if q == p {
				return g.level
			}
		}
	}
	return ""
}

// levelError applies the levels of the built-in groups: a cluster group only
// on database "*" and collection "*", a database group only on collection
// "*", a collection group on a named collection only in a named database
// (privilege_group_test.go TestGrantV2BuiltinPrivilegeGroup). (inferred) The
// code and text of the refusal.
func levelError(privilege, db, collection string) *milvusError {
	g := findGroup(privilege)
	if g == nil {
		return nil
	}
	bad := false
	switch g.level {
	case levelCluster:
		bad = db != "*" || collection != "*"
	case levelDatabase:
		bad = collection != "*"
	case levelCollection:
		bad = db == "*" && collection != "*"
	}
	if bad {
		return invalidParam("%s is a %s-level privilege group; it cannot be granted on database %q and collection %q", privilege, g.level, db, collection)
	}
	return nil
}

// hasRole reports whether the cluster has a role of that name.
func (c *clusterRecord) hasRole(name string) bool {
	return isBuiltinRole(name) || c.clusterAccess().roles[name] != nil
}

// roleNames lists the built-in and custom roles, sorted.
func (c *clusterRecord) roleNames() []string {
	names := append([]string{}, zillizBuiltinRoles...)
	for n := range c.clusterAccess().roles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func roleNotFound() *milvusError {
	return &milvusError{codeUnexpected, "not found the role, maybe the role isn't existed or internal system error"}
}

// roleNameError: the RBAC tests refuse "123n", "test-role", "n%$#@!", " "
// and "中文" with 1100 "invalid parameter"; at most 255 characters starting
// with a letter or an underscore (Zilliz CLI reference, role create).
func roleNameError(name string) *milvusError {
	switch {
	case name == "" || len(name) > maxRoleNameLength || !isNameStart(name[0]) ||
		strings.IndexFunc(name[1:], func(r rune) bool { return !isNameChar(r) }) >= 0:
		return invalidParam("invalid role name %s: a role name has at most %d letters, digits and underscores, starting with a letter or an underscore", name, maxRoleNameLength)
	}
	return nil
}

// roleReq is Milvus's RoleReq and GrantV2Req.
type roleReq struct {
	DBName         string `json:"dbName"`
	RoleName       string `json:"roleName"`
	Privilege      string `json:"privilege"`
	CollectionName string `json:"collectionName"`
}

func decodeRoleReq(w *reply, body []byte, reqType string, needPrivilege bool) (roleReq, bool) {
	var req roleReq
	if !decodeMilvusJSON(w, body, &req) {
		return req, false
	}
	if req.RoleName == "" {
		missingRequired(w, reqType, "RoleName")
		return req, false
	}
	if needPrivilege && req.Privilege == "" {
		missingRequired(w, reqType, "Privilege")
		return req, false
	}
	return req, true
}

// v2ListRoles: {} → {"code":0,"data":[names]}, the built-in roles included.
func (s *Server) v2ListRoles(w *reply, _ *http.Request, body []byte, id string) {
	var req struct{}
	if !decodeMilvusJSON(w, body, &req) {
		return
	}
	var names []string
	s.withCluster(id, func(c *clusterRecord) { names = c.roleNames() })
	w.ok(codeV2OK, names)
}

// grantEntry is one item of describe's data (handler_v2.go describeRole).
type grantEntry struct {
	DBName     string `json:"dbName"`
	Grantor    string `json:"grantor"`
	ObjectName string `json:"objectName"`
	ObjectType string `json:"objectType"`
	Privilege  string `json:"privilege"`
}

// v2DescribeRole: {roleName, dbName?} → {"code":0,"data":[grants]}. The
// database is the request's (body, DB-Name header, else "default", as
// wrapperPost resolves it), and a grant is listed when its database is that
// one or "*", or the request asks for "*" (the catalog's ListGrant in
// internal/metastore/kv/rootcoord/kv_catalog.go; with
// Options.DescribeRoleExactDatabase, only when it is that one, as older
// releases' ListGrant does). A
// privilege group granted with grant_privilege_v2 is an object of type
// Global (privilege_group_test.go); a single privilege has its own level's
// type. A role that does not exist: 65535 "not found the role, …" (the RBAC
// tests).
func (s *Server) v2DescribeRole(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodeRoleReq(w, body, "RoleReq", false)
	if !ok {
		return
	}
	db := firstNonEmpty(req.DBName, r.Header.Get("DB-Name"), defaultDatabase)
	var out []grantEntry
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		if !c.hasRole(req.RoleName) {
			err = roleNotFound()
			return
		}
		out = []grantEntry{}
		role := c.clusterAccess().roles[req.RoleName]
		if role == nil {
			return // (inferred) built-in roles list no grants
		}
		for _, k := range sortedGrantKeys(role.grants) {
			g := role.grants[k]
			if g.db != db && (s.opts.DescribeRoleExactDatabase || (g.db != "*" && db != "*")) {
				continue
			}
			objectType := "Global"
			if findGroup(g.privilege) == nil && privilegeLevel(g.privilege) == levelCollection {
				objectType = "Collection"
			}
			privilege := g.privilege
			if s.opts.RBACMilvusGroupNames {
				privilege = canonicalGroup(privilege)
			}
			out = append(out, grantEntry{DBName: g.db, Grantor: c.username, ObjectName: g.collection, ObjectType: objectType, Privilege: privilege})
		}
	})
	if err != nil {
		failWith(w, err)
		return
	}
	w.ok(codeV2OK, out)
}

func sortedGrantKeys(m map[string]grantRecord) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// v2CreateRole: {roleName}. A taken name (built-in ones included) is 65535
// `role [name:"X"] already exists` (the RBAC tests); past the 20 custom
// roles Zilliz Cloud allows, 35 "unable to create role because the number
// of roles has reached the limit" (the RBAC tests' code for Milvus's own
// limit).
func (s *Server) v2CreateRole(w *reply, _ *http.Request, body []byte, id string) {
	req, ok := decodeRoleReq(w, body, "RoleReq", false)
	if !ok {
		return
	}
	if e := roleNameError(req.RoleName); e != nil {
		failWith(w, e)
		return
	}
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		if err = c.dedicatedOnly("Creating custom cluster roles"); err != nil {
			return
		}
		a := c.clusterAccess()
		switch {
		case c.hasRole(req.RoleName):
			err = &milvusError{codeUnexpected, fmt.Sprintf(`role [name:"%s"] already exists`, req.RoleName)}
		case len(a.roles) >= maxCustomRoles:
			err = &milvusError{codeRoleNumLimit, "unable to create role because the number of roles has reached the limit"}
		default:
			a.roles[req.RoleName] = &roleRecord{name: req.RoleName, grants: map[string]grantRecord{}}
		}
	})
	if err != nil {
		failWith(w, err)
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// v2DropRole: {roleName}. Refused for a built-in role (65535 "the role[X] is
// a default role, which can't be dropped", the RBAC tests), a missing role
// (65535 "not found the role, …") and a role that still holds privileges
// (36 "fail to drop the role that it has privileges. Use REVOKE API to
// revoke privileges": the RBAC tests; rootcoord DropRole). A role bound to
// users is dropped, and the server unbinds it from them itself (rootcoord
// DropRole: "get all role mapping of this role, drop these role mappings").
func (s *Server) v2DropRole(w *reply, _ *http.Request, body []byte, id string) {
	req, ok := decodeRoleReq(w, body, "RoleReq", false)
	if !ok {
		return
	}
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		a := c.clusterAccess()
		role := a.roles[req.RoleName]
		switch {
		case isBuiltinRole(req.RoleName):
			err = &milvusError{codeUnexpected, fmt.Sprintf("the role[%s] is a default role, which can't be dropped", req.RoleName)}
		case role == nil:
			err = roleNotFound()
		case len(role.grants) > 0:
			err = &milvusError{codeDropRoleWithGrant, "fail to drop the role that it has privileges. Use REVOKE API to revoke privileges"}
		default:
			c.removeRole(req.RoleName)
		}
	})
	if err != nil {
		failWith(w, err)
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// removeRole deletes a custom role and its bindings.
func (c *clusterRecord) removeRole(name string) {
	a := c.clusterAccess()
	delete(a.roles, name)
	for _, u := range a.users {
		delete(u.roles, name)
	}
}

// v2GrantPrivilegeV2 / v2RevokePrivilegeV2: {roleName, privilege, dbName,
// collectionName} ("*" or empty = every one; (inferred) empty reads as "*").
// The role must exist and be a custom one (built-in roles "cannot be
// edited", docs.zilliz.com/docs/cluster-roles; (inferred) answered 1401);
// the privilege must be a built-in group or a known privilege (65535 "not
// found the privilege name[X]", the RBAC tests); a group follows its level.
// Granting what is held and revoking what is not succeed (the catalog's
// "has been granted" / "isn't existed" are ignorable errors).
func (s *Server) v2GrantPrivilegeV2(w *reply, _ *http.Request, body []byte, id string) {
	s.operatePrivilegeV2(w, body, id, true)
}

func (s *Server) v2RevokePrivilegeV2(w *reply, _ *http.Request, body []byte, id string) {
	s.operatePrivilegeV2(w, body, id, false)
}

func (s *Server) operatePrivilegeV2(w *reply, body []byte, id string, grant bool) {
	req, ok := decodeRoleReq(w, body, "GrantV2Req", true)
	if !ok {
		return
	}
	db, coll := firstNonEmpty(req.DBName, "*"), firstNonEmpty(req.CollectionName, "*")
	if findGroup(req.Privilege) == nil && privilegeLevel(req.Privilege) == "" {
		failWith(w, &milvusError{codeUnexpected, fmt.Sprintf("not found the privilege name[%s]", req.Privilege)})
		return
	}
	if e := levelError(req.Privilege, db, coll); e != nil {
		failWith(w, e)
		return
	}
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		role := c.clusterAccess().roles[req.RoleName]
		switch {
		case isBuiltinRole(req.RoleName):
			err = &milvusError{codePrivilegeDenied, fmt.Sprintf("the role[%s] is a builtin role, which can't be altered", req.RoleName)}
		case role == nil:
			err = roleNotFound()
		case grant:
			if _, held := role.grants[grantKey(req.Privilege, db, coll)]; !held { // "has been granted": unchanged
				role.grants[grantKey(req.Privilege, db, coll)] = grantRecord{privilege: req.Privilege, db: db, collection: coll}
			}
		default:
			delete(role.grants, grantKey(req.Privilege, db, coll))
		}
	})
	if err != nil {
		failWith(w, err)
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// Authorization. A request of a user created here passes when one of its
// roles grants the route's privilege on the request's database and
// collection (handler_v2.go wrapperProxy → checkAuthorizationV2 →
// PrivilegeInterceptor: HTTP 403 with the merr code, 1401). Built-in roles:
// db_admin allows everything, db_rw everything but users, roles and
// databases, db_ro reading (docs.zilliz.com/docs/cluster-roles: "Admin",
// "Read-Write", "Read-Only"; (inferred) the exact lines between them). Only
// the routes below are mapped; (inferred) any other route needs db_admin.
var routePrivileges = map[string]string{
	"/v1/vector/collections":                  "ShowCollections",
	"/v1/vector/collections/create":           "CreateCollection",
	"/v1/vector/collections/describe":         "DescribeCollection",
	"/v1/vector/collections/drop":             "DropCollection",
	"/v2/vectordb/collections/list":           "ShowCollections",
	"/v2/vectordb/collections/create":         "CreateCollection",
	"/v2/vectordb/collections/drop":           "DropCollection",
	"/v2/vectordb/collections/describe":       "DescribeCollection",
	"/v2/vectordb/collections/has":            "DescribeCollection",
	"/v2/vectordb/collections/get_load_state": "GetLoadState",
	"/v2/vectordb/collections/load":           "Load",
	"/v2/vectordb/collections/release":        "Release",
	"/v2/vectordb/indexes/describe":           "IndexDetail",
	"/v2/vectordb/databases/list":             "ListDatabases",
	"/v2/vectordb/databases/describe":         "DescribeDatabase",
	"/v2/vectordb/databases/create":           "CreateDatabase",
	"/v2/vectordb/databases/drop":             "DropDatabase",
	"/v2/vectordb/aliases/list":               "ListAliases",
	"/v2/vectordb/aliases/describe":           "DescribeAlias",
	"/v2/vectordb/aliases/create":             "CreateAlias",
	"/v2/vectordb/aliases/drop":               "DropAlias",
	"/v2/vectordb/partitions/list":            "ShowPartitions",
	"/v2/vectordb/partitions/has":             "HasPartition",
	"/v2/vectordb/partitions/get_stats":       "GetStatistics",
	"/v2/vectordb/partitions/create":          "CreatePartition",
	"/v2/vectordb/partitions/drop":            "DropPartition",
	"/v2/vectordb/partitions/load":            "Load",
	"/v2/vectordb/partitions/release":         "Release",
	"/v2/vectordb/users/list":                 "SelectUser",
	"/v2/vectordb/users/describe":             "SelectUser",
	"/v2/vectordb/roles/list":                 "SelectOwnership",
	"/v2/vectordb/roles/describe":             "SelectOwnership",
}

// readPrivileges are what db_ro allows.
var readPrivileges = map[string]bool{}

func init() {
	for _, p := range append(append(append([]string{}, collRO...), dbRO...), clusterRO...) {
		readPrivileges[p] = true
	}
}

// authorize answers 403 and returns false when a user created here may not
// call the route; administrators always may.
func (s *Server) authorize(w *reply, r *http.Request, body []byte, id string, who principal) bool {
	if who.admin {
		return true
	}
	path := strings.TrimSuffix(r.URL.Path, "/")
	privilege := routePrivileges[path]
	var target struct {
		DBName         string `json:"dbName"`
		CollectionName string `json:"collectionName"`
	}
	_ = json.Unmarshal(body, &target) // best effort: a bad body is the route's business
	db := firstNonEmpty(target.DBName, r.URL.Query().Get("dbName"), r.Header.Get("DB-Name"), defaultDatabase)
	coll := firstNonEmpty(target.CollectionName, r.URL.Query().Get("collectionName"))
	allowed := false
	s.withCluster(id, func(c *clusterRecord) {
		for role := range c.userRoles(who.name) {
			if roleAllows(c, role, privilege, db, coll) {
				allowed = true
				return
			}
		}
	})
	if allowed {
		return true
	}
	what := privilege
	if what == "" {
		what = path
	}
	w.fail(http.StatusForbidden, codePrivilegeDenied, fmt.Sprintf("privilege not permitted[privilege=%s]: permission deny to %s", what, who.name))
	return false
}

// roleAllows tells whether role grants privilege on db and coll.
func roleAllows(c *clusterRecord, role, privilege, db, coll string) bool {
	switch role {
	case "db_admin":
		return true
	case "db_rw":
		return (privilege != "" && privilegeLevel(privilege) != levelCluster) || readPrivileges[privilege]
	case "db_ro":
		return readPrivileges[privilege]
	}
	r := c.clusterAccess().roles[role]
	if r == nil || privilege == "" {
		return false
	}
	level := privilegeLevel(privilege)
	for _, g := range r.grants {
		held := g.privilege == privilege
		if grp := findGroup(g.privilege); grp != nil {
			held = false
			for _, p := range grp.privileges {
				held = held || p == privilege
			}
		}
		if !held {
			continue
		}
		switch level {
		case levelCluster:
			return true
		case levelDatabase:
			if g.db == "*" || g.db == db {
				return true
			}
		default:
			if (g.db == "*" || g.db == db) && (g.collection == "*" || g.collection == coll) {
				return true
			}
		}
	}
	return false
}

// ClusterRoles returns a cluster's role names, the built-in ones included.
func (s *Server) ClusterRoles(clusterID string) []string {
	var out []string
	s.peekCluster(clusterID, func(c *clusterRecord) { out = c.roleNames() })
	return out
}

// RoleGrants returns a custom role's grants as "privilege database
// collection" lines, sorted (nil when the cluster or role is unknown).
func (s *Server) RoleGrants(clusterID, role string) []string {
	var out []string
	s.peekCluster(clusterID, func(c *clusterRecord) {
		if r := c.clusterAccess().roles[role]; r != nil {
			out = []string{}
			for _, g := range r.grants {
				out = append(out, g.privilege+" "+g.db+" "+g.collection)
			}
			sort.Strings(out)
		}
	})
	return out
}

// GrantNow grants a privilege to a custom role out of band, as the console would.
func (s *Server) GrantNow(clusterID, role, privilege, db, collection string) error {
	return s.inCluster(clusterID, func(c *clusterRecord) error {
		r := c.clusterAccess().roles[role]
		if r == nil {
			return fmt.Errorf("zillizmock: cluster %q has no custom role %q", clusterID, role)
		}
		r.grants[grantKey(privilege, db, collection)] = grantRecord{privilege: privilege, db: db, collection: collection}
		return nil
	})
}

// RevokeGrantNow revokes a privilege from a custom role out of band.
func (s *Server) RevokeGrantNow(clusterID, role, privilege, db, collection string) error {
	return s.inCluster(clusterID, func(c *clusterRecord) error {
		r := c.clusterAccess().roles[role]
		if r == nil {
			return fmt.Errorf("zillizmock: cluster %q has no custom role %q", clusterID, role)
		}
		k := grantKey(privilege, db, collection)
		if _, ok := r.grants[k]; !ok {
			return fmt.Errorf("zillizmock: role %q holds no %s on %s.%s", role, privilege, db, collection)
		}
		delete(r.grants, k)
		return nil
	})
}

// DropRoleNow drops a custom role out of band with its grants and bindings,
// as the console does.
func (s *Server) DropRoleNow(clusterID, role string) error {
	return s.inCluster(clusterID, func(c *clusterRecord) error {
		if c.clusterAccess().roles[role] == nil {
			return fmt.Errorf("zillizmock: cluster %q has no custom role %q", clusterID, role)
		}
		c.removeRole(role)
		return nil
	})
}
