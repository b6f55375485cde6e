package zillizmock

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// as is the same client with other credentials.
func (c v2Client) as(token string) v2Client {
	c.key = token
	return c
}

func wantMessage(t *testing.T, r apiResp, httpStatus, code int, part string) {
	t.Helper()
	wantCode(t, r, httpStatus, code)
	if !strings.Contains(r.Message, part) {
		t.Fatalf("message %q does not contain %q", r.Message, part)
	}
}

const goodPassword = "Str0ng-Password"

func TestClusterUsers(t *testing.T) {
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "users")
	id := clusterOf(t, s, c)

	r := c.vdb("users/list", map[string]any{})
	wantCode(t, r, http.StatusOK, codeV2OK)
	if got := decodeData[[]string](t, r); !slices.Equal(got, []string{"db_admin"}) {
		t.Fatalf("list = %v, want [db_admin]", got)
	}
	wantCode(t, c.vdb("users/create", map[string]any{"userName": "app", "password": goodPassword}), http.StatusOK, codeV2OK)
	if got := s.ClusterUsers(id); !slices.Equal(got, []string{"app", "db_admin"}) {
		t.Fatalf("users = %v", got)
	}

	// Refusals, each with the server's code.
	for _, tc := range []struct {
		name       string
		route      string
		body       map[string]any
		http, code int
		part       string
	}{
		{"taken name", "users/create", map[string]any{"userName": "app", "password": goodPassword}, 200, codeUnexpected, "user already exists: app"},
		{"built-in name", "users/create", map[string]any{"userName": "db_admin", "password": goodPassword}, 200, codeUnexpected, "user already exists"},
		{"digit first", "users/create", map[string]any{"userName": "1app", "password": goodPassword}, 200, codeInvalidParameter, "first character must be a letter"},
		{"hyphen", "users/create", map[string]any{"userName": "app-2", "password": goodPassword}, 200, codeInvalidParameter, "only numbers, letters and underscores"},
		{"too long", "users/create", map[string]any{"userName": strings.Repeat("a", 33), "password": goodPassword}, 200, codeInvalidParameter, "less than 32"},
		{"short password", "users/create", map[string]any{"userName": "b", "password": "Ab1-xyz"}, 200, codeInvalidParameter, "invalid password"},
		{"two classes", "users/create", map[string]any{"userName": "b", "password": "abcdefgh12"}, 200, codeInvalidParameter, "invalid password"},
		{"no password", "users/create", map[string]any{"userName": "b"}, 200, codeMissingParameters, "PasswordReq.Password"},
		{"wrong old password", "users/update_password", map[string]any{"userName": "app", "password": "Wr0ng-Password", "newPassword": goodPassword + "2"}, 200, codeWrongOldPassword, "old password not correct for app"},
		{"missing user", "users/update_password", map[string]any{"userName": "nobody", "password": goodPassword, "newPassword": goodPassword + "2"}, 200, codeWrongOldPassword, "old password not correct for nobody"},
		{"weak new password", "users/update_password", map[string]any{"userName": "app", "password": goodPassword, "newPassword": "weak"}, 200, codeInvalidParameter, "invalid password"},
		{"built-in password", "users/update_password", map[string]any{"userName": "db_admin", "password": "x", "newPassword": goodPassword}, 200, codePrivilegeDenied, "console"},
		{"drop built-in", "users/drop", map[string]any{"userName": "db_admin"}, 200, codePrivilegeDenied, "cannot be deleted"},
		{"grant missing role", "users/grant_role", map[string]any{"userName": "app", "roleName": "nope"}, 200, codeOperateUserRole, "not found the role"},
		{"grant to missing user", "users/grant_role", map[string]any{"userName": "nobody", "roleName": "db_ro"}, 200, codeOperateUserRole, "not found the user"},
		{"built-in roles", "users/grant_role", map[string]any{"userName": "db_admin", "roleName": "db_ro"}, 200, codePrivilegeDenied, "cannot be changed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantMessage(t, c.vdb(tc.route, tc.body), tc.http, tc.code, tc.part)
		})
	}
	if s.ClusterUserRoles(id, "nobody") != nil || slices.Contains(s.ClusterUsers(id), "b") {
		t.Fatal("a refused call changed something")
	}

	// Roles: granting twice and revoking what is not held succeed.
	for _, body := range []map[string]any{{"userName": "app", "roleName": "db_ro"}, {"userName": "app", "roleName": "db_ro"}} {
		wantCode(t, c.vdb("users/grant_role", body), http.StatusOK, codeV2OK)
	}
	wantCode(t, c.vdb("users/revoke_role", map[string]any{"userName": "app", "roleName": "db_rw"}), http.StatusOK, codeV2OK)
	r = c.vdb("users/describe", map[string]any{"userName": "app"})
	if got := decodeData[[]string](t, r); !slices.Equal(got, []string{"db_ro"}) {
		t.Fatalf("describe = %v", got)
	}
	// A missing user is described as a user without roles.
	r = c.vdb("users/describe", map[string]any{"userName": "nobody"})
	wantCode(t, r, http.StatusOK, codeV2OK)
	if got := decodeData[[]string](t, r); len(got) != 0 {
		t.Fatalf("describe of a missing user = %v", got)
	}

	// The user can authenticate; a password change takes effect at once.
	wantCode(t, c.as("app:"+goodPassword).vdb("users/list", map[string]any{}), http.StatusOK, codeV2OK)
	wantCode(t, c.vdb("users/update_password", map[string]any{"userName": "app", "password": goodPassword, "newPassword": "N3w-Password!"}), http.StatusOK, codeV2OK)
	wantMessage(t, c.as("app:"+goodPassword).vdb("users/list", map[string]any{}), http.StatusUnauthorized, codeNotAuthenticated, "hasn't authenticated")
	wantCode(t, c.as("app:N3w-Password!").vdb("users/list", map[string]any{}), http.StatusOK, codeV2OK)

	// Drop, twice: the second finds nothing to drop, which is no error.
	for range 2 {
		wantCode(t, c.vdb("users/drop", map[string]any{"userName": "app"}), http.StatusOK, codeV2OK)
	}
	if got := s.ClusterUsers(id); !slices.Equal(got, []string{"db_admin"}) {
		t.Fatalf("users after drop = %v", got)
	}
}

