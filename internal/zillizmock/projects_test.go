package zillizmock

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"testing"
)

// createdProject makes a project through the API and returns its id.
func createdProject(t *testing.T, s *Server, name, plan string, regions ...string) string {
	t.Helper()
	body := map[string]any{"projectName": name, "plan": plan}
	if regions != nil {
		body["regionIds"] = regions
	}
	r := ctl(t, s, http.MethodPost, "/v2/projects", body)
	wantCode(t, r, http.StatusOK, 0)
	return decodeData[string](t, r)
}

// The answers have the recorded shapes: create's data is the id itself, the
// list is newest first with the Default Project last, describe carries the
// recorded fields only.
func TestProjectRecordsAnswerAsRecorded(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	_, rec := recordedBody(t, "CreateProject__CreateProject")
	r := ctl(t, s, http.MethodPost, "/v2/projects", map[string]any{"projectName": "search", "plan": "Standard"})
	wantCode(t, r, http.StatusOK, 0)
	id := decodeData[string](t, r)
	if _, isString := rec["data"].(string); !isString || !projectIDPattern.MatchString(id) {
		t.Fatalf("create answered %s; recorded data is the id string %v", r.Data, rec["data"])
	}
	second := createdProject(t, s, "ranking", "Enterprise", "gcp-us-west1")
	c := createCluster(t, s, "createServerless", map[string]any{"clusterName": "in-search", "projectId": id, "regionId": "gcp-us-west1"})

	list := decodeData[[]map[string]any](t, ctl(t, s, http.MethodGet, "/v2/projects", nil))
	var ids []any
	for _, p := range list {
		ids = append(ids, p["projectId"])
	}
	if !reflect.DeepEqual(ids, []any{second, id, s.ProjectID()}) {
		t.Errorf("list order %v, want newest first and the Default Project last", ids)
	}
	got := dataMap(t, ctl(t, s, http.MethodGet, "/v2/projects/"+id, nil))
	want := recordedData(t, "GetProjectById__GetProjectById")
	if !slices.Equal(keysOf(got), keysOf(want)) {
		t.Errorf("describe keys %v, recorded %v", keysOf(got), keysOf(want))
	}
	if got["projectName"] != "search" || got["plan"] != "Standard" || got["instanceCount"] != float64(1) {
		t.Errorf("describe %v (one cluster, %s, was created in it)", got, c.ClusterID)
	}
	if d := dataMap(t, ctl(t, s, http.MethodGet, "/v2/projects/"+s.ProjectID(), nil)); d["instanceCount"] != float64(0) {
		t.Errorf("the Default Project counts clusters of other projects: %v", d)
	}

	// The list-projects-v2 form adds regionIds.
	s2 := newTestServer(t, func(o *Options) { o.ProjectRegionIDs = true })
	p := createdProject(t, s2, "bc", "BusinessCritical", "gcp-us-west1", "aws-us-west-2")
	if d := dataMap(t, ctl(t, s2, http.MethodGet, "/v2/projects/"+p, nil)); !reflect.DeepEqual(d["regionIds"], []any{"gcp-us-west1", "aws-us-west-2"}) {
		t.Errorf("regionIds %v", d["regionIds"])
	}
	if d := dataMap(t, ctl(t, s2, http.MethodGet, "/v2/projects/"+s2.ProjectID(), nil)); !reflect.DeepEqual(d["regionIds"], []any{}) {
		t.Errorf("Default Project regionIds %v, want []", d["regionIds"])
	}
}

