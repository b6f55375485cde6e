package zilliz

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"
)

func TestProjectDecodesEveryShape(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		body string
		want Project
	}{
		{"recorded: no regions", `{"projectName":"p","projectId":"proj-1","instanceCount":0,"createTime":"2025-11-05T06:39:17Z","plan":"Standard"}`,
			Project{ProjectID: "proj-1", ProjectName: "p", Plan: "Standard", CreateTime: "2025-11-05T06:39:17Z"}},
		{"list-projects-v2: regionIds, count as string", `{"projectName":"p","projectId":"proj-1","regionIds":["ali-cn-hangzhou"],"instanceCount":"2","plan":"Enterprise","orgType":"SAAS"}`,
			Project{ProjectID: "proj-1", ProjectName: "p", Plan: "Enterprise", InstanceCount: 2, RegionIDs: []string{"ali-cn-hangzhou"}}},
		{"byoc page: regions", `{"projectName":"p","projectId":"proj-1","instanceCount":3,"plan":"Standard","projectType":"Regional","regions":["aws-us-west-2"]}`,
			Project{ProjectID: "proj-1", ProjectName: "p", Plan: "Standard", InstanceCount: 3, RegionIDs: []string{"aws-us-west-2"}}},
		{"empty region list stays empty", `{"projectId":"proj-1","regionIds":[]}`, Project{ProjectID: "proj-1", RegionIDs: []string{}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got Project
			if err := json.Unmarshal([]byte(tc.body), &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestCreateProject(t *testing.T) {
	t.Parallel()
	t.Run("documented object answer", func(t *testing.T) {
		t.Parallel()
		rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
			ok(w, map[string]string{"projectId": "proj-x"})
		})
		c := newTestClient(t, fastConfig(rec.srv.URL))
		id, adopted, err := c.CreateProject(t.Context(), CreateProjectRequest{ProjectName: "search", Plan: "Enterprise", RegionIDs: []string{"gcp-us-west1"}})
		if err != nil || adopted || id != "proj-x" {
			t.Fatalf("CreateProject = %q, %v, %v", id, adopted, err)
		}
		r := rec.requests()[0]
		if r.Method != http.MethodPost || r.Path != "/v2/projects" {
			t.Errorf("sent %s %s", r.Method, r.Path)
		}
		jsonEqual(t, r.Body, map[string]any{"projectName": "search", "plan": "Enterprise", "regionIds": []any{"gcp-us-west1"}})
	})
	t.Run("lost answer: the project made by this call is found by name", func(t *testing.T) {
		t.Parallel()
		rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
			if r.Method == http.MethodPost {
				reply(w, http.StatusBadGateway, "upstream went away")
				return
			}
			ok(w, []map[string]any{
				{"projectId": "proj-old", "projectName": "search", "createTime": time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)},
				{"projectId": "proj-new", "projectName": "search", "createTime": time.Now().UTC().Format(time.RFC3339)},
			})
		})
		c := newTestClient(t, fastConfig(rec.srv.URL))
		id, adopted, err := c.CreateProject(t.Context(), CreateProjectRequest{ProjectName: "search", Plan: "Enterprise"})
		if err != nil || !adopted || id != "proj-new" {
			t.Fatalf("CreateProject = %q, %v, %v", id, adopted, err)
		}
		if n := len(rec.requests()); n != 2 {
			t.Errorf("%d requests, want the create (not repeated) and one list", n)
		}
	})
	t.Run("business refusal: no lookup", func(t *testing.T) {
		t.Parallel()
		rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
			reply(w, 200, map[string]any{"code": 96013, "message": "You don't have permission for this project. Org owner or project owner is needed."})
		})
		c := newTestClient(t, fastConfig(rec.srv.URL))
		_, _, err := c.CreateProject(t.Context(), CreateProjectRequest{ProjectName: "search", Plan: "Enterprise"})
		if !IsOwnerRequired(err) || rec.count() != 1 {
			t.Fatalf("err %v after %d requests, want an owner-required refusal after one", err, rec.count())
		}
	})
}

func TestProjectWrites(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		ok(w, "ok")
	})
	c := newTestClient(t, fastConfig(rec.srv.URL))
	if err := c.UpgradeProjectPlan(t.Context(), "proj-1", "BusinessCritical"); err != nil {
		t.Fatal(err)
	}
	if err := c.AddProjectRegions(t.Context(), "proj-1", []string{"aws-us-west-2", "gcp-us-west1"}); err != nil {
		t.Fatal(err)
	}
	if err := c.AddProjectRegions(t.Context(), "proj-1", nil); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteProject(t.Context(), "proj-1"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteProject(t.Context(), " "); err == nil {
		t.Error("an empty id must not reach the server")
	}
	reqs := rec.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3 (adding no region sends nothing)", len(reqs))
	}
	want := []struct{ method, path string }{
		{http.MethodPatch, "/v2/projects/proj-1/plan"}, {http.MethodPost, "/v2/projects/proj-1/regions"}, {http.MethodDelete, "/v2/projects/proj-1"},
	}
	for i, w := range want {
		if reqs[i].Method != w.method || reqs[i].Path != w.path {
			t.Errorf("request %d: %s %s, want %s %s", i, reqs[i].Method, reqs[i].Path, w.method, w.path)
		}
	}
	jsonEqual(t, reqs[0].Body, map[string]any{"plan": "BusinessCritical"})
	jsonEqual(t, reqs[1].Body, map[string]any{"regionIds": []any{"aws-us-west-2", "gcp-us-west1"}})
}

func TestAccessErrorClasses(t *testing.T) {
	t.Parallel()
	api := func(status, code int) error { return &APIError{HTTPStatus: status, Code: code} }
	for _, tc := range []struct {
		name                              string
		err                               error
		owner, downgrade, orgMismatch, nf bool
	}{
		{"96013 org owner or project owner needed", api(200, 96013), true, false, false, false},
		{"96015 cluster: owner needed", api(200, 96015), true, false, false, false},
		{"HTTP 403", api(403, 0), true, false, false, false},
		{"63104 downgrade (recorded)", api(200, 63104), false, true, false, false},
		{"96012 org mismatch is not a proof of absence", api(200, 96012), false, false, true, false},
		{"a marked answer is not found", gone(api(200, 404), "API key key-1"), false, false, false, true},
		{"a lookup that found nothing is not found", gone(nil, "private endpoint"), false, false, false, true},
		{"a bare 404 code is not", api(200, 404), false, false, false, false},
		{"other errors are none of them", errors.New("boom"), false, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if IsOwnerRequired(tc.err) != tc.owner || IsProjectDowngrade(tc.err) != tc.downgrade ||
				IsProjectOrgMismatch(tc.err) != tc.orgMismatch || IsNotFound(tc.err) != tc.nf {
				t.Errorf("owner %v downgrade %v orgMismatch %v notFound %v", IsOwnerRequired(tc.err), IsProjectDowngrade(tc.err),
					IsProjectOrgMismatch(tc.err), IsNotFound(tc.err))
			}
		})
	}
	if ProjectPlanRank("Standard") >= ProjectPlanRank("Enterprise") || ProjectPlanRank("Enterprise") >= ProjectPlanRank("BusinessCritical") || ProjectPlanRank("Free") != -1 {
		t.Error("plan order")
	}
}
