package zillizmock

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Cluster users (Milvus handler_v2.go RegisterRoutesToV2, UserCategory):
// POST /v2/vectordb/users/{create,drop,list,describe,update_password,
// grant_role,revoke_role}. Request shapes: request_v2.go UserReq
// {userName}, PasswordReq {userName, password}, NewPasswordReq {userName,
// password, newPassword}, UserRoleReq {userName, roleName}, every field
// `binding:"required"`. Answers and codes are those of Milvus's own tests
// (tests/python_client/milvus_client/test_milvus_client_rbac.py, "the RBAC
// tests" below) and rootcoord meta_table.go; Zilliz Cloud rules come from
// docs.zilliz.com/docs/cluster-users and cluster-users-sdk.
//
// This file also holds what the data plane checks before any route runs:
// who the caller is (the API key, the cluster's built-in user, or a user
// created here) and, for users created here, what their roles allow.

// RBAC codes (Milvus pkg/util/merr/errors.go and the RBAC tests).
const (
	codeWrongOldPassword  = 1400  // ErrNeedAuthenticate: "old password not correct for X: not authenticated"
	codePrivilegeDenied   = 1401  // ErrPrivilegeNotPermitted
	codeRoleNumLimit      = 35    // the RBAC tests: "unable to create role because the number of roles has reached the limit"
	codeDropRoleWithGrant = 36    // the RBAC tests: "fail to drop the role that it has privileges"
	codeOperateUserRole   = 65536 // the RBAC tests: grant_role of a missing user or role
)

// Zilliz Cloud limits (docs.zilliz.com/docs/limits and cluster-users): 100
// users and 20 custom roles per cluster.
const (
	maxClusterUsers = 100
	maxCustomRoles  = 20
)

// Name rules. Users: Milvus proxy/util.go ValidateUsername (not empty, at
// most proxy.maxUsernameLength = 32, a letter first, then letters, digits
// and underscores). Roles: the RBAC tests refuse "123n", "test-role", " ",
// "中文" and a 324-character name with 1100; the Zilliz CLI reference says
// at most 255 characters starting with a letter or an underscore.
const (
	maxUsernameLength = 32
	maxRoleNameLength = 255
)

// clusterAccess is a cluster's users, custom roles and partitions.
type clusterAccess struct {
	users      map[string]*userRecord
	roles      map[string]*roleRecord
	partitions map[*collection]map[string]*partitionRecord
}

// userRecord is a user created through the API (the cluster's built-in user
// is the clusterRecord's username and password).
type userRecord struct {
	name, password string
	roles          map[string]bool
	createdAt      time.Time
}

func (c *clusterRecord) clusterAccess() *clusterAccess {
	if c.access == nil {
		c.access = &clusterAccess{
			users:      map[string]*userRecord{},
			roles:      map[string]*roleRecord{},
			partitions: map[*collection]map[string]*partitionRecord{},
		}
	}
	return c.access
}

