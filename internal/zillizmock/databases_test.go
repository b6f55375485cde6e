package zillizmock

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// vdb posts to any /v2/vectordb/ route of a cluster.
func (c v2Client) vdb(route string, body any) apiResp {
	c.t.Helper()
	return call(c.t, http.MethodPost, c.ep+"/v2/vectordb/"+route, c.key, body)
}

func TestDatabases(t *testing.T) {
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "dbs")
	id := clusterOf(t, s, c)

	r := c.vdb("databases/list", map[string]any{})
	wantCode(t, r, http.StatusOK, codeV2OK)
	if got := decodeData[[]string](t, r); !slices.Equal(got, []string{"default"}) {
		t.Fatalf("list = %v, want [default]", got)
	}

	// Create with properties: values of any JSON type are stored as text.
	wantCode(t, c.vdb("databases/create", map[string]any{"dbName": "tenant_a", "properties": map[string]any{
		"database.replica.number": 2, "database.force.deny.writing": true,
	}}), http.StatusOK, codeV2OK)
	r = c.vdb("databases/describe", map[string]any{"dbName": "tenant_a"})
	wantCode(t, r, http.StatusOK, codeV2OK)
	d := decodeData[struct {
		DBName     string     `json:"dbName"`
		DBID       int64      `json:"dbID"`
		Properties []keyValue `json:"properties"`
	}](t, r)
	want := []keyValue{{"database.force.deny.writing", "true"}, {"database.replica.number", "2"}}
	if d.DBName != "tenant_a" || d.DBID == 0 || !reflect.DeepEqual(d.Properties, want) {
		t.Fatalf("describe = %+v", d)
	}

	// alter adds and overwrites; drop_properties removes (unknown keys too).
	wantCode(t, c.vdb("databases/alter", map[string]any{"dbName": "tenant_a", "properties": map[string]any{"database.replica.number": "3", "database.max.collections": 10}}), http.StatusOK, codeV2OK)
	wantCode(t, c.vdb("databases/drop_properties", map[string]any{"dbName": "tenant_a", "propertyKeys": []string{"database.force.deny.writing", "not.set"}}), http.StatusOK, codeV2OK)
	if got := s.DatabaseProperties(id, "tenant_a"); !reflect.DeepEqual(got, map[string]string{"database.replica.number": "3", "database.max.collections": "10"}) {
		t.Fatalf("properties = %v", got)
	}

	// The collection routes see the new database and keep it apart from default.
	wantCode(t, c.post("create", map[string]any{"dbName": "tenant_a", "collectionName": "docs", "dimension": 4}), http.StatusOK, codeV2OK)
	if got := s.Collections(id, "tenant_a"); !slices.Equal(got, []string{"docs"}) {
		t.Fatalf("tenant_a collections = %v", got)
	}
	if got := s.Collections(id, "default"); len(got) != 0 {
		t.Fatalf("default collections = %v", got)
	}
	// v1 too (the provider's quick-setup collections use it).
	r = call(t, http.MethodGet, c.ep+"/v1/vector/collections?dbName=tenant_a", c.key, nil)
	wantCode(t, r, http.StatusOK, codeV1OK)

	// A database that holds collections cannot be dropped; the message names it.
	r = c.vdb("databases/drop", map[string]any{"dbName": "tenant_a"})
	wantCode(t, r, http.StatusOK, codeUnexpected)
	if !strings.Contains(r.Message, "database:tenant_a not empty, must drop all collections before drop database") {
		t.Fatalf("message = %q", r.Message)
	}
	wantCode(t, c.post("drop", map[string]any{"dbName": "tenant_a", "collectionName": "docs"}), http.StatusOK, codeV2OK)
	wantCode(t, c.vdb("databases/drop", map[string]any{"dbName": "tenant_a"}), http.StatusOK, codeV2OK)
	// Dropping it again succeeds (Milvus DropDatabase ignores a missing one).
	wantCode(t, c.vdb("databases/drop", map[string]any{"dbName": "tenant_a"}), http.StatusOK, codeV2OK)

	// Gone: describe, alter and the collection routes answer 800.
	for _, route := range []string{"databases/describe", "databases/alter"} {
		r = c.vdb(route, map[string]any{"dbName": "tenant_a", "properties": map[string]any{"database.replica.number": 1}})
		wantCode(t, r, http.StatusOK, codeDatabaseNotFound)
	}
	wantCode(t, c.post("list", map[string]any{"dbName": "tenant_a"}), http.StatusOK, codeDatabaseNotFound)
}