// Users and custom roles exist on Dedicated clusters only.
func TestClusterUsersDedicatedOnly(t *testing.T) {
	s := newTestServer(t, nil)
	cl := createCluster(t, s, "createServerless", serverlessBody(s, "sls"))
	waitRunning(t, s, cl.ClusterID)
	c := v2Client{t: t, s: s, ep: endpoint(s, cl.ClusterID), key: s.APIKey()}
	wantMessage(t, c.vdb("users/create", map[string]any{"userName": "app", "password": goodPassword}), http.StatusOK, codeUnexpected, "only available on Dedicated clusters")
	wantMessage(t, c.vdb("roles/create", map[string]any{"roleName": "reader"}), http.StatusOK, codeUnexpected, "only available on Dedicated clusters")
}

func TestClusterUserLimit(t *testing.T) {
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "many")
	for i := 1; i < maxClusterUsers; i++ { // db_admin is the first
		wantCode(t, c.vdb("users/create", map[string]any{"userName": fmt.Sprintf("u%d", i), "password": goodPassword}), http.StatusOK, codeV2OK)
	}
	wantMessage(t, c.vdb("users/create", map[string]any{"userName": "one_more", "password": goodPassword}), http.StatusOK, codeUnexpected, "number of users has reached the limit")
}

// With CredentialDelay, a new cluster refuses every credential for a while
// after it runs, and a new user its own credentials after its creation; the
// mock's clock ends both.
func TestCredentialDelay(t *testing.T) {
	clock := NewManualClock(time.Time{})
	s := newTestServer(t, func(o *Options) {
		o.Clock = clock
		o.CreateDuration = time.Minute
		o.CredentialDelay = 5 * time.Minute
	})
	cl := createCluster(t, s, "createDedicated", dedicatedBody(s, "fresh"))
	clock.Advance(time.Minute)
	waitRunning(t, s, cl.ClusterID)
	c := v2Client{t: t, s: s, ep: endpoint(s, cl.ClusterID), key: s.APIKey()}
	admin := c.as(cl.Username + ":" + cl.Password)

	for _, client := range []v2Client{c, admin} {
		wantMessage(t, client.vdb("users/list", map[string]any{}), http.StatusUnauthorized, codeNotAuthenticated, "hasn't authenticated")
	}
	clock.Advance(5*time.Minute - time.Second)
	wantCode(t, c.vdb("users/list", map[string]any{}), http.StatusUnauthorized, codeNotAuthenticated)
	clock.Advance(time.Second)
	for _, client := range []v2Client{c, admin} {
		wantCode(t, client.vdb("users/list", map[string]any{}), http.StatusOK, codeV2OK)
	}

	wantCode(t, c.vdb("users/create", map[string]any{"userName": "app", "password": goodPassword}), http.StatusOK, codeV2OK)
	app := c.as("app:" + goodPassword)
	wantCode(t, app.vdb("users/describe", map[string]any{"userName": "app"}), http.StatusUnauthorized, codeNotAuthenticated)
	wantCode(t, c.vdb("users/list", map[string]any{}), http.StatusOK, codeV2OK) // others are not affected
	clock.Advance(5 * time.Minute)
	wantCode(t, app.vdb("users/describe", map[string]any{"userName": "app"}), http.StatusForbidden, codePrivilegeDenied) // authenticated, no role
}