// userNames lists the cluster's users, the built-in one included
// (docs.zilliz.com/docs/cluster-credentials-console: list_users() is
// ["db_admin"] on a new cluster), sorted.
func (c *clusterRecord) userNames() []string {
	names := []string{c.username}
	for n := range c.clusterAccess().users {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// dedicatedOnly refuses users and custom roles on Free and Serverless
// clusters: "This feature is available only to Dedicated clusters"
// (docs.zilliz.com/docs/cluster-users, cluster-roles-sdk). (inferred) The
// code and text of the refusal are not documented.
func (c *clusterRecord) dedicatedOnly(what string) *milvusError {
	if c.kind == kindDedicated {
		return nil
	}
	return &milvusError{codeUnexpected, fmt.Sprintf("%s is only available on Dedicated clusters; this cluster's plan is %s", what, c.plan)}
}

func usernameError(name string) *milvusError {
	why := ""
	switch {
	case name == "":
		why = "username must be not empty"
	case len(name) > maxUsernameLength:
		why = fmt.Sprintf("invalid username %s with length %d, the length of username must be less than %d", name, len(name), maxUsernameLength)
	case !isLetter(name[0]):
		why = fmt.Sprintf("invalid user name %s, the first character must be a letter, but got %s", name, name[:1])
	case strings.IndexFunc(name[1:], func(r rune) bool { return !isNameChar(r) }) >= 0:
		why = fmt.Sprintf("invalid user name %s, username must contain only numbers, letters and underscores", name)
	default:
		return nil
	}
	return invalidParam("%s", why)
}

func isASCIIAlnum(r rune) bool {
	return (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9')
}

func isLetter(b byte) bool { return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') }

// passwordError applies Zilliz Cloud's password rule: 8 to 64 characters
// with three of uppercase letters, lowercase letters, digits and special
// characters (docs.zilliz.com/docs/cluster-users-sdk). Milvus itself asks
// only for 6 to 256 (proxy.minPasswordLength, proxy.maxPasswordLength); the
// answer is its: 1100 "invalid password" (the RBAC tests).
func passwordError(p string) *milvusError {
	classes := 0
	for _, set := range []func(rune) bool{
		func(r rune) bool { return r >= 'A' && r <= 'Z' },
		func(r rune) bool { return r >= 'a' && r <= 'z' },
		func(r rune) bool { return r >= '0' && r <= '9' },
		func(r rune) bool { return !isASCIIAlnum(r) },
	} {
		if strings.IndexFunc(p, set) >= 0 {
			classes++
		}
	}
	n := len([]rune(p))
	if n < 8 || n > 64 || classes < 3 {
		return invalidParam("invalid password: a password has 8 to 64 characters and three of: uppercase letters, lowercase letters, digits, special characters")
	}
	return nil
}

// userReq is Milvus's UserReq / PasswordReq / NewPasswordReq / UserRoleReq.
type userReq struct {
	UserName    string `json:"userName"`
	Password    string `json:"password"`
	NewPassword string `json:"newPassword"`
	RoleName    string `json:"roleName"`
}

// decodeUserReq decodes a user body; required names the fields that gin's
// `binding:"required"` checks, in the struct's order.
func decodeUserReq(w *reply, body []byte, reqType string, required ...string) (userReq, bool) {
	var req userReq
	if !decodeMilvusJSON(w, body, &req) {
		return req, false
	}
	for _, f := range required {
		v := map[string]string{"UserName": req.UserName, "Password": req.Password, "NewPassword": req.NewPassword, "RoleName": req.RoleName}[f]
		if v == "" {
			missingRequired(w, reqType, f)
			return req, false
		}
	}
	return req, true
}

// v2ListUsers: {} → {"code":0,"data":[names]} (handler_v2.go listUsers).
func (s *Server) v2ListUsers(w *reply, _ *http.Request, body []byte, id string) {
	var req struct{}
	if !decodeMilvusJSON(w, body, &req) {
		return
	}
	var names []string
	s.withCluster(id, func(c *clusterRecord) { names = c.userNames() })
	w.ok(codeV2OK, names)
}

// v2DescribeUser: {userName} → {"code":0,"data":[role names]}. A user that
// does not exist gets an empty list, not an error (handler_v2.go
// describeUser filters SelectUser's results; the RBAC tests' describe_user
// of a missing user returns {}).
func (s *Server) v2DescribeUser(w *reply, _ *http.Request, body []byte, id string) {
	req, ok := decodeUserReq(w, body, "UserReq", "UserName")
	if !ok {
		return
	}
	roles := []string{}
	s.withCluster(id, func(c *clusterRecord) {
		if req.UserName == c.username {
			// (inferred) The built-in user holds the Admin role
			// (docs.zilliz.com/docs/cluster-credentials-sdk: "db_admin with the Admin role").
			roles = []string{"db_admin"}
			return
		}
		if u := c.clusterAccess().users[req.UserName]; u != nil {
			roles = sortedKeys(u.roles)
		}
	})
	w.ok(codeV2OK, roles)
}

// v2CreateUser: {userName, password}. The checks in Milvus's order: the
// proxy's name and password rules (1100), then rootcoord
// CheckIfAddCredential: a taken name (65535 "user already exists: X", the
// RBAC tests) and the user limit.
func (s *Server) v2CreateUser(w *reply, _ *http.Request, body []byte, id string) {
	req, ok := decodeUserReq(w, body, "PasswordReq", "UserName", "Password")
	if !ok {
		return
	}
	if e := usernameError(req.UserName); e != nil {
		failWith(w, e)
		return
	}
	if e := passwordError(req.Password); e != nil {
		failWith(w, e)
		return
	}
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		if err = c.dedicatedOnly("Creating cluster users"); err != nil {
			return
		}
		a := c.clusterAccess()
		if req.UserName == c.username || a.users[req.UserName] != nil {
			err = &milvusError{codeUnexpected, "user already exists: " + req.UserName}
			return
		}
		if len(c.userNames()) >= maxClusterUsers {
			// (inferred) the code; the text is rootcoord CheckIfAddCredential's.
			err = &milvusError{codeUnexpected, "unable to add user because the number of users has reached the limit"}
			return
		}
		a.users[req.UserName] = &userRecord{name: req.UserName, password: req.Password, roles: map[string]bool{}, createdAt: s.now()}
	})
	if err != nil {
		failWith(w, err)
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// v2UpdatePassword: {userName, password, newPassword}. The current password
// must be right, also for an administrator: 1400 "old password not correct
// for X: not authenticated", and the same for a user that does not exist
// (the RBAC tests). The new password follows the password rule (1100).
// (inferred) The built-in user's password is the console's business: the
// data plane refuses it (1401), as "the built-in db_admin user cannot be
// changed" here.
func (s *Server) v2UpdatePassword(w *reply, _ *http.Request, body []byte, id string) {
	req, ok := decodeUserReq(w, body, "NewPasswordReq", "UserName", "Password", "NewPassword")
	if !ok {
		return
	}
	if e := passwordError(req.NewPassword); e != nil {
		failWith(w, e)
		return
	}
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		if req.UserName == c.username {
			err = &milvusError{codePrivilegeDenied, fmt.Sprintf("privilege not permitted[the password of the built-in user %s is reset in the Zilliz Cloud console]", c.username)}
			return
		}
		u := c.clusterAccess().users[req.UserName]
		if u == nil || !tokenMatches(req.Password, u.password) {
			err = &milvusError{codeWrongOldPassword, fmt.Sprintf("old password not correct for %s: not authenticated", req.UserName)}
			return
		}
		u.password = req.NewPassword
	})
	if err != nil {
		failWith(w, err)
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// v2DropUser: {userName}. The built-in user cannot be dropped (Milvus: 1401
// "root user cannot be deleted"; Zilliz: "The default user db_admin cannot
// be dropped"); a user that does not exist is no error (the RBAC tests'
// test_milvus_client_drop_user drops a missing user).
func (s *Server) v2DropUser(w *reply, _ *http.Request, body []byte, id string) {
	req, ok := decodeUserReq(w, body, "UserReq", "UserName")
	if !ok {
		return
	}
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		if req.UserName == c.username {
			err = &milvusError{codePrivilegeDenied, c.username + " user cannot be deleted"}
			return
		}
		delete(c.clusterAccess().users, req.UserName)
	})
	if err != nil {
		failWith(w, err)
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// v2GrantRole / v2RevokeRole: {userName, roleName}. rootcoord
// CheckIfOperateUserRole: the role must exist (also to revoke), the user
// too when granting; the RBAC tests show code 65536 with "not found the
// user/role, maybe the user/role isn't existed or internal system error".
// Granting a role held already and revoking one not held succeed (the
// catalog reports both as ignorable). (inferred) The built-in user's roles
// cannot be changed (1401).
func (s *Server) v2GrantRole(w *reply, _ *http.Request, body []byte, id string) {
	s.operateUserRole(w, body, id, true)
}

func (s *Server) v2RevokeRole(w *reply, _ *http.Request, body []byte, id string) {
	s.operateUserRole(w, body, id, false)
}

func (s *Server) operateUserRole(w *reply, body []byte, id string, grant bool) {
	req, ok := decodeUserReq(w, body, "UserRoleReq", "UserName", "RoleName")
	if !ok {
		return
	}
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		a := c.clusterAccess()
		if !c.hasRole(req.RoleName) {
			err = &milvusError{codeOperateUserRole, "not found the role, maybe the role isn't existed or internal system error"}
			return
		}
		if req.UserName == c.username {
			err = &milvusError{codePrivilegeDenied, fmt.Sprintf("privilege not permitted[the roles of the built-in user %s cannot be changed]", c.username)}
			return
		}
		u := a.users[req.UserName]
		switch {
		case u == nil && grant:
			err = &milvusError{codeOperateUserRole, "not found the user, maybe the user isn't existed or internal system error"}
		case u == nil:
		case grant:
			u.roles[req.RoleName] = true
		default:
			delete(u.roles, req.RoleName)
		}
	})
	if err != nil {
		failWith(w, err)
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// principal is who a data-plane request authenticated as.
type principal struct {
	name  string
	admin bool // the API key or the cluster's built-in user
}

// authenticate finds the caller of a data-plane request: the project's API
// key and the cluster's built-in user are administrators; "user:password"
// of a user created here is that user. ok is false for anything else, and,
// with Options.CredentialDelay, (inferred: the official provider's users
// report a 401 right after a cluster is created) for every credential until
// CredentialDelay after the cluster became RUNNING, and for a user's own
// credentials until CredentialDelay after the user was created. Milvus
// answers both HTTP 401 code 1800 (handler_v2.go checkAuthorizationV2).
func (s *Server) authenticate(id, tok string) (principal, bool) {
	if tok == "" {
		return principal{}, false
	}
	var who principal
	found := false
	s.withCluster(id, func(c *clusterRecord) {
		now := s.now()
		if delay := s.opts.CredentialDelay; delay > 0 && now.Before(c.createdAt.Add(c.createDur).Add(delay)) {
			return
		}
		switch {
		case tokenMatches(tok, s.apiKey):
			who, found = principal{name: c.username, admin: true}, true
		case tokenMatches(tok, c.username+":"+c.password):
			who, found = principal{name: c.username, admin: true}, true
		default:
			name, pass, _ := strings.Cut(tok, ":")
			u := c.clusterAccess().users[name]
			if u == nil || !tokenMatches(pass, u.password) {
				return
			}
			if delay := s.opts.CredentialDelay; delay > 0 && now.Before(u.createdAt.Add(delay)) {
				return
			}
			who, found = principal{name: name}, true
		}
	})
	return who, found
}

// userRoles is the set of roles a user created here holds.
func (c *clusterRecord) userRoles(name string) map[string]bool {
	if u := c.clusterAccess().users[name]; u != nil {
		return u.roles
	}
	return nil
}

// ClusterUsers returns a cluster's user names, the built-in one included
// (nil for an unknown cluster).
func (s *Server) ClusterUsers(clusterID string) []string {
	var out []string
	s.peekCluster(clusterID, func(c *clusterRecord) { out = c.userNames() })
	return out
}

// ClusterUserRoles returns the roles bound to a user, sorted (nil when the
// cluster or user is unknown).
func (s *Server) ClusterUserRoles(clusterID, user string) []string {
	var out []string
	s.peekCluster(clusterID, func(c *clusterRecord) {
		if u := c.clusterAccess().users[user]; u != nil {
			out = sortedKeys(u.roles)
		}
	})
	return out
}

// UserPasswordIs reports whether user's password is password.
func (s *Server) UserPasswordIs(clusterID, user, password string) bool {
	is := false
	s.peekCluster(clusterID, func(c *clusterRecord) {
		u := c.clusterAccess().users[user]
		is = u != nil && u.password == password
	})
	return is
}

// DropUserNow drops a user out of band, as the console would.
func (s *Server) DropUserNow(clusterID, user string) error {
	return s.inCluster(clusterID, func(c *clusterRecord) error {
		if c.clusterAccess().users[user] == nil {
			return fmt.Errorf("zillizmock: cluster %q has no user %q", clusterID, user)
		}
		delete(c.clusterAccess().users, user)
		return nil
	})
}

// UnbindRoleNow removes a role from a user out of band, as the console would.
func (s *Server) UnbindRoleNow(clusterID, user, role string) error {
	return s.inCluster(clusterID, func(c *clusterRecord) error {
		u := c.clusterAccess().users[user]
		if u == nil || !u.roles[role] {
			return fmt.Errorf("zillizmock: user %q of cluster %q does not hold role %q", user, clusterID, role)
		}
		delete(u.roles, role)
		return nil
	})
}

// peekCluster runs f on a cluster that still exists, under the lock; an
// unknown cluster leaves f unrun.
func (s *Server) peekCluster(clusterID string, f func(c *clusterRecord)) {
	_ = s.inCluster(clusterID, func(c *clusterRecord) error { f(c); return nil })
}

// inCluster runs f on a cluster that still exists, under the lock.
func (s *Server) inCluster(clusterID string, f func(c *clusterRecord) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(s.now())
	c, ok := s.clusters[clusterID]
	if !ok {
		return fmt.Errorf("zillizmock: unknown cluster %q", clusterID)
	}
	return f(c)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// v2AccessRoutes are the users, roles and partitions routes.
var v2AccessRoutes = map[string]v2Handler{
	"/v2/vectordb/users/list":                (*Server).v2ListUsers,
	"/v2/vectordb/users/describe":            (*Server).v2DescribeUser,
	"/v2/vectordb/users/create":              (*Server).v2CreateUser,
	"/v2/vectordb/users/update_password":     (*Server).v2UpdatePassword,
	"/v2/vectordb/users/drop":                (*Server).v2DropUser,
	"/v2/vectordb/users/grant_role":          (*Server).v2GrantRole,
	"/v2/vectordb/users/revoke_role":         (*Server).v2RevokeRole,
	"/v2/vectordb/roles/list":                (*Server).v2ListRoles,
	"/v2/vectordb/roles/describe":            (*Server).v2DescribeRole,
	"/v2/vectordb/roles/create":              (*Server).v2CreateRole,
	"/v2/vectordb/roles/drop":                (*Server).v2DropRole,
	"/v2/vectordb/roles/grant_privilege_v2":  (*Server).v2GrantPrivilegeV2,
	"/v2/vectordb/roles/revoke_privilege_v2": (*Server).v2RevokePrivilegeV2,
	"/v2/vectordb/partitions/create":         (*Server).v2CreatePartition,
	"/v2/vectordb/partitions/drop":           (*Server).v2DropPartition,
	"/v2/vectordb/partitions/has":            (*Server).v2HasPartition,
	"/v2/vectordb/partitions/list":           (*Server).v2ListPartitions,
	"/v2/vectordb/partitions/load":           (*Server).v2LoadPartitions,
	"/v2/vectordb/partitions/release":        (*Server).v2ReleasePartitions,
	"/v2/vectordb/partitions/get_stats":      (*Server).v2PartitionStats,
}
