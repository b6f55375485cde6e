package zillizmock

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestCollectionsV1(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := runningCluster(t, s, "collections")
	ep := endpoint(s, c.ClusterID)
	key := s.APIKey()

	wantRaw := func(r apiResp, status int, raw string) {
		t.Helper()
		if r.HTTP != status || string(r.Raw) != raw {
			t.Fatalf("got HTTP %d %s, want HTTP %d %s", r.HTTP, r.Raw, status, raw)
		}
	}

	wantRaw(call(t, "GET", ep+"/v1/vector/collections", key, nil), 200, `{"code":200,"data":[]}`)
	wantRaw(call(t, "POST", ep+"/v1/vector/collections/create", key,
		map[string]any{"collectionName": "books", "dimension": 5, "metricType": "COSINE", "description": "my books"}), 200, `{"code":200,"data":{}}`)
	wantRaw(call(t, "POST", ep+"/v1/vector/collections/create", key,
		map[string]any{"collectionName": "_plain", "dimension": 32768}), 200, `{"code":200,"data":{}}`)
	wantRaw(call(t, "POST", ep+"/v1/vector/collections/create", key,
		map[string]any{"collectionName": "books", "dimension": 5}), 200,
		`{"code":65535,"message":"create duplicate collection with different parameters, collection: books"}`)
	wantRaw(call(t, "GET", ep+"/v1/vector/collections?dbName=default", key, nil), 200, `{"code":200,"data":["_plain","books"]}`)

	books := `{"code":200,"data":{"collectionName":"books","description":"my books","enableDynamicField":true,` +
		`"fields":[{"autoId":true,"description":"","name":"id","partitionKey":false,"primaryKey":true,"type":"Int64"},` +
		`{"autoId":false,"description":"","name":"vector","partitionKey":false,"primaryKey":false,"type":"FloatVector(5)"}],` +
		`"indexes":[{"fieldName":"vector","indexName":"vector","metricType":"COSINE"}],"load":"LoadStateLoaded","shardsNum":1}}`
	wantRaw(call(t, "GET", ep+"/v1/vector/collections/describe?collectionName=books", key, nil), 200, books)
	wantRaw(call(t, "POST", ep+"/v1/vector/collections/describe?collectionName=books&dbName=default", key, nil), 200, books)
	wantRaw(call(t, "POST", ep+"/v1/vector/collections/describe", key, map[string]any{"collectionName": "books"}), 200, books)

	plain := call(t, "GET", ep+"/v1/vector/collections/describe?collectionName=_plain", key, nil)
	if !strings.Contains(string(plain.Raw), `"metricType":"L2"`) || !strings.Contains(string(plain.Raw), `"FloatVector(32768)"`) {
		t.Errorf("defaults: %s", plain.Raw)
	}
	if got := s.Collections(c.ClusterID, "default"); !slices.Equal(got, []string{"_plain", "books"}) {
		t.Errorf("Collections() = %v", got)
	}

	wantRaw(call(t, "POST", ep+"/v1/vector/collections/drop", key, map[string]any{"collectionName": "books", "dbName": "default"}), 200, `{"code":200,"data":{}}`)
	wantRaw(call(t, "GET", ep+"/v1/vector/collections/describe?collectionName=books", key, nil), 200,
		`{"code":100,"message":"collection not found[collection=books]"}`)
	wantRaw(call(t, "POST", ep+"/v1/vector/collections/drop", key, map[string]any{"collectionName": "books"}), 200,
		`{"code":100,"message":"collection not found, database: default, collection: books"}`)

	if err := s.DropCollectionNow(c.ClusterID, "default", "_plain"); err != nil {
		t.Fatal(err)
	}
	if err := s.DropCollectionNow(c.ClusterID, "default", "_plain"); err == nil {
		t.Error("DropCollectionNow of a missing collection gave no error")
	}
	wantRaw(call(t, "GET", ep+"/v1/vector/collections", key, nil), 200, `{"code":200,"data":[]}`)
}

