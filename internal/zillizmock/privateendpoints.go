package zillizmock

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Private endpoints of a project. Facts and sources:
//
//   - POST /v2/projects/{projectId}/privateEndpoints {regionId, endpointId,
//     gcpProjectId?} answers {endpointId, regionId}; gcpProjectId "is
//     required for Google Cloud regions" (Create Private Endpoint (V2)).
//   - GET /v2/projects/{projectId}/privateEndpoints?currentPage=&pageSize=
//     answers {endpoints[{regionId, cloudId, endpointService,
//     endpointServiceStatus, endpointId, endpointStatus, gcpProjectId}],
//     currentPage, pageSize, count}; "Values outside 1 to 100 use the
//     default value of 10" (List Private Endpoints (V2)). There is no call
//     that describes one endpoint.
//   - DELETE /v2/projects/{projectId}/privateEndpoints/{endpointId}?regionId=
//     [&gcpProjectId=] answers {endpointId} (Delete Private Endpoint (V2)).
//
// Inferred: the statuses (endpointServiceStatus "Available", endpointStatus
// "accepted", the values in the official client's test); the service name's
// form; that the same endpoint cannot be registered twice; that an AWS
// endpoint id has the AWS form vpce-<hex>; the codes of refusals that have no
// documented one (80000), and code 404 for an endpoint that does not exist.

type endpointRecord struct {
	regionID, endpointID, gcpProjectID string
	createdAt                          time.Time
}

// PrivateEndpoint is a snapshot of one registered endpoint, for tests.
type PrivateEndpoint struct {
	ProjectID, RegionID, EndpointID, GCPProjectID string
}

// routePrivateEndpoints serves /v2/projects/{id}/privateEndpoints/...; seg
// is what follows "privateEndpoints".
func (s *Server) routePrivateEndpoints(w *reply, r *http.Request, body []byte, projectID string, seg []string) {
	if !projectIDPattern.MatchString(projectID) {
		w.fail(http.StatusOK, codeInvalidProjectID, fmt.Sprintf("Invalid projectId %q: it must have the form proj-xxxxxxxxxxxxxxxxxxxxxx.", projectID))
		return
	}
	if !s.projectExists(projectID) {
		w.fail(http.StatusOK, codeNoProjectPermission, fmt.Sprintf(msgProjectOrgMismatchF, projectID))
		return
	}
	switch {
	case len(seg) == 0 && r.Method == http.MethodGet:
		s.listPrivateEndpoints(w, r, projectID)
	case len(seg) == 0 && r.Method == http.MethodPost:
		s.createPrivateEndpoint(w, body, projectID)
	case len(seg) == 0:
		allow(w, r, http.MethodGet, http.MethodPost)
	case len(seg) == 1 && r.Method == http.MethodDelete:
		s.deletePrivateEndpoint(w, r, projectID, seg[0])
	case len(seg) == 1:
		allow(w, r, http.MethodDelete)
	default:
		notFound(w, r)
	}
}

func cloudOf(regionID string) string {
	for _, rg := range regions {
		if rg.RegionID == regionID {
			return rg.CloudID
		}
	}
	return ""
}

func (s *Server) createPrivateEndpoint(w *reply, body []byte, projectID string) {
	var req struct {
		RegionID     string `json:"regionId"`
		EndpointID   string `json:"endpointId"`
		GCPProjectID string `json:"gcpProjectId"`
	}
	if err := decodeStrict(body, &req, "regionId", "endpointId", "gcpProjectId"); err != nil {
		badBody(w, err)
		return
	}
	cloud := cloudOf(req.RegionID)
	switch {
	case cloud == "":
		w.fail(http.StatusOK, codeInvalidRegionID, fmt.Sprintf("Invalid regionId %q.", req.RegionID))
		return
	case strings.TrimSpace(req.EndpointID) == "":
		w.fail(http.StatusOK, codeBadParameter, "Invalid request parameters: endpointId is required.")
		return
	case cloud == "aws" && !strings.HasPrefix(req.EndpointID, "vpce-"):
		w.fail(http.StatusOK, codeBadParameter, fmt.Sprintf("Invalid endpointId %q: an AWS VPC endpoint id starts with vpce-.", req.EndpointID))
		return
	case cloud == "gcp" && req.GCPProjectID == "":
		w.fail(http.StatusOK, codeBadParameter, "Invalid request parameters: gcpProjectId is required for Google Cloud regions.")
		return
	}
	a := &s.access
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	for _, list := range a.endpoints {
		for _, e := range list {
			if e.regionID == req.RegionID && e.endpointID == req.EndpointID {
				w.fail(http.StatusOK, codeBadParameter, fmt.Sprintf("Private endpoint %s is already registered in region %s.", req.EndpointID, req.RegionID))
				return
			}
		}
	}
	e := &endpointRecord{regionID: req.RegionID, endpointID: req.EndpointID, createdAt: s.now()}
	if cloud == "gcp" {
		e.gcpProjectID = req.GCPProjectID
	}
	a.endpoints[projectID] = append(a.endpoints[projectID], e)
	w.ok(codeOK, map[string]string{"endpointId": e.endpointID, "regionId": e.regionID})
}

