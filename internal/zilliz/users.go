package zilliz

import (
	"context"
	"errors"
	"net/http"
	"sort"
)

// Cluster users (POST /v2/vectordb/users/*, success code 0). Request shapes
// are Milvus request_v2.go UserReq {userName}, PasswordReq {userName,
// password}, NewPasswordReq {userName, password, newPassword} and
// UserRoleReq {userName, roleName}, all fields `binding:"required"`.
// Every Zilliz Cloud cluster has the user db_admin, which cannot be dropped
// (docs.zilliz.com/docs/cluster-users).

// BuiltinUser is the user every cluster is created with; it cannot be dropped.
const BuiltinUser = "db_admin"

// userBody is the body of the user calls.
type userBody struct {
	UserName    string `json:"userName"`
	Password    string `json:"password,omitempty"`
	NewPassword string `json:"newPassword,omitempty"`
	RoleName    string `json:"roleName,omitempty"`
}

func (d *DataPlane) userRequest(action string, body userBody, idempotent bool) (request, error) {
	if err := requireID("user name", body.UserName); err != nil {
		return request{}, err
	}
	r := d.request(http.MethodPost, "/v2/vectordb/users/"+action, idempotent)
	r.body = body
	return r, nil
}

// ListUsers returns the cluster's user names, sorted (POST
// /v2/vectordb/users/list; db_admin included).
func (d *DataPlane) ListUsers(ctx context.Context) ([]string, error) {
	r := d.request(http.MethodPost, "/v2/vectordb/users/list", true)
	r.body = struct{}{} // Milvus refuses an empty body (1801); {} is valid
	return d.names(ctx, r)
}

// names runs a call whose data is a list of names and sorts it.
func (d *DataPlane) names(ctx context.Context, r request) ([]string, error) {
	var names []string
	if err := d.do(ctx, r, &names); err != nil {
		return nil, err
	}
	if names == nil {
		names = []string{}
	}
	sort.Strings(names)
	return names, nil
}

// DescribeUser returns the roles bound to a user, sorted (POST
// /v2/vectordb/users/describe). Milvus answers a user that does not exist
// like a user without roles (code 0, an empty list: its SelectUser finds no
// result), so only ListUsers can tell whether the user exists.
func (d *DataPlane) DescribeUser(ctx context.Context, name string) ([]string, error) {
	r, err := d.userRequest("describe", userBody{UserName: name}, true)
	if err != nil {
		return nil, err
	}
	return d.names(ctx, r)
}

// CreateUser creates a user with a password (POST /v2/vectordb/users/create).
// A second create of the same name is refused (Milvus 65535 "user already
// exists"), so the call is not retried once it may have reached the server;
// when its answer is lost, the user list decides: if the user exists now,
// nil is returned. Callers check that the name is free first.
func (d *DataPlane) CreateUser(ctx context.Context, name, password string) error {
	if password == "" {
		return errors.New("the password is empty")
	}
	r, err := d.userRequest("create", userBody{UserName: name, Password: password}, false)
	if err != nil {
		return err
	}
	err = d.do(ctx, r, nil)
	if err == nil || !answerMayBeLost(ctx, err) {
		return err
	}
	if users, lerr := d.ListUsers(ctx); lerr == nil && contains(users, name) {
		return nil
	}
	return err
}

// UpdatePassword changes a user's password (POST
// /v2/vectordb/users/update_password). The server needs the current
// password and refuses a wrong one with code 1400 "old password not correct"
// (Milvus tests, test_milvus_client_update_password_password_wrong), also
// when an administrator calls it. It is not retried once it may have
// reached the server: a repeat after a success would present a password
// that is no longer current.
func (d *DataPlane) UpdatePassword(ctx context.Context, name, oldPassword, newPassword string) error {
	if oldPassword == "" || newPassword == "" {
		return errors.New("both the current and the new password are needed to change a password")
	}
	r, err := d.userRequest("update_password", userBody{UserName: name, Password: oldPassword, NewPassword: newPassword}, false)
	if err != nil {
		return err
	}
	return d.do(ctx, r, nil)
}

// DropUser drops a user (POST /v2/vectordb/users/drop). Dropping a user
// that does not exist succeeds on Milvus (test_milvus_client_drop_user), so
// the call is repeated freely. db_admin is never sent.
func (d *DataPlane) DropUser(ctx context.Context, name string) error {
	if name == BuiltinUser {
		return errors.New("the user db_admin cannot be dropped")
	}
	r, err := d.userRequest("drop", userBody{UserName: name}, true)
	if err != nil {
		return err
	}
	return d.do(ctx, r, nil)
}

// GrantRole binds a role to a user (POST /v2/vectordb/users/grant_role).
// Binding a role the user already has succeeds (the catalog reports it as an
// ignorable error), so it is repeated freely.
func (d *DataPlane) GrantRole(ctx context.Context, user, role string) error {
	return d.userRole(ctx, "grant_role", user, role)
}

// RevokeRole unbinds a role from a user (POST /v2/vectordb/users/revoke_role).
// Revoking a role the user does not have succeeds
// (test_milvus_client_revoke_role revokes before granting).
func (d *DataPlane) RevokeRole(ctx context.Context, user, role string) error {
	return d.userRole(ctx, "revoke_role", user, role)
}

func (d *DataPlane) userRole(ctx context.Context, action, user, role string) error {
	if err := requireID("role name", role); err != nil {
		return err
	}
	r, err := d.userRequest(action, userBody{UserName: user, RoleName: role}, true)
	if err != nil {
		return err
	}
	return d.do(ctx, r, nil)
}

// AsUser is the same endpoint with the credentials of a cluster user.
func (d *DataPlane) AsUser(name, password string) *DataPlane {
	return &DataPlane{c: d.c, endpoint: d.endpoint, token: name + ":" + password}
}

// WithAPIKey is the same endpoint with the client's API key, and whether
// that differs from d's own credentials (false also when the client has no
// key).
func (d *DataPlane) WithAPIKey() (*DataPlane, bool) {
	return &DataPlane{c: d.c, endpoint: d.endpoint, token: d.c.apiKey}, d.c.apiKey != "" && d.token != d.c.apiKey
}

// CheckCredentials tells whether the cluster accepts name and password, by
// describing the user with its own credentials: an answer, or a refusal of
// the privilege (HTTP 403: authenticated, not allowed), means yes; HTTP 401
// (Milvus 1800, "user hasn't authenticated") means no. Anything else is an
// error.
func (d *DataPlane) CheckCredentials(ctx context.Context, name, password string) (bool, error) {
	_, err := d.AsUser(name, password).DescribeUser(ctx, name)
	var ae *APIError
	switch {
	case err == nil:
		return true, nil
	case IsCredentialRefused(err):
		return false, nil
	case errors.As(err, &ae) && ae.HTTPStatus == http.StatusForbidden:
		return true, nil
	}
	return false, err
}

// IsCredentialRefused reports whether the data plane refused the credentials
// themselves: HTTP 401, or Milvus 1800 "user hasn't authenticated"
// (handler_v2.go checkAuthorizationV2). A 403 (authenticated, but the
// privilege is missing) is not one.
func IsCredentialRefused(err error) bool {
	var e *APIError
	return errors.As(err, &e) && (e.HTTPStatus == http.StatusUnauthorized || e.Code == 1800)
}

// IsWrongPassword reports the answer to an update_password whose current
// password is wrong: code 1400 (Milvus ErrNeedAuthenticate, "old password
// not correct for <user>: not authenticated").
func IsWrongPassword(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Code == 1400
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