func TestCollectionValidation(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := runningCluster(t, s, "validation")
	ep := endpoint(s, c.ClusterID)
	create := func(extra map[string]any) map[string]any {
		b := map[string]any{"collectionName": "ok_name", "dimension": 8}
		for k, v := range extra {
			if v == nil {
				delete(b, k)
			} else {
				b[k] = v
			}
		}
		return b
	}
	for _, tc := range []struct {
		name, method, path string
		body               any
		code               int
	}{
		{"create not JSON", "POST", "/v1/vector/collections/create", "collectionName=x", codeNotJSON},
		{"create empty body", "POST", "/v1/vector/collections/create", "", codeNotJSON},
		{"create dimension as string", "POST", "/v1/vector/collections/create", create(map[string]any{"dimension": "8"}), codeNotJSON},
		{"create without name", "POST", "/v1/vector/collections/create", create(map[string]any{"collectionName": nil}), codeMissingParameters},
		{"create without dimension", "POST", "/v1/vector/collections/create", create(map[string]any{"dimension": nil}), codeMissingParameters},
		{"create name starting with a digit", "POST", "/v1/vector/collections/create", create(map[string]any{"collectionName": "1abc"}), codeInvalidParameter},
		{"create name with a hyphen", "POST", "/v1/vector/collections/create", create(map[string]any{"collectionName": "a-b"}), codeInvalidParameter},
		{"create name of 256 characters", "POST", "/v1/vector/collections/create", create(map[string]any{"collectionName": strings.Repeat("a", 256)}), codeInvalidParameter},
		{"create dimension -1", "POST", "/v1/vector/collections/create", create(map[string]any{"dimension": -1}), codeInvalidParameter},
		{"create dimension 32769", "POST", "/v1/vector/collections/create", create(map[string]any{"dimension": 32769}), codeInvalidParameter},
		{"create metric lower case", "POST", "/v1/vector/collections/create", create(map[string]any{"metricType": "cosine"}), codeInvalidParameter},
		{"create metric unknown", "POST", "/v1/vector/collections/create", create(map[string]any{"metricType": "HAMMING"}), codeInvalidParameter},
		{"create same field names", "POST", "/v1/vector/collections/create", create(map[string]any{"primaryField": "v", "vectorField": "v"}), codeInvalidParameter},
		{"create bad field name", "POST", "/v1/vector/collections/create", create(map[string]any{"vectorField": "my vector"}), codeInvalidParameter},
		{"create in another database", "POST", "/v1/vector/collections/create", create(map[string]any{"dbName": "other"}), codeDatabaseNotFound},
		{"list another database", "GET", "/v1/vector/collections?dbName=other", nil, codeDatabaseNotFound},
		{"describe without name", "GET", "/v1/vector/collections/describe", nil, codeMissingParameters},
		{"describe another database", "GET", "/v1/vector/collections/describe?collectionName=x&dbName=other", nil, codeDatabaseNotFound},
		{"drop not JSON", "POST", "/v1/vector/collections/drop", "{", codeNotJSON},
		{"drop without name", "POST", "/v1/vector/collections/drop", map[string]any{}, codeMissingParameters},
		{"drop in another database", "POST", "/v1/vector/collections/drop", map[string]any{"collectionName": "x", "dbName": "other"}, codeDatabaseNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := call(t, tc.method, ep+tc.path, s.APIKey(), tc.body)
			wantCode(t, r, http.StatusOK, tc.code)
			if r.Message == "" || r.Data != nil {
				t.Errorf("error answer %s", r.Raw)
			}
		})
	}
	if got := s.Collections(c.ClusterID, "default"); len(got) != 0 {
		t.Errorf("failed creates left collections %v", got)
	}
	if db := call(t, "GET", ep+"/v1/vector/collections?dbName=other", s.APIKey(), nil); db.Message != "database not found[database=other]" {
		t.Errorf("message %q", db.Message)
	}
	for _, tc := range []struct{ method, path string }{
		{"POST", "/v1/vector/collections"},
		{"GET", "/v1/vector/collections/create"},
		{"DELETE", "/v1/vector/collections/drop"},
	} {
		wantCode(t, call(t, tc.method, ep+tc.path, s.APIKey(), nil), http.StatusMethodNotAllowed, http.StatusMethodNotAllowed)
	}
	wantCode(t, call(t, "GET", ep+"/v1/vector/nothing", s.APIKey(), nil), http.StatusNotFound, http.StatusNotFound)
	wantCode(t, call(t, "POST", ep+"/v2/vectordb/collections/nothing", s.APIKey(), map[string]any{}), http.StatusNotFound, http.StatusNotFound)
}

