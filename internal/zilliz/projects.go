package zilliz

import (
	"context"
	"net/http"
	"net/url"
)

// Project is a Zilliz Cloud project.
type Project struct {
	ProjectID     string `json:"projectId"`
	ProjectName   string `json:"projectName"`
	Plan          string `json:"plan"`
	CreateTime    string `json:"createTime"`
	InstanceCount int    `json:"instanceCount"`
	// RegionIDs are the regions bound to the project, or nil when the answer
	// does not say: the recorded real answers (recorded-api GetProjectById,
	// ListProjects) carry no region field; the newer list-projects-v2 page
	// shows "regionIds" and the BYOC manage-projects page "regions". Both
	// spellings are read (see UnmarshalJSON).
	RegionIDs []string `json:"regionIds,omitempty"`
}

// Region is a cloud region clusters can be created in.
type Region struct {
	CloudID  string `json:"cloudId"`
	RegionID string `json:"regionId"`
	Domain   string `json:"domain"`
}

// Cloud is a cloud provider (aws, gcp, azure).
type Cloud struct {
	CloudID     string `json:"cloudId"`
	Description string `json:"description"`
}

// ListProjects returns every project of the organization (GET /v2/projects; not paged).
func (c *Client) ListProjects(ctx context.Context) ([]Project, error) {
	out := []Project{}
	if err := c.do(ctx, c.control(http.MethodGet, "/v2/projects", true), &out); err != nil {
		return nil, err
	}
	return out, nil
}

// GetProject returns one project (GET /v2/projects/{id}).
func (c *Client) GetProject(ctx context.Context, id string) (*Project, error) {
	if err := requireID("project id", id); err != nil {
		return nil, err
	}
	var out Project
	if err := c.do(ctx, c.control(http.MethodGet, "/v2/projects/"+escape(id), true), &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListRegions returns the regions of one cloud (aws, gcp, azure), or of all
// clouds when cloudID is "" (GET /v2/regions[?cloudId=]).
func (c *Client) ListRegions(ctx context.Context, cloudID string) ([]Region, error) {
	r := c.control(http.MethodGet, "/v2/regions", true)
	if cloudID != "" {
		r.query = url.Values{"cloudId": {cloudID}}
	}
	out := []Region{}
	if err := c.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListClouds returns the cloud providers (GET /v2/clouds).
func (c *Client) ListClouds(ctx context.Context) ([]Cloud, error) {
	out := []Cloud{}
	if err := c.do(ctx, c.control(http.MethodGet, "/v2/clouds", true), &out); err != nil {
		return nil, err
	}
	return out, nil
}
