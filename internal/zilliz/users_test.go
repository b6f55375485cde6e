package zilliz

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// checkBodies compares the requests a test server received with want.
func checkBodies(t *testing.T, rec *recorder, want []struct{ path, body string }) {
	t.Helper()
	reqs := rec.requests()
	if len(reqs) != len(want) {
		for _, r := range reqs {
			t.Logf("%s %s", r.Path, r.Body)
		}
		t.Fatalf("%d requests, want %d", len(reqs), len(want))
	}
	for i, w := range want {
		if reqs[i].Method != http.MethodPost || reqs[i].Path != w.path || strings.TrimSpace(string(reqs[i].Body)) != w.body {
			t.Errorf("request %d: %s %s %s, want POST %s %s", i, reqs[i].Method, reqs[i].Path, reqs[i].Body, w.path, w.body)
		}
	}
}

// TestUserCalls: each call goes to its route with the body Milvus binds
// (userName, password, newPassword, roleName), and lists come back sorted.
func TestUserCalls(t *testing.T) {
	t.Parallel()
	rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		switch r.URL.Path {
		case "/v2/vectordb/users/list":
			reply(w, 200, `{"code":0,"data":["db_admin","app"]}`)
		case "/v2/vectordb/users/describe":
			reply(w, 200, `{"code":0,"data":["reader","db_ro"]}`)
		default:
			ok(w, map[string]any{})
		}
	})
	ctx := t.Context()
	if err := dp.CreateUser(ctx, "app", "Secret-Pass-1"); err != nil {
		t.Fatal(err)
	}
	users, err := dp.ListUsers(ctx)
	if err != nil || !reflect.DeepEqual(users, []string{"app", "db_admin"}) {
		t.Errorf("list = %v, %v", users, err)
	}
	roles, err := dp.DescribeUser(ctx, "app")
	if err != nil || !reflect.DeepEqual(roles, []string{"db_ro", "reader"}) {
		t.Errorf("describe = %v, %v", roles, err)
	}
	if err := dp.UpdatePassword(ctx, "app", "Secret-Pass-1", "Secret-Pass-2"); err != nil {
		t.Fatal(err)
	}
	if err := dp.GrantRole(ctx, "app", "reader"); err != nil {
		t.Fatal(err)
	}
	if err := dp.RevokeRole(ctx, "app", "reader"); err != nil {
		t.Fatal(err)
	}
	if err := dp.DropUser(ctx, "app"); err != nil {
		t.Fatal(err)
	}
	checkBodies(t, rec, []struct{ path, body string }{
		{"/v2/vectordb/users/create", `{"userName":"app","password":"Secret-Pass-1"}`},
		{"/v2/vectordb/users/list", `{}`},
		{"/v2/vectordb/users/describe", `{"userName":"app"}`},
		{"/v2/vectordb/users/update_password", `{"userName":"app","password":"Secret-Pass-1","newPassword":"Secret-Pass-2"}`},
		{"/v2/vectordb/users/grant_role", `{"userName":"app","roleName":"reader"}`},
		{"/v2/vectordb/users/revoke_role", `{"userName":"app","roleName":"reader"}`},
		{"/v2/vectordb/users/drop", `{"userName":"app"}`},
	})
}

// TestUserErrors: db_admin is never dropped, a password change needs both
// passwords, a lost create answer is settled by the user list and never
// sent twice, and the credential checks read 401/403 as the server means them.
func TestUserErrors(t *testing.T) {
	t.Parallel()
	t.Run("db_admin is never dropped", func(t *testing.T) {
		t.Parallel()
		rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, _ *http.Request, _ int) { ok(w, map[string]any{}) })
		if err := dp.DropUser(t.Context(), "db_admin"); err == nil || rec.count() != 0 {
			t.Errorf("error %v after %d requests", err, rec.count())
		}
		if err := dp.UpdatePassword(t.Context(), "app", "", "new-Secret-1"); err == nil || rec.count() != 0 {
			t.Errorf("update without the current password: %v after %d requests", err, rec.count())
		}
	})
	for _, tc := range []struct {
		name    string
		list    string
		wantErr bool
	}{
		{"lost create, user exists", `{"code":0,"data":["db_admin","app"]}`, false},
		{"lost create, user missing", `{"code":0,"data":["db_admin"]}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				if r.URL.Path == "/v2/vectordb/users/create" {
					reply(w, 500, `{"code":65535,"message":"internal"}`)
					return
				}
				reply(w, 200, tc.list)
			})
			err := dp.CreateUser(t.Context(), "app", "Secret-Pass-1")
			if (err != nil) != tc.wantErr {
				t.Fatalf("error = %v, want error %v", err, tc.wantErr)
			}
			creates := 0
			for _, r := range rec.requests() {
				if r.Path == "/v2/vectordb/users/create" {
					creates++
				}
			}
			if creates != 1 {
				t.Errorf("create sent %d times: a create that may have acted is never repeated", creates)
			}
		})
	}
	for _, tc := range []struct {
		name      string
		status    int
		body      string
		accepted  bool
		wantError bool
	}{
		{"answered", 200, `{"code":0,"data":[]}`, true, false},
		{"authenticated but not allowed", 403, `{"code":1401,"message":"permission deny"}`, true, false},
		{"refused", 401, `{"code":1800,"message":"user hasn't authenticated"}`, false, false},
		{"other", 200, `{"code":65535,"message":"boom"}`, false, true},
	} {
		t.Run("check credentials: "+tc.name, func(t *testing.T) {
			t.Parallel()
			rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, _ *http.Request, _ int) { reply(w, tc.status, tc.body) })
			accepted, err := dp.CheckCredentials(t.Context(), "app", "Secret-Pass-1")
			if accepted != tc.accepted || (err != nil) != tc.wantError {
				t.Fatalf("accepted %v, error %v", accepted, err)
			}
			if got := rec.requests()[0].Header.Get("Authorization"); got != "Bearer app:Secret-Pass-1" {
				t.Errorf("authorization %q: the check must present the user's own credentials", got)
			}
		})
	}
}

func TestCredentialErrorClasses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err               *APIError
		refused, wrongOld bool
	}{
		{&APIError{HTTPStatus: 401, Code: 1800}, true, false},
		{&APIError{HTTPStatus: 200, Code: 1800}, true, false},
		{&APIError{HTTPStatus: 403, Code: 1401}, false, false},
		{&APIError{HTTPStatus: 200, Code: 1400}, false, true},
		{&APIError{HTTPStatus: 200, Code: 65535}, false, false},
	} {
		if IsCredentialRefused(tc.err) != tc.refused || IsWrongPassword(tc.err) != tc.wrongOld {
			t.Errorf("%v: refused %v, wrong old password %v", tc.err, IsCredentialRefused(tc.err), IsWrongPassword(tc.err))
		}
	}
}