func TestDatabaseErrors(t *testing.T) {
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "dberr")
	wantCode(t, c.vdb("databases/create", map[string]any{"dbName": "dup"}), http.StatusOK, codeV2OK)
	for _, tc := range []struct {
		name, route string
		body        map[string]any
		code        int
		msg         string
	}{
		{"missing name", "databases/create", map[string]any{}, codeMissingParameters, "DbName"},
		{"default exists", "databases/create", map[string]any{"dbName": "default"}, codeUnexpected, "database already exist: default"},
		{"duplicate", "databases/create", map[string]any{"dbName": "dup"}, codeUnexpected, "database already exist: dup"},
		{"digit first", "databases/create", map[string]any{"dbName": "1db"}, codeDatabaseInvalidName, "the first character of a database name must be an underscore or letter"},
		{"dash", "databases/create", map[string]any{"dbName": "my-db"}, codeDatabaseInvalidName, "can only contain numbers, letters and underscores"},
		{"too long", "databases/create", map[string]any{"dbName": strings.Repeat("a", 256)}, codeDatabaseInvalidName, "must be less than 255 characters"},
		{"drop default", "databases/drop", map[string]any{"dbName": "default"}, codeInvalidParameter, "can not drop default database"},
		{"alter nothing", "databases/alter", map[string]any{"dbName": "dup"}, codeUnexpected, "both cannot be empty"},
		{"drop no keys", "databases/drop_properties", map[string]any{"dbName": "dup"}, codeUnexpected, "both cannot be empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.vdb(tc.route, tc.body)
			wantCode(t, r, http.StatusOK, tc.code)
			if !strings.Contains(r.Message, tc.msg) {
				t.Errorf("message %q does not contain %q", r.Message, tc.msg)
			}
		})
	}
	// 255 characters are allowed (Milvus refuses only len > 255).
	wantCode(t, c.vdb("databases/create", map[string]any{"dbName": strings.Repeat("a", 255)}), http.StatusOK, codeV2OK)
}

func TestDatabaseLimit(t *testing.T) {
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "dblimit")
	for i := range maxDatabases {
		wantCode(t, c.vdb("databases/create", map[string]any{"dbName": "db_" + strings.Repeat("x", i+1)}), http.StatusOK, codeV2OK)
	}
	wantCode(t, c.vdb("databases/create", map[string]any{"dbName": "one_more"}), http.StatusOK, codeDatabaseNumLimit)
}

func TestDropDatabaseNow(t *testing.T) {
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "dboob")
	id := clusterOf(t, s, c)
	wantCode(t, c.vdb("databases/create", map[string]any{"dbName": "t"}), http.StatusOK, codeV2OK)
	wantCode(t, c.post("create", map[string]any{"dbName": "t", "collectionName": "x", "dimension": 4}), http.StatusOK, codeV2OK)
	if err := s.DropDatabaseNow(id, "t"); err == nil || !strings.Contains(err.Error(), "[x]") {
		t.Fatalf("DropDatabaseNow with a collection: %v", err)
	}
	if err := s.DropCollectionNow(id, "t", "x"); err != nil {
		t.Fatal(err)
	}
	if err := s.DropDatabaseNow(id, "t"); err != nil {
		t.Fatal(err)
	}
	if got := s.Databases(id); !slices.Equal(got, []string{"default"}) {
		t.Fatalf("Databases = %v", got)
	}
	if err := s.DropDatabaseNow(id, "default"); err == nil {
		t.Fatal("DropDatabaseNow(default) gave no error")
	}
}
