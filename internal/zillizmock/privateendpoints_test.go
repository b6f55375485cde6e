package zillizmock

import (
	"net/http"
	"reflect"
	"testing"
)

func TestPrivateEndpointLifecycle(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	base := "/v2/projects/" + s.ProjectID() + "/privateEndpoints"
	r := ctl(t, s, http.MethodPost, base, map[string]any{"regionId": "aws-us-west-2", "endpointId": "vpce-0123456789abcdef0"})
	wantCode(t, r, http.StatusOK, 0)
	if d := dataMap(t, r); !reflect.DeepEqual(d, map[string]any{"endpointId": "vpce-0123456789abcdef0", "regionId": "aws-us-west-2"}) {
		t.Errorf("create answered %v", d)
	}
	wantCode(t, ctl(t, s, http.MethodPost, base, map[string]any{"regionId": "gcp-us-west1", "endpointId": "psc-1", "gcpProjectId": "my-gcp"}), http.StatusOK, 0)

	page := dataMap(t, ctl(t, s, http.MethodGet, base, nil))
	eps := page["endpoints"].([]any)
	if page["count"] != float64(2) || len(eps) != 2 {
		t.Fatalf("list %v", page)
	}
	aws, gcp := eps[0].(map[string]any), eps[1].(map[string]any)
	if aws["cloudId"] != "aws" || aws["gcpProjectId"] != nil || aws["endpointStatus"] != "accepted" || aws["endpointServiceStatus"] != "Available" || aws["endpointService"] == "" {
		t.Errorf("aws endpoint %v", aws)
	}
	if gcp["cloudId"] != "gcp" || gcp["gcpProjectId"] != "my-gcp" {
		t.Errorf("gcp endpoint %v", gcp)
	}

	wantCode(t, ctl(t, s, http.MethodDelete, base+"/vpce-0123456789abcdef0", nil), http.StatusOK, codeBadParameter) // regionId is required
	wantCode(t, ctl(t, s, http.MethodDelete, base+"/vpce-0123456789abcdef0?regionId=aws-us-east-1", nil), http.StatusOK, codeObjectNotFound)
	r = ctl(t, s, http.MethodDelete, base+"/vpce-0123456789abcdef0?regionId=aws-us-west-2", nil)
	if r.Code != 0 || dataMap(t, r)["endpointId"] != "vpce-0123456789abcdef0" {
		t.Errorf("delete answered %s", r.Raw)
	}
	if err := s.DeletePrivateEndpointNow(s.ProjectID(), "gcp-us-west1", "psc-1"); err != nil {
		t.Fatal(err)
	}
	if got := s.PrivateEndpoints(s.ProjectID()); len(got) != 0 {
		t.Errorf("left %v", got)
	}
}

func TestPrivateEndpointRules(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	base := "/v2/projects/" + s.ProjectID() + "/privateEndpoints"
	wantCode(t, ctl(t, s, http.MethodPost, base, map[string]any{"regionId": "aws-us-west-2", "endpointId": "vpce-1"}), http.StatusOK, 0)
	for _, tc := range []struct {
		name string
		path string
		body map[string]any
		code int
	}{
		{"unknown region", base, map[string]any{"regionId": "mars-1", "endpointId": "vpce-1"}, codeInvalidRegionID},
		{"no endpoint id", base, map[string]any{"regionId": "aws-us-west-2"}, codeBadParameter},
		{"not an AWS endpoint id", base, map[string]any{"regionId": "aws-us-west-2", "endpointId": "endpoint-1"}, codeBadParameter},
		{"Google Cloud without gcpProjectId", base, map[string]any{"regionId": "gcp-us-west1", "endpointId": "psc-1"}, codeBadParameter},
		{"registered twice", base, map[string]any{"regionId": "aws-us-west-2", "endpointId": "vpce-1"}, codeBadParameter},
		{"project of no organisation of ours", "/v2/projects/proj-0123456789abcdef012345/privateEndpoints", map[string]any{"regionId": "aws-us-west-2", "endpointId": "vpce-2"}, codeNoProjectPermission},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, ctl(t, s, http.MethodPost, tc.path, tc.body), http.StatusOK, tc.code)
		})
	}
	// A deleted project takes its endpoints along.
	r := ctl(t, s, http.MethodPost, "/v2/projects", map[string]any{"projectName": "p", "plan": "Enterprise"})
	id := decodeData[string](t, r)
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/projects/"+id+"/privateEndpoints", map[string]any{"regionId": "aws-us-west-2", "endpointId": "vpce-2"}), http.StatusOK, 0)
	wantCode(t, ctl(t, s, http.MethodDelete, "/v2/projects/"+id, nil), http.StatusOK, 0)
	if got := s.PrivateEndpoints(id); len(got) != 0 {
		t.Errorf("endpoints of a deleted project %v", got)
	}
	// Pages: pageSize outside 1..100 is 10; a page past the end is empty.
	page := dataMap(t, ctl(t, s, http.MethodGet, base+"?pageSize=0&currentPage=3", nil))
	if page["pageSize"] != float64(10) || len(page["endpoints"].([]any)) != 0 || page["count"] != float64(1) {
		t.Errorf("page %v", page)
	}
}
