package zilliz

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// TestDatabaseCalls: each call goes to its route with the body the server
// binds (dbName required; properties as text; propertyKeys), and describe
// and list are decoded.
func TestDatabaseCalls(t *testing.T) {
	t.Parallel()
	rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		switch r.URL.Path {
		case "/v2/vectordb/databases/describe":
			reply(w, 200, `{"code":0,"data":{"dbName":"tenant_a","dbID":"451","properties":[{"key":"database.replica.number","value":"2"},{"key":"database.force.deny.writing","value":true}]}}`)
		case "/v2/vectordb/databases/list":
			reply(w, 200, `{"code":0,"data":["tenant_a","default"]}`)
		default:
			ok(w, map[string]any{})
		}
	})
	ctx := t.Context()
	if err := dp.CreateDatabase(ctx, "tenant_a", map[string]string{"database.replica.number": "2"}); err != nil {
		t.Fatal(err)
	}
	db, err := dp.DescribeDatabase(ctx, "tenant_a")
	if err != nil {
		t.Fatal(err)
	}
	want := &Database{Name: "tenant_a", ID: 451, Properties: map[string]string{"database.replica.number": "2", "database.force.deny.writing": "true"}}
	if !reflect.DeepEqual(db, want) {
		t.Errorf("describe = %+v, want %+v", db, want)
	}
	names, err := dp.ListDatabases(ctx)
	if err != nil || !reflect.DeepEqual(names, []string{"default", "tenant_a"}) {
		t.Errorf("list = %v, %v", names, err)
	}
	if err := dp.AlterDatabaseProperties(ctx, "tenant_a", map[string]string{"database.max.collections": "10"}); err != nil {
		t.Fatal(err)
	}
	if err := dp.DropDatabaseProperties(ctx, "tenant_a", []string{"b.key", "a.key"}); err != nil {
		t.Fatal(err)
	}
	// No-ops are not sent: the server refuses an alter with nothing to change.
	if err := dp.AlterDatabaseProperties(ctx, "tenant_a", nil); err != nil {
		t.Fatal(err)
	}
	if err := dp.DropDatabaseProperties(ctx, "tenant_a", nil); err != nil {
		t.Fatal(err)
	}
	if err := dp.DropDatabase(ctx, "tenant_a"); err != nil {
		t.Fatal(err)
	}
	wantBodies := []struct{ path, body string }{
		{"/v2/vectordb/databases/create", `{"dbName":"tenant_a","properties":{"database.replica.number":"2"}}`},
		{"/v2/vectordb/databases/describe", `{"dbName":"tenant_a"}`},
		{"/v2/vectordb/databases/list", `{}`},
		{"/v2/vectordb/databases/alter", `{"dbName":"tenant_a","properties":{"database.max.collections":"10"}}`},
		{"/v2/vectordb/databases/drop_properties", `{"dbName":"tenant_a","propertyKeys":["a.key","b.key"]}`},
		{"/v2/vectordb/databases/drop", `{"dbName":"tenant_a"}`},
	}
	reqs := rec.requests()
	if len(reqs) != len(wantBodies) {
		t.Fatalf("%d requests, want %d", len(reqs), len(wantBodies))
	}
	for i, w := range wantBodies {
		if reqs[i].Method != http.MethodPost || reqs[i].Path != w.path || strings.TrimSpace(string(reqs[i].Body)) != w.body {
			t.Errorf("request %d: %s %s %s, want POST %s %s", i, reqs[i].Method, reqs[i].Path, reqs[i].Body, w.path, w.body)
		}
	}
}

// TestDatabaseErrors: a missing database is IsNotFound; "already exists" and
// "not empty" are plain errors with the server's code; "default" is never
// sent to drop; a lost create answer is settled by describe.
func TestDatabaseErrors(t *testing.T) {
	t.Parallel()
	t.Run("not found", func(t *testing.T) {
		t.Parallel()
		_, dp := newV2DataPlane(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
			reply(w, 200, `{"code":800,"message":"database not found[database=x]"}`)
		})
		if _, err := dp.DescribeDatabase(t.Context(), "x"); !IsNotFound(err) {
			t.Errorf("describe error %v: IsNotFound false", err)
		}
	})
	t.Run("not empty", func(t *testing.T) {
		t.Parallel()
		_, dp := newV2DataPlane(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
			reply(w, 200, `{"code":65535,"message":"database:x not empty, must drop all collections before drop database"}`)
		})
		err := dp.DropDatabase(t.Context(), "x")
		var ae *APIError
		if !errors.As(err, &ae) || ae.Code != 65535 || IsNotFound(err) {
			t.Errorf("drop error = %v", err)
		}
	})
	t.Run("default is never dropped", func(t *testing.T) {
		t.Parallel()
		rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, _ *http.Request, _ int) { ok(w, map[string]any{}) })
		if err := dp.DropDatabase(t.Context(), "default"); err == nil || rec.count() != 0 {
			t.Errorf("error %v after %d requests", err, rec.count())
		}
	})
	for _, tc := range []struct {
		name     string
		describe string
		wantErr  bool
	}{
		{"lost create, database exists", `{"code":0,"data":{"dbName":"x","dbID":1,"properties":[]}}`, false},
		{"lost create, database missing", `{"code":800,"message":"database not found[database=x]"}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				if r.URL.Path == "/v2/vectordb/databases/create" {
					reply(w, 500, `{"code":65535,"message":"internal"}`)
					return
				}
				reply(w, 200, tc.describe)
			})
			err := dp.CreateDatabase(t.Context(), "x", nil)
			if (err != nil) != tc.wantErr {
				t.Fatalf("error = %v, want error %v", err, tc.wantErr)
			}
			creates := 0
			for _, r := range rec.requests() {
				if r.Path == "/v2/vectordb/databases/create" {
					creates++
				}
			}
			if creates != 1 {
				t.Errorf("create sent %d times: a create that may have acted is never repeated", creates)
			}
		})
	}
}