func TestProjectCreateRules(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	createdProject(t, s, "taken", "Enterprise")
	long := string(make([]byte, 51))
	for _, tc := range []struct {
		name string
		body map[string]any
		code int
	}{
		{"no name", map[string]any{"plan": "Enterprise"}, codeBadParameter},
		{"name over 50 characters", map[string]any{"projectName": long, "plan": "Enterprise"}, codeBadParameter},
		{"name taken", map[string]any{"projectName": "taken", "plan": "Enterprise"}, codeBadParameter},
		{"the Default Project's name", map[string]any{"projectName": "Default Project", "plan": "Enterprise"}, codeBadParameter},
		{"unknown plan", map[string]any{"projectName": "x", "plan": "Free"}, codeBadParameter},
		{"plan key case-sensitive", map[string]any{"projectName": "x", "Plan": "Enterprise"}, codeBadParameter},
		{"unknown region", map[string]any{"projectName": "x", "plan": "Enterprise", "regionIds": []string{"mars-1"}}, codeInvalidRegionID},
		{"two regions on Enterprise", map[string]any{"projectName": "x", "plan": "Enterprise", "regionIds": []string{"gcp-us-west1", "aws-us-west-2"}}, codeBadParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, ctl(t, s, http.MethodPost, "/v2/projects", tc.body), http.StatusOK, tc.code)
		})
	}
	createdProject(t, s, "bc", "BusinessCritical", "gcp-us-west1", "aws-us-west-2")

	t.Run("100 projects per organisation", func(t *testing.T) {
		full := newTestServer(t, nil)
		for i := range maxProjects - 1 { // the Default Project is the 100th
			createdProject(t, full, fmt.Sprintf("p%d", i), "Standard")
		}
		wantCode(t, ctl(t, full, http.MethodPost, "/v2/projects", map[string]any{"projectName": "one-more", "plan": "Standard"}), http.StatusOK, codeBadParameter)
	})
}

func TestProjectPlanAndRegions(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, func(o *Options) { o.ProjectRegionIDs = true })
	id := createdProject(t, s, "search", "Enterprise", "gcp-us-west1")
	plan := func(p string) apiResp {
		return ctl(t, s, http.MethodPatch, "/v2/projects/"+id+"/plan", map[string]any{"plan": p})
	}

	// A downgrade: the recorded refusal, word for word.
	status, rec := recordedBody(t, "UpgradeProjectPlan_failed__UpgradeProjectPlan_failed")
	r := plan("Standard")
	var got map[string]any
	_ = json.Unmarshal(r.Raw, &got)
	if r.HTTP != status || !reflect.DeepEqual(got, rec) {
		t.Errorf("downgrade answered %s, recorded %v", r.Raw, rec)
	}
	// A second region needs BusinessCritical.
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/projects/"+id+"/regions", map[string]any{"regionIds": []string{"aws-us-west-2"}}), http.StatusOK, codeBadParameter)
	_, recOK := recordedBody(t, "UpgradeProjectPlan__UpgradeProjectPlan")
	if r := plan("BusinessCritical"); r.Code != 0 || decodeData[string](t, r) != recOK["data"] {
		t.Errorf("upgrade answered %s, recorded %v", r.Raw, recOK)
	}
	wantCode(t, plan("BusinessCritical"), http.StatusOK, 0) // the same plan again
	r = ctl(t, s, http.MethodPost, "/v2/projects/"+id+"/regions", map[string]any{"regionIds": []string{"aws-us-west-2", "gcp-us-west1"}})
	wantCode(t, r, http.StatusOK, 0)
	if d := dataMap(t, r); !reflect.DeepEqual(d, map[string]any{"projectId": id, "regionIds": []any{"aws-us-west-2"}}) {
		t.Errorf("add regions answered %v", d)
	}
	if p, _ := s.Project(id); p.Plan != "BusinessCritical" || !reflect.DeepEqual(p.RegionIDs, []string{"gcp-us-west1", "aws-us-west-2"}) {
		t.Errorf("project %+v", p)
	}
	wantCode(t, plan("Basic"), http.StatusOK, codeBadParameter)
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/projects/"+id+"/regions", map[string]any{"regionIds": []string{}}), http.StatusOK, codeBadParameter)
	wantCode(t, ctl(t, s, http.MethodPatch, "/v2/projects/proj-0123456789abcdef012345/plan", map[string]any{"plan": "BusinessCritical"}), http.StatusOK, codeNoProjectPermission)
	wantCode(t, ctl(t, s, http.MethodPatch, "/v2/projects/"+s.ProjectID()+"/plan", map[string]any{"plan": "Standard"}), http.StatusOK, codeProjectDowngrade)
}

