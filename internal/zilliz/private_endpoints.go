package zilliz

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// PrivateEndpoint is one item of List Private Endpoints (V2): a VPC endpoint
// of the user's cloud account registered with a project, and the status of
// both sides. The API has no call that describes one endpoint: it is found
// in the project's list.
type PrivateEndpoint struct {
	RegionID              string `json:"regionId"`
	CloudID               string `json:"cloudId"`
	EndpointService       string `json:"endpointService"`
	EndpointServiceStatus string `json:"endpointServiceStatus"`
	EndpointID            string `json:"endpointId"`
	EndpointStatus        string `json:"endpointStatus"`
	// GCPProjectID is set for Google Cloud regions ("This field is required
	// for Google Cloud regions", Create Private Endpoint (V2)); the list
	// answers null otherwise (the official client reads a *string).
	GCPProjectID *string `json:"gcpProjectId"`
}

// CreatePrivateEndpointRequest is the body of POST
// /v2/projects/{projectId}/privateEndpoints.
type CreatePrivateEndpointRequest struct {
	RegionID     string `json:"regionId"`
	EndpointID   string `json:"endpointId"`
	GCPProjectID string `json:"gcpProjectId,omitempty"`
}

// privateEndpointPage is the list's data: {endpoints, currentPage, pageSize, count}.
type privateEndpointPage struct {
	Endpoints   []PrivateEndpoint `json:"endpoints"`
	Count       int               `json:"count"`
	CurrentPage int               `json:"currentPage"`
	PageSize    int               `json:"pageSize"`
}

func privateEndpointsPath(projectID string) string {
	return "/v2/projects/" + escape(projectID) + "/privateEndpoints"
}

// CreatePrivateEndpoint registers a VPC endpoint with a project (Create
// Private Endpoint (V2); the answer's data is {endpointId, regionId}). It is
// not retried once it may have reached the server.
func (c *Client) CreatePrivateEndpoint(ctx context.Context, projectID string, req CreatePrivateEndpointRequest) error {
	if err := requireID("project id", projectID); err != nil {
		return err
	}
	if strings.TrimSpace(req.EndpointID) == "" || strings.TrimSpace(req.RegionID) == "" {
		return errors.New("private endpoint: endpoint id and region id are required")
	}
	r := c.control(http.MethodPost, privateEndpointsPath(projectID), false)
	r.body = req
	return c.do(ctx, r, nil)
}

// ListPrivateEndpoints returns every private endpoint of a project, all pages
// (pageSize 1 to 100; "Values outside 1 to 100 use the default value of 10").
func (c *Client) ListPrivateEndpoints(ctx context.Context, projectID string) ([]PrivateEndpoint, error) {
	if err := requireID("project id", projectID); err != nil {
		return nil, err
	}
	const pageSize = 100
	all := []PrivateEndpoint{}
	seen := map[string]bool{}
	for page := 1; page <= maxClusterPages; page++ {
		r := c.control(http.MethodGet, privateEndpointsPath(projectID), true)
		r.query = url.Values{"pageSize": {strconv.Itoa(pageSize)}, "currentPage": {strconv.Itoa(page)}}
		var p privateEndpointPage
		if err := c.do(ctx, r, &p); err != nil {
			return nil, err
		}
		for _, e := range p.Endpoints {
			if k := e.RegionID + "/" + e.EndpointID; !seen[k] {
				seen[k] = true
				all = append(all, e)
			}
		}
		if len(p.Endpoints) == 0 || (p.Count > 0 && len(all) >= p.Count) || (p.Count <= 0 && len(p.Endpoints) < pageSize) {
			return all, nil
		}
	}
	return all, nil
}

// FindPrivateEndpoint returns one endpoint of a project. An endpoint the
// project's list does not hold is an error for which IsNotFound is true: a
// key that can list a project's endpoints sees all of them, and one that
// cannot gets an error for the list itself.
func (c *Client) FindPrivateEndpoint(ctx context.Context, projectID, regionID, endpointID string) (*PrivateEndpoint, error) {
	all, err := c.ListPrivateEndpoints(ctx, projectID)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].EndpointID == endpointID && (regionID == "" || all[i].RegionID == regionID) {
			return &all[i], nil
		}
	}
	return nil, gone(nil, "private endpoint "+endpointID+" in project "+projectID)
}

// DeletePrivateEndpoint removes an endpoint from a project (DELETE
// /v2/projects/{projectId}/privateEndpoints/{endpointId}?regionId=…[&gcpProjectId=…]).
// A repeated delete cannot remove anything else, so it is retried freely.
func (c *Client) DeletePrivateEndpoint(ctx context.Context, projectID, endpointID, regionID, gcpProjectID string) error {
	if err := requireID("project id", projectID); err != nil {
		return err
	}
	if err := requireID("endpoint id", endpointID); err != nil {
		return err
	}
	r := c.control(http.MethodDelete, privateEndpointsPath(projectID)+"/"+escape(endpointID), true)
	r.query = url.Values{"regionId": {regionID}}
	if gcpProjectID != "" {
		r.query.Set("gcpProjectId", gcpProjectID)
	}
	return c.do(ctx, r, nil)
}
