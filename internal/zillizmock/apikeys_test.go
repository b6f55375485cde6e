package zillizmock

import (
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestAPIKeyLifecycle(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := createCluster(t, s, "createServerless", serverlessBody(s, "search"))
	r := ctl(t, s, http.MethodPost, "/v2/api-keys", map[string]any{
		"name": "ci-pipeline", "description": "CI", "orgRole": "Member",
		"projects": []any{map[string]any{"projectId": s.ProjectID(), "role": "Read-Write", "allCluster": false, "clusterIds": []string{c.ClusterID}}},
	})
	wantCode(t, r, http.StatusOK, 0)
	created := decodeData[map[string]string](t, r)
	id, secret := created["apiKeyId"], created["apiKey"]
	if !regexp.MustCompile(`^key-[a-z0-9]{14}$`).MatchString(id) || len(secret) != 64 || len(created) != 2 {
		t.Fatalf("create answered %v", created)
	}

	want := map[string]any{
		"apiKeyId": id, "name": "ci-pipeline", "description": "CI", "creatorName": mockOwnerName, "createdBy": mockOwnerEmail,
		"orgRole": "Member", "projects": []any{map[string]any{"projectId": s.ProjectID(), "projectName": "Default Project", "role": "Read-Write",
			"allCluster": false, "clusters": []any{map[string]any{"clusterId": c.ClusterID, "clusterName": "search"}}}},
	}
	got := dataMap(t, ctl(t, s, http.MethodGet, "/v2/api-keys/"+id, nil))
	delete(got, "createTime")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("describe %v\nwant     %v", got, want)
	}
	if strings.Contains(string(ctl(t, s, http.MethodGet, "/v2/api-keys", nil).Raw), secret) {
		t.Error("the list shows the secret")
	}

	// Update replaces the whole role set; allCluster makes clusterIds moot.
	r = ctl(t, s, http.MethodPut, "/v2/api-keys/"+id, map[string]any{
		"name": "ci", "orgRole": "Member",
		"projects": []any{map[string]any{"projectId": s.ProjectID(), "role": "Read-Only", "allCluster": true, "clusterIds": []string{"in01-nope"}}},
	})
	wantCode(t, r, http.StatusOK, 0)
	k, _ := s.CustomizedAPIKey(id)
	if k.Name != "ci" || k.Description != "" || k.Secret != secret ||
		!reflect.DeepEqual(k.Projects, []APIKeyAccess{{ProjectID: s.ProjectID(), Role: "Read-Only", AllCluster: true}}) {
		t.Errorf("after update %+v", k)
	}
	// Out of band, as in the console.
	if err := s.SetAPIKeyProjectRole(id, s.ProjectID(), "Admin"); err != nil {
		t.Fatal(err)
	}
	if p := dataMap(t, ctl(t, s, http.MethodGet, "/v2/api-keys/"+id, nil))["projects"]; p.([]any)[0].(map[string]any)["role"] != "Admin" {
		t.Errorf("projects %v", p)
	}

	r = ctl(t, s, http.MethodDelete, "/v2/api-keys/"+id, nil)
	if r.Code != 0 || dataMap(t, r)["apiKeyId"] != id {
		t.Errorf("delete answered %s (the deleted key)", r.Raw)
	}
	for _, m := range []string{http.MethodGet, http.MethodDelete} {
		wantCode(t, ctl(t, s, m, "/v2/api-keys/"+id, nil), http.StatusOK, codeObjectNotFound)
	}
	wantCode(t, ctl(t, s, http.MethodPut, "/v2/api-keys/"+id, map[string]any{"name": "x", "orgRole": "Billing-Admin"}), http.StatusOK, codeObjectNotFound)
}

func TestAPIKeyRules(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := createCluster(t, s, "createServerless", serverlessBody(s, "c"))
	p := func(id, role string, clusters ...string) map[string]any {
		return map[string]any{"projectId": id, "role": role, "clusterIds": clusters}
	}
	for _, tc := range []struct {
		name string
		body map[string]any
		code int
	}{
		{"blank name", map[string]any{"name": " ", "orgRole": "Billing-Admin"}, codeBadParameter},
		{"unknown org role", map[string]any{"name": "k", "orgRole": "Admin"}, codeBadParameter},
		{"Member without projects", map[string]any{"name": "k", "orgRole": "Member"}, codeBadParameter},
		{"unknown project role", map[string]any{"name": "k", "orgRole": "Member", "projects": []any{p(s.ProjectID(), "Data Reader")}}, codeBadParameter},
		{"project of no organisation of ours", map[string]any{"name": "k", "orgRole": "Member", "projects": []any{p("proj-0123456789abcdef012345", "Admin")}}, codeNoProjectPermission},
		{"a cluster not in the project", map[string]any{"name": "k", "orgRole": "Member", "projects": []any{p(s.ProjectID(), "Admin", "in01-000000000000000")}}, codeBadParameter},
		{"a project twice", map[string]any{"name": "k", "orgRole": "Member", "projects": []any{p(s.ProjectID(), "Admin"), p(s.ProjectID(), "Read-Only")}}, codeBadParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, ctl(t, s, http.MethodPost, "/v2/api-keys", tc.body), http.StatusOK, tc.code)
		})
	}
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/api-keys", map[string]any{"name": "k", "orgRole": "Member", "projects": []any{p(s.ProjectID(), "Admin", c.ClusterID)}}), http.StatusOK, 0)
	if n := len(s.CustomizedAPIKeys()); n != 1 {
		t.Fatalf("%d keys, want only the valid one", n)
	}
	for i := 1; i < maxAPIKeys; i++ {
		wantCode(t, ctl(t, s, http.MethodPost, "/v2/api-keys", map[string]any{"name": fmt.Sprint("k", i), "orgRole": "Billing-Admin"}), http.StatusOK, 0)
	}
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/api-keys", map[string]any{"name": "one too many", "orgRole": "Billing-Admin"}), http.StatusOK, codeBadParameter)

	// Pages: a pageSize outside 1..100 is 10.
	r := ctl(t, s, http.MethodGet, "/v2/api-keys?pageSize=1000&currentPage=2", nil)
	page := dataMap(t, r)
	if len(page["apiKeys"].([]any)) != 10 || page["count"] != float64(maxAPIKeys) || page["pageSize"] != float64(10) || page["currentPage"] != float64(2) {
		t.Errorf("page %v", page)
	}
}

// The API-key routes under the official client's spelling, for clients that
// must find them either way.
func TestAPIKeysRouteSpelling(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, func(o *Options) { o.APIKeysRoute = "apiKeys" })
	wantCode(t, ctl(t, s, http.MethodGet, "/v2/api-keys", nil), http.StatusNotFound, http.StatusNotFound)
	wantCode(t, ctl(t, s, http.MethodGet, "/v2/apiKeys", nil), http.StatusOK, 0)
}