func TestProjectDelete(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	id := createdProject(t, s, "search", "Enterprise")
	c := createCluster(t, s, "createServerless", map[string]any{"clusterName": "c", "projectId": id, "regionId": "gcp-us-west1"})
	wantCode(t, ctl(t, s, http.MethodDelete, "/v2/projects/"+id, nil), http.StatusOK, codeBadParameter)
	wantCode(t, ctl(t, s, http.MethodDelete, "/v2/clusters/"+c.ClusterID+"/drop", nil), http.StatusOK, 0)
	r := ctl(t, s, http.MethodDelete, "/v2/projects/"+id, nil)
	if r.Code != 0 || decodeData[string](t, r) != "ok" {
		t.Fatalf("delete answered %s", r.Raw)
	}
	// Gone: the answer for a project of no organisation of ours, as before.
	wantCode(t, ctl(t, s, http.MethodGet, "/v2/projects/"+id, nil), http.StatusOK, codeNoProjectPermission)
	wantCode(t, ctl(t, s, http.MethodDelete, "/v2/projects/"+id, nil), http.StatusOK, codeNoProjectPermission)
	wantCode(t, ctl(t, s, http.MethodDelete, "/v2/projects/"+s.ProjectID(), nil), http.StatusOK, codeBadParameter)
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/createServerless", map[string]any{"clusterName": "d", "projectId": id, "regionId": "gcp-us-west1"}),
		http.StatusOK, codeNoProjectPermission)

	other := createdProject(t, s, "other", "Standard")
	if err := s.DeleteProjectNow(other); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Project(other); ok {
		t.Error("deleted out of band, still there")
	}
}

// A Member's key (Project Admin of the Default Project) sees that project
// only and is refused, with 96013, what needs an Organization Owner.
func TestMemberKey(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	id := createdProject(t, s, "search", "Enterprise")
	member := func(method, path string, body any) apiResp {
		return ctlWithKey(t, s, s.MemberAPIKey(), method, path, body)
	}
	if list := decodeData[[]map[string]any](t, member(http.MethodGet, "/v2/projects", nil)); len(list) != 1 || list[0]["projectId"] != s.ProjectID() {
		t.Errorf("member's list %v", list)
	}
	wantCode(t, member(http.MethodGet, "/v2/projects/"+s.ProjectID(), nil), http.StatusOK, 0)
	wantCode(t, member(http.MethodGet, "/v2/projects/"+id, nil), http.StatusOK, codeOwnerRequired)
	wantCode(t, member(http.MethodGet, "/v2/projects/proj-0123456789abcdef012345", nil), http.StatusOK, codeNoProjectPermission)
	for _, tc := range []struct {
		method, path string
		body         any
	}{
		{http.MethodPost, "/v2/projects", map[string]any{"projectName": "x", "plan": "Standard"}},
		{http.MethodDelete, "/v2/projects/" + id, nil},
		{http.MethodPatch, "/v2/projects/" + id + "/plan", map[string]any{"plan": "BusinessCritical"}},
		{http.MethodPost, "/v2/projects/" + id + "/regions", map[string]any{"regionIds": []string{"aws-us-west-2"}}},
		{http.MethodGet, "/v2/api-keys", nil},
		{http.MethodPost, "/v2/api-keys", map[string]any{"name": "x", "orgRole": "Billing-Admin"}},
		{http.MethodGet, "/v2/projects/" + id + "/privateEndpoints", nil},
	} {
		wantCode(t, member(tc.method, tc.path, tc.body), http.StatusOK, codeOwnerRequired)
	}
	// Clusters and the Default Project's endpoints are a Project Admin's to use.
	wantCode(t, member(http.MethodGet, "/v2/clusters", nil), http.StatusOK, 0)
	wantCode(t, member(http.MethodGet, "/v2/projects/"+s.ProjectID()+"/privateEndpoints", nil), http.StatusOK, 0)
	if len(s.Projects()) != 2 || len(s.CustomizedAPIKeys()) != 0 {
		t.Error("a refused call changed something")
	}
}
