package zilliz

import (
	"fmt"
	"net/http"
	"testing"
)

func TestPrivateEndpoints(t *testing.T) {
	t.Parallel()
	gcpProject := "my-gcp-project"
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		switch {
		case r.Method == http.MethodGet && r.URL.Query().Get("currentPage") == "1":
			eps := []map[string]any{}
			for i := range 100 {
				eps = append(eps, map[string]any{"regionId": "aws-us-west-2", "cloudId": "aws", "endpointId": fmt.Sprintf("vpce-%017d", i),
					"endpointService": "svc", "endpointServiceStatus": "Available", "endpointStatus": "accepted", "gcpProjectId": nil})
			}
			ok(w, map[string]any{"endpoints": eps, "count": 101, "currentPage": 1, "pageSize": 100})
		case r.Method == http.MethodGet:
			ok(w, map[string]any{"endpoints": []map[string]any{{"regionId": "gcp-us-west1", "cloudId": "gcp", "endpointId": "psc-1", "gcpProjectId": gcpProject}},
				"count": 101, "currentPage": 2, "pageSize": 100})
		default:
			ok(w, map[string]any{"endpointId": "vpce-0123456789abcdef0", "regionId": "aws-us-west-2"})
		}
	})
	c := newTestClient(t, fastConfig(rec.srv.URL))

	if err := c.CreatePrivateEndpoint(t.Context(), "proj-1", CreatePrivateEndpointRequest{RegionID: "aws-us-west-2", EndpointID: "vpce-0123456789abcdef0"}); err != nil {
		t.Fatal(err)
	}
	first := rec.requests()[0]
	if first.Method != http.MethodPost || first.Path != "/v2/projects/proj-1/privateEndpoints" {
		t.Errorf("create sent %s %s", first.Method, first.Path)
	}
	jsonEqual(t, first.Body, map[string]any{"regionId": "aws-us-west-2", "endpointId": "vpce-0123456789abcdef0"})

	got, err := c.FindPrivateEndpoint(t.Context(), "proj-1", "gcp-us-west1", "psc-1")
	if err != nil || got.CloudID != "gcp" || got.GCPProjectID == nil || *got.GCPProjectID != gcpProject {
		t.Fatalf("FindPrivateEndpoint = %+v, %v (it is on the second page)", got, err)
	}
	if _, err := c.FindPrivateEndpoint(t.Context(), "proj-1", "gcp-us-west1", "vpce-00000000000000001"); !IsNotFound(err) {
		t.Errorf("an endpoint in another region: %v, want IsNotFound", err)
	}
	if _, err := c.FindPrivateEndpoint(t.Context(), "proj-1", "aws-us-west-2", "vpce-nope"); !IsNotFound(err) {
		t.Errorf("an endpoint the list does not hold: %v, want IsNotFound", err)
	}

	if err := c.DeletePrivateEndpoint(t.Context(), "proj-1", "psc-1", "gcp-us-west1", gcpProject); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	del := reqs[len(reqs)-1]
	if del.Method != http.MethodDelete || del.Path != "/v2/projects/proj-1/privateEndpoints/psc-1" || del.RawQuery != "gcpProjectId=my-gcp-project&regionId=gcp-us-west1" {
		t.Errorf("delete sent %s %s?%s", del.Method, del.Path, del.RawQuery)
	}
}

// A project the key cannot see is an error of the list, never "not found".
func TestFindPrivateEndpointListRefused(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		reply(w, 200, map[string]any{"code": 96012, "message": "You don't have permission for this project. Project org and Apikey org does not match."})
	})
	c := newTestClient(t, fastConfig(rec.srv.URL))
	if _, err := c.FindPrivateEndpoint(t.Context(), "proj-1", "aws-us-west-2", "vpce-1"); err == nil || IsNotFound(err) {
		t.Errorf("err %v, want a refusal that is not IsNotFound", err)
	}
}