// endpointItem is one endpoint of the list answer.
type endpointItem struct {
	RegionID              string  `json:"regionId"`
	CloudID               string  `json:"cloudId"`
	EndpointService       string  `json:"endpointService"`
	EndpointServiceStatus string  `json:"endpointServiceStatus"`
	EndpointID            string  `json:"endpointId"`
	EndpointStatus        string  `json:"endpointStatus"`
	GCPProjectID          *string `json:"gcpProjectId"`
}

func (s *Server) listPrivateEndpoints(w *reply, r *http.Request, projectID string) {
	pageSize, currentPage := pageArgs(r)
	a := &s.access
	a.mu.Lock()
	a.init()
	all := []endpointItem{}
	for _, e := range a.endpoints[projectID] {
		it := endpointItem{RegionID: e.regionID, CloudID: cloudOf(e.regionID), EndpointService: "zilliz-privatelink-service." + e.regionID,
			EndpointServiceStatus: "Available", EndpointID: e.endpointID, EndpointStatus: "accepted"}
		if e.gcpProjectID != "" {
			g := e.gcpProjectID
			it.GCPProjectID = &g
		}
		all = append(all, it)
	}
	a.mu.Unlock()
	page := []endpointItem{}
	if start := (currentPage - 1) * pageSize; start < len(all) {
		page = all[start:min(start+pageSize, len(all))]
	}
	w.ok(codeOK, map[string]any{"endpoints": page, "currentPage": currentPage, "pageSize": pageSize, "count": len(all)})
}

func (s *Server) deletePrivateEndpoint(w *reply, r *http.Request, projectID, endpointID string) {
	regionID := r.URL.Query().Get("regionId")
	if regionID == "" {
		w.fail(http.StatusOK, codeBadParameter, "Invalid request parameters: regionId is required.")
		return
	}
	a := &s.access
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	list := a.endpoints[projectID]
	i := slices.IndexFunc(list, func(e *endpointRecord) bool { return e.endpointID == endpointID && e.regionID == regionID })
	if i < 0 {
		w.fail(http.StatusOK, codeObjectNotFound, fmt.Sprintf("Private endpoint %s not found in region %s.", endpointID, regionID))
		return
	}
	a.endpoints[projectID] = slices.Delete(list, i, i+1)
	w.ok(codeOK, map[string]string{"endpointId": endpointID})
}

// PrivateEndpoints returns the endpoints registered with a project.
func (s *Server) PrivateEndpoints(projectID string) []PrivateEndpoint {
	a := &s.access
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	out := []PrivateEndpoint{}
	for _, e := range a.endpoints[projectID] {
		out = append(out, PrivateEndpoint{ProjectID: projectID, RegionID: e.regionID, EndpointID: e.endpointID, GCPProjectID: e.gcpProjectID})
	}
	return out
}

// DeletePrivateEndpointNow removes an endpoint out of band, as in the console.
func (s *Server) DeletePrivateEndpointNow(projectID, regionID, endpointID string) error {
	a := &s.access
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	list := a.endpoints[projectID]
	i := slices.IndexFunc(list, func(e *endpointRecord) bool { return e.endpointID == endpointID && e.regionID == regionID })
	if i < 0 {
		return fmt.Errorf("zillizmock: no private endpoint %s in %s of %s", endpointID, regionID, projectID)
	}
	a.endpoints[projectID] = slices.Delete(list, i, i+1)
	return nil
}