func TestDataPlaneAuth(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	a := runningCluster(t, s, "auth-a")
	b := createCluster(t, s, "createServerless", serverlessBody(s, "auth-b"))
	waitRunning(t, s, b.ClusterID)
	ep := endpoint(s, a.ClusterID)
	for _, tc := range []struct {
		name, token string
		ok          bool
	}{
		{"api key", s.APIKey(), true},
		{"own username:password", a.Username + ":" + a.Password, true},
		{"no token", "", false},
		{"wrong key", "nope", false},
		{"wrong password", a.Username + ":" + a.Password + "x", false},
		{"other cluster's credentials", b.Username + ":" + b.Password, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := call(t, "GET", ep+"/v1/vector/collections", tc.token, nil)
			if tc.ok {
				wantCode(t, r, http.StatusOK, codeV1OK)
				return
			}
			if r.HTTP != http.StatusUnauthorized || string(r.Raw) != `{"code":1800,"message":"user hasn't authenticated"}` {
				t.Fatalf("got HTTP %d %s", r.HTTP, r.Raw)
			}
		})
	}
	t.Run("serverless credentials on its own cluster", func(t *testing.T) {
		t.Parallel()
		wantCode(t, call(t, "GET", endpoint(s, b.ClusterID)+"/v1/vector/collections", b.Username+":"+b.Password, nil), http.StatusOK, codeV1OK)
	})
}

func TestDataPlaneReadiness(t *testing.T) {
	t.Parallel()
	// DeleteDuration is long so that the dropped cluster is still DELETED
	// (not yet gone) when the end of the test describes it, however slow the run.
	s := newTestServer(t, func(o *Options) { o.ModifyDuration, o.DeleteDuration = time.Hour, time.Hour })
	s.HoldCreating(true)
	c := createCluster(t, s, "createDedicated", dedicatedBody(s, "ready"))
	ep := endpoint(s, c.ClusterID)
	list := func() apiResp { return call(t, "GET", ep+"/v1/vector/collections", s.APIKey(), nil) }

	r := list()
	wantCode(t, r, http.StatusServiceUnavailable, 503)
	if want := "cluster " + c.ClusterID + " is not ready (status CREATING)"; r.Message != want {
		t.Errorf("message %q, want %q", r.Message, want)
	}
	s.HoldCreating(false)
	waitRunning(t, s, c.ClusterID)
	wantCode(t, list(), http.StatusOK, codeV1OK)

	// A scale runs online: MODIFYING keeps serving.
	wantCode(t, ctl(t, s, "POST", "/v2/clusters/"+c.ClusterID+"/modify", map[string]any{"cuSize": 2}), http.StatusOK, 0)
	wantCode(t, list(), http.StatusOK, codeV1OK)

	if err := s.SetClusterStatus(c.ClusterID, StatusSuspended); err != nil {
		t.Fatal(err)
	}
	wantCode(t, list(), http.StatusServiceUnavailable, 503)

	wantCode(t, ctl(t, s, "DELETE", "/v2/clusters/"+c.ClusterID+"/drop", nil), http.StatusOK, 0)
	_, err := do(t, "GET", ep+"/v1/vector/collections", s.APIKey(), nil)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("after drop: %v, want connection refused", err)
	}
	if d, _ := describe(t, s, c.ClusterID); d.Status != StatusDeleted || d.ConnectAddress != ep {
		t.Errorf("dropped cluster describes as %s at %q", d.Status, d.ConnectAddress)
	}
}
