package zilliz

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestCreateAPIKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		data map[string]any
	}{
		{"official client's field names", map[string]any{"apiKeyId": "key-abc", "apiKey": "s3cr3t"}},
		{"secret spelled as in the docs' prose", map[string]any{"apiKeyId": "key-abc", "secret": "s3cr3t"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) { ok(w, tc.data) })
			c := newTestClient(t, fastConfig(rec.srv.URL))
			got, err := c.CreateAPIKey(t.Context(), APIKeyRequest{Name: "ci", OrgRole: OrgRoleMember, Projects: []APIKeyProjectAccess{
				{ProjectID: "proj-1", Role: ProjectRoleReadWrite, ClusterIDs: []string{"in01-1"}},
				{ProjectID: "proj-2", Role: ProjectRoleReadOnly, AllCluster: true},
			}})
			if err != nil || *got != (CreatedAPIKey{APIKeyID: "key-abc", Secret: "s3cr3t"}) {
				t.Fatalf("CreateAPIKey = %+v, %v", got, err)
			}
			r := rec.requests()[0]
			if r.Method != http.MethodPost || r.Path != "/v2/api-keys" {
				t.Errorf("sent %s %s, want POST /v2/api-keys (the documented route)", r.Method, r.Path)
			}
			jsonEqual(t, r.Body, map[string]any{"name": "ci", "orgRole": "Member", "projects": []any{
				map[string]any{"projectId": "proj-1", "role": "Read-Write", "allCluster": false, "clusterIds": []any{"in01-1"}},
				map[string]any{"projectId": "proj-2", "role": "Read-Only", "allCluster": true},
			}})
		})
	}
	t.Run("lost answer is not retried", func(t *testing.T) {
		t.Parallel()
		rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) { reply(w, http.StatusBadGateway, "gone away") })
		c := newTestClient(t, fastConfig(rec.srv.URL))
		if _, err := c.CreateAPIKey(t.Context(), APIKeyRequest{Name: "ci", OrgRole: OrgRoleMember}); err == nil || rec.count() != 1 {
			t.Fatalf("err %v after %d requests: a key create must never be sent twice", err, rec.count())
		}
	})
}

// The official client sends /v2/apiKeys where the reference pages show
// /v2/api-keys: a server without the documented route is reached on the
// other, and the choice sticks.
func TestAPIKeyRouteFallback(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if !strings.HasPrefix(r.URL.Path, "/v2/apiKeys") {
			reply(w, http.StatusNotFound, map[string]any{"code": 404, "message": "no route"})
			return
		}
		ok(w, map[string]any{"apiKeyId": "key-1", "name": "ci", "orgRole": "Member"})
	})
	c := newTestClient(t, fastConfig(rec.srv.URL))
	for range 2 {
		got, err := c.DescribeAPIKey(t.Context(), "key-1")
		if err != nil || got.Name != "ci" {
			t.Fatalf("DescribeAPIKey = %+v, %v", got, err)
		}
	}
	var paths []string
	for _, r := range rec.requests() {
		paths = append(paths, r.Path)
	}
	want := []string{"/v2/api-keys/key-1", "/v2/apiKeys/key-1", "/v2/apiKeys/key-1"}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("paths %v, want %v", paths, want)
	}
}

// A key id that does not exist is "not found" only as a business answer on a
// route that exists; a missing route (HTTP 404 everywhere) is an error that
// must never make Terraform forget a key.
func TestDescribeAPIKeyNotFound(t *testing.T) {
	t.Parallel()
	missing := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		reply(w, 200, map[string]any{"code": 404, "message": "API key not found"})
	})
	c := newTestClient(t, fastConfig(missing.srv.URL))
	if _, err := c.DescribeAPIKey(t.Context(), "key-gone"); !IsNotFound(err) {
		t.Errorf("describe of a missing key: %v, want IsNotFound", err)
	}
	if err := c.DeleteAPIKey(t.Context(), "key-gone"); !IsNotFound(err) {
		t.Errorf("delete of a missing key: %v, want IsNotFound", err)
	}
	if err := c.UpdateAPIKey(t.Context(), "key-gone", APIKeyRequest{Name: "x", OrgRole: OrgRoleMember}); !IsNotFound(err) {
		t.Errorf("update of a missing key: %v, want IsNotFound", err)
	}

	noRoute := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		reply(w, http.StatusNotFound, map[string]any{"code": 404, "message": "Not Found"})
	})
	c = newTestClient(t, fastConfig(noRoute.srv.URL))
	if _, err := c.DescribeAPIKey(t.Context(), "key-1"); err == nil || IsNotFound(err) {
		t.Errorf("no route: %v, want an error that is not IsNotFound", err)
	}
	if n := noRoute.count(); n != 2 {
		t.Errorf("%d requests, want one per spelling", n)
	}
}

func TestListAPIKeysPages(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		page := r.URL.Query().Get("currentPage")
		keys := []map[string]any{}
		n := map[string]int{"1": 100, "2": 3}[page]
		for i := range n {
			keys = append(keys, map[string]any{"apiKeyId": fmt.Sprintf("key-%s-%d", page, i), "name": "k"})
		}
		ok(w, map[string]any{"apiKeys": keys, "count": 103, "pageSize": 100})
	})
	c := newTestClient(t, fastConfig(rec.srv.URL))
	got, err := c.ListAPIKeys(t.Context())
	if err != nil || len(got) != 103 {
		t.Fatalf("ListAPIKeys: %d keys, %v", len(got), err)
	}
	if q := rec.requests()[0].RawQuery; !strings.Contains(q, "pageSize=100") || !strings.Contains(q, "currentPage=1") {
		t.Errorf("query %q", q)
	}
	if rec.count() != 2 {
		t.Errorf("%d pages read, want 2", rec.count())
	}
}

func TestUpdateAndDeleteAPIKey(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) { ok(w, map[string]any{"apiKeyId": "key-1"}) })
	c := newTestClient(t, fastConfig(rec.srv.URL))
	if err := c.UpdateAPIKey(t.Context(), "key-1", APIKeyRequest{Name: "ci", OrgRole: OrgRoleMember,
		Projects: []APIKeyProjectAccess{{ProjectID: "proj-1", Role: ProjectRoleAdmin, AllCluster: true}}}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteAPIKey(t.Context(), "key-1"); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if reqs[0].Method != http.MethodPut || reqs[0].Path != "/v2/api-keys/key-1" || reqs[1].Method != http.MethodDelete || reqs[1].Path != "/v2/api-keys/key-1" {
		t.Errorf("requests %s %s, %s %s", reqs[0].Method, reqs[0].Path, reqs[1].Method, reqs[1].Path)
	}
	jsonEqual(t, reqs[0].Body, map[string]any{"name": "ci", "orgRole": "Member", "projects": []any{
		map[string]any{"projectId": "proj-1", "role": "Admin", "allCluster": true},
	}})
}
