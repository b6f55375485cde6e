package zilliz

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Cluster plans accepted by CreateClusterRequest.Plan: the one definition the
// provider uses too.
const (
	PlanFree       = "Free"
	PlanServerless = "Serverless"
	PlanStandard   = "Standard"
	PlanEnterprise = "Enterprise"
)

// StatusDeleted is the status describe reports for a dropped cluster (v1 docs).
const StatusDeleted = "DELETED"

// CreateClusterRequest is the input of CreateCluster.
type CreateClusterRequest struct {
	// Plan is Free, Serverless, Standard or Enterprise; it picks createFree,
	// createServerless or createDedicated (Standard and Enterprise).
	Plan        string
	ClusterName string
	ProjectID   string
	RegionID    string
	CUType      string            // dedicated only
	CUSize      int               // dedicated only; 0 = omit
	Replica     int               // dedicated only; 0 = omit
	Labels      map[string]string // dedicated and serverless; omitted when empty
}

// CreateClusterResponse is the answer of a create call. Password is shown by the
// API only here, once.
type CreateClusterResponse struct {
	ClusterID string `json:"clusterId"`
	Username  string `json:"username"`
	Password  string `json:"password"`
	Prompt    string `json:"prompt"`
	// Adopted is true when the create's answer was lost and the cluster was
	// found by name instead: Password is then unknown (empty) and Prompt says why.
	Adopted bool `json:"-"`
}

// Cluster is a cluster as described or listed by the API.
type Cluster struct {
	ClusterID          string            `json:"clusterId"`
	ClusterName        string            `json:"clusterName"`
	ProjectID          string            `json:"projectId"`
	Description        string            `json:"description"`
	RegionID           string            `json:"regionId"`
	CUType             string            `json:"cuType"`
	Plan               string            `json:"plan"`
	Status             string            `json:"status"`
	ConnectAddress     string            `json:"connectAddress"`
	PrivateLinkAddress string            `json:"privateLinkAddress"`
	CreateTime         string            `json:"createTime"`
	CUSize             int               `json:"cuSize"`
	Replica            int               `json:"replica"`
	StorageSize        int               `json:"storageSize"`
	SnapshotNumber     int               `json:"snapshotNumber"`
	CreateProgress     int               `json:"createProgress"`
	Labels             map[string]string `json:"labels"`
	// Autoscaling is the cluster's autoscaling configuration as describe
	// reports it (newer docs; the official client reads it); nil when the
	// answer has none. See Autoscaling.Enabled.
	Autoscaling *Autoscaling `json:"autoscaling,omitempty"`
}

// Autoscaling is a dedicated cluster's dynamic scaling configuration
// (modify-cluster-v2 "autoscaling": {cu: {min, max}, replica: {min, max}}).
// It is mutually exclusive with a fixed cuSize (for cu) and replica (for
// replica), and the API replaces the whole object on each modify, so it is
// always sent whole (the official client sends cu and replica "in a single
// request to avoid the later call overwriting the earlier one"). Scheduled
// scaling (schedules) is not modelled.
type Autoscaling struct {
	CU      *AutoscalingRange `json:"cu,omitempty"`
	Replica *AutoscalingRange `json:"replica,omitempty"`
}

// AutoscalingRange is the min and max of one autoscaled dimension.
type AutoscalingRange struct {
	Min *int `json:"min,omitempty"`
	Max *int `json:"max,omitempty"`
}

// Set reports whether the range has both bounds.
func (r *AutoscalingRange) Set() bool { return r != nil && r.Min != nil && r.Max != nil }

// Enabled reports whether a describe answer's autoscaling turns dynamic
// scaling on: a range with both bounds (an absent object, {} or a range
// without bounds means fixed sizing; inferred, as no answer with
// autoscaling turned off has been recorded).
func (a *Autoscaling) Enabled() bool { return a != nil && (a.CU.Set() || a.Replica.Set()) }

// ClusterPage is one page of ListClusters.
type ClusterPage struct {
	Count       int       `json:"count"`
	CurrentPage int       `json:"currentPage"`
	PageSize    int       `json:"pageSize"`
	Clusters    []Cluster `json:"clusters"`
}

// dedicatedCreateBody is the body of POST /v2/clusters/createDedicated.
type dedicatedCreateBody struct {
	ClusterName string            `json:"clusterName"`
	ProjectID   string            `json:"projectId"`
	RegionID    string            `json:"regionId"`
	Plan        string            `json:"plan"`
	CUType      string            `json:"cuType,omitempty"`
	CUSize      int               `json:"cuSize,omitempty"`
	Replica     int               `json:"replica,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
}

// sharedCreateBody is the body of createServerless and createFree (Free takes no labels).
type sharedCreateBody struct {
	ClusterName string            `json:"clusterName"`
	ProjectID   string            `json:"projectId"`
	RegionID    string            `json:"regionId"`
	Labels      map[string]string `json:"labels,omitempty"`
}

// createCall maps a request to its endpoint and body.
func createCall(req CreateClusterRequest) (path string, body any, err error) {
	switch {
	case strings.EqualFold(req.Plan, PlanFree):
		return "/v2/clusters/createFree", sharedCreateBody{req.ClusterName, req.ProjectID, req.RegionID, nil}, nil
	case strings.EqualFold(req.Plan, PlanServerless):
		return "/v2/clusters/createServerless", sharedCreateBody{req.ClusterName, req.ProjectID, req.RegionID, req.Labels}, nil
	case strings.EqualFold(req.Plan, PlanStandard), strings.EqualFold(req.Plan, PlanEnterprise):
		plan := PlanStandard
		if strings.EqualFold(req.Plan, PlanEnterprise) {
			plan = PlanEnterprise
		}
		return "/v2/clusters/createDedicated", dedicatedCreateBody{
			ClusterName: req.ClusterName, ProjectID: req.ProjectID, RegionID: req.RegionID, Plan: plan,
			CUType: req.CUType, CUSize: req.CUSize, Replica: req.Replica, Labels: req.Labels,
		}, nil
	}
	return "", nil, fmt.Errorf("unknown cluster plan %q: use Free, Serverless, Standard or Enterprise", req.Plan)
}

// createLookupSkew is how much older than our create call a same-named cluster
// may be and still be taken for the one our call created (server and local
// clocks differ). An older one existed before us and belongs to someone else.
const createLookupSkew = 5 * time.Minute

// createRounds bounds how often CreateCluster asks again after an answer was lost
// and the lookup showed that nothing had been created. Five rounds keep a create
// alive through a run of dropped connections (20 % each: 0.03 % all five).
const createRounds = 5

// CreateCluster creates a cluster with createFree, createServerless or
// createDedicated according to req.Plan.
//
// A user must never get a duplicate paid cluster, so the transport does not
// retry the create call once the request may have reached the server (see
// retry.go). When the answer is lost that way (connection reset, timeout, a 5xx
// other than a retried 503, or retries used up), CreateCluster looks for a
// cluster of that name in that project and region (not DELETED, not older than
// the call) with ListAllClusters:
//   - found: the lost attempt created it, and it is returned (ClusterID set,
//     Username and Password empty because the API shows the password only in the
//     lost answer; Prompt says so);
//   - not found: nothing was created, so the create is sent again (at most
//     createRounds times in all). Cluster names are unique in a project, so a
//     repeated create can never make a second cluster: if a lost attempt did
//     create one after all, the API answers 40013 and that cluster is looked up
//     and returned.
func (c *Client) CreateCluster(ctx context.Context, req CreateClusterRequest) (*CreateClusterResponse, error) {
	path, body, err := createCall(req)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.ClusterName) == "" {
		return nil, errors.New("cluster name is empty")
	}
	start := time.Now()
	var lost error // the error of an earlier attempt whose answer may have been lost
	for round := 0; round < createRounds; round++ {
		r := c.control(http.MethodPost, path, false)
		r.body = body
		var out CreateClusterResponse
		err := c.do(ctx, r, &out)
		if err == nil && out.ClusterID != "" {
			c.owners.created()
			return &out, nil
		}
		if err == nil {
			err = &decodeError{Method: http.MethodPost, Path: path, Err: errors.New("success answer without a clusterId")}
		}
		switch {
		case lost != nil && IsAlreadyExists(err):
			// An earlier attempt whose answer was lost did create the cluster.
		case answerMayBeLost(ctx, err):
			lost = err
		default:
			return nil, err
		}
		if c.logger != nil {
			c.logger(ctx, "Zilliz create cluster: answer lost; looking the cluster up by name", map[string]any{
				"cluster_name": req.ClusterName, "project_id": req.ProjectID, "region_id": req.RegionID, "error": err.Error(),
			})
		}
		found, lookupErr := c.findCreatedCluster(ctx, req, start)
		if lookupErr != nil {
			return nil, fmt.Errorf("%w (looking the cluster up by name afterwards also failed: %v)", err, lookupErr)
		}
		if found != nil {
			c.owners.created()
			return &CreateClusterResponse{
				ClusterID: found.ClusterID,
				Adopted:   true,
				Prompt: fmt.Sprintf("The answer to the create request was lost (%v), but cluster %s named %q was found in project %s, "+
					"so it is used instead of creating a second one. Its initial password was in the lost answer: reset it in the Zilliz Cloud console if needed.",
					lost, found.ClusterID, found.ClusterName, found.ProjectID),
			}, nil
		}
		if IsAlreadyExists(err) {
			return nil, err // the name is taken, but not by a cluster our call created
		}
	}
	return nil, lost
}

// answerMayBeLost reports whether a failed create may nevertheless have created
// the object on the server. False for business answers (HTTP 200 + code, 4xx)
// and for failures that certainly happened before sending. False also when the
// caller's context has ended: then no lookup can run either.
func answerMayBeLost(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var ae *APIError
	if errors.As(err, &ae) {
		// 5xx and 429 that used up retries, or a 2xx/3xx that was not the envelope.
		return ae.HTTPStatus >= 500 || ae.HTTPStatus == http.StatusTooManyRequests || (ae.HTTPStatus < 400 && ae.Code == 0)
	}
	var de *decodeError
	if errors.As(err, &de) {
		return true // the server said success
	}
	var te *transportError
	if errors.As(err, &te) {
		return !te.ctxDone && !isNotSent(te.Err)
	}
	return false
}

// findCreatedCluster returns the cluster a lost create produced, or nil.
func (c *Client) findCreatedCluster(ctx context.Context, req CreateClusterRequest, start time.Time) (*Cluster, error) {
	all, err := c.ListAllClusters(ctx)
	if err != nil {
		return nil, err
	}
	var matches []Cluster
	for _, cl := range all {
		if cl.ClusterName != req.ClusterName ||
			(req.ProjectID != "" && cl.ProjectID != req.ProjectID) ||
			(req.RegionID != "" && cl.RegionID != req.RegionID) {
			continue
		}
		if s := strings.ToUpper(cl.Status); s == "DELETED" || s == "DELETING" {
			continue
		}
		if t, err := time.Parse(time.RFC3339, cl.CreateTime); err == nil && t.Before(start.Add(-createLookupSkew)) {
			continue // existed before our call: not ours to adopt
		}
		matches = append(matches, cl)
	}
	if len(matches) != 1 {
		// None, or (against the unique-name rule) several: adopting a guess would be worse than the error.
		return nil, nil
	}
	return &matches[0], nil
}

// normalizeStatus maps the legacy STOPPING/STOPPED the API can still return to the
// SUSPENDING/SUSPENDED that the docs and the provider use.
func normalizeStatus(cl *Cluster) {
	switch cl.Status {
	case "STOPPING":
		cl.Status = "SUSPENDING"
	case "STOPPED":
		cl.Status = "SUSPENDED"
	}
}

// DescribeCluster returns one cluster (GET /v2/clusters/{id}). STOPPING and
// STOPPED are reported as SUSPENDING and SUSPENDED.
func (c *Client) DescribeCluster(ctx context.Context, id string) (*Cluster, error) {
	if err := requireID("cluster id", id); err != nil {
		return nil, err
	}
	var out Cluster
	if err := c.do(ctx, c.control(http.MethodGet, "/v2/clusters/"+escape(id), true), &out); err != nil {
		return nil, err
	}
	normalizeStatus(&out)
	c.owners.note(out.ConnectAddress, out.ClusterID)
	return &out, nil
}

// ListClusters returns one page of clusters (GET /v2/clusters). The API accepts
// pageSize 1–100 and currentPage >= 1; values <= 0 are left to the API's default.
func (c *Client) ListClusters(ctx context.Context, pageSize, currentPage int) (*ClusterPage, error) {
	r := c.control(http.MethodGet, "/v2/clusters", true)
	r.query = url.Values{}
	if pageSize > 0 {
		r.query.Set("pageSize", strconv.Itoa(pageSize))
	}
	if currentPage > 0 {
		r.query.Set("currentPage", strconv.Itoa(currentPage))
	}
	var out ClusterPage
	if err := c.do(ctx, r, &out); err != nil {
		return nil, err
	}
	for i := range out.Clusters {
		normalizeStatus(&out.Clusters[i])
		c.owners.note(out.Clusters[i].ConnectAddress, out.Clusters[i].ClusterID)
	}
	return &out, nil
}

// maxClusterPages bounds ListAllClusters against a server that never stops paging.
const maxClusterPages = 1000

// ListAllClusters returns every cluster, following pages of 100. Absence
// from it is no proof that a cluster is gone (see ListAllClustersConsistent).
func (c *Client) ListAllClusters(ctx context.Context) ([]Cluster, error) {
	all, _, err := c.listAllClusters(ctx)
	return all, err
}

// listAllClusters reads every page and says how many it read.
func (c *Client) listAllClusters(ctx context.Context) ([]Cluster, int, error) {
	const pageSize = 100
	all := []Cluster{}
	seen := map[string]bool{}
	for page := 1; page <= maxClusterPages; page++ {
		p, err := c.ListClusters(ctx, pageSize, page)
		if err != nil {
			return nil, page, err
		}
		for _, cl := range p.Clusters {
			// Clusters created or dropped while paging can shift entries between pages.
			if !seen[cl.ClusterID] {
				seen[cl.ClusterID] = true
				all = append(all, cl)
			}
		}
		switch {
		case len(p.Clusters) == 0:
			return all, page, nil
		case p.Count > 0 && len(all) >= p.Count:
			return all, page, nil
		case p.Count <= 0 && len(p.Clusters) < pageSize:
			return all, page, nil
		}
	}
	return all, maxClusterPages, nil
}

// ListAllClustersConsistent returns every cluster, and whether the list is a
// consistent picture of one moment, so that a cluster's absence from it
// proves something. A list that fits in one page is. One read across pages
// while clusters are created or dropped may skip an entry that moved from a
// later page to an earlier one (or count one twice), so a list of several
// pages is read twice, and is consistent only when both reads report the
// same count and hold the same clusters.
func (c *Client) ListAllClustersConsistent(ctx context.Context) ([]Cluster, bool, error) {
	first, pages, err := c.listAllClusters(ctx)
	if err != nil || pages <= 1 {
		return first, err == nil, err
	}
	second, _, err := c.listAllClusters(ctx)
	if err != nil {
		return nil, false, err
	}
	if len(first) != len(second) {
		return second, false, nil
	}
	ids := map[string]bool{}
	for _, cl := range first {
		ids[cl.ClusterID] = true
	}
	for _, cl := range second {
		if !ids[cl.ClusterID] {
			return second, false, nil
		}
	}
	return second, true, nil
}

// ModifyClusterCU changes a dedicated cluster's CU size (POST /v2/clusters/{id}/modify {cuSize}).
func (c *Client) ModifyClusterCU(ctx context.Context, id string, cuSize int) error {
	return c.clusterAction(ctx, id, http.MethodPost, "/modify", map[string]int{"cuSize": cuSize}, false)
}

// ModifyClusterReplica changes a dedicated cluster's replica count (POST /v2/clusters/{id}/modify {replica}).
func (c *Client) ModifyClusterReplica(ctx context.Context, id string, replica int) error {
	return c.clusterAction(ctx, id, http.MethodPost, "/modify", map[string]int{"replica": replica}, false)
}

// ModifyClusterAutoscaling sets a dedicated cluster's autoscaling (POST
// /v2/clusters/{id}/modify {autoscaling}). The API replaces the whole object,
// so a carries every range the cluster should scale within.
func (c *Client) ModifyClusterAutoscaling(ctx context.Context, id string, a Autoscaling) error {
	return c.clusterAction(ctx, id, http.MethodPost, "/modify", map[string]Autoscaling{"autoscaling": a}, false)
}

// RenameCluster sets a cluster's name (POST /v2/clusters/{id}/modifyProperties
// {clusterName}). Setting a name twice has the same effect as once, so it is retried freely.
func (c *Client) RenameCluster(ctx context.Context, id, name string) error {
	return c.clusterAction(ctx, id, http.MethodPost, "/modifyProperties", map[string]string{"clusterName": name}, true)
}

// GetClusterLabels returns a cluster's labels (GET /v2/clusters/{id}/labels);
// never nil.
func (c *Client) GetClusterLabels(ctx context.Context, id string) (map[string]string, error) {
	if err := requireID("cluster id", id); err != nil {
		return nil, err
	}
	var out struct {
		Labels map[string]string `json:"labels"`
	}
	if err := c.do(ctx, c.control(http.MethodGet, "/v2/clusters/"+escape(id)+"/labels", true), &out); err != nil {
		return nil, err
	}
	if out.Labels == nil {
		out.Labels = map[string]string{}
	}
	return out.Labels, nil
}

// SetClusterLabels replaces a cluster's labels (PUT /v2/clusters/{id}/labels
// {labels}); an empty map removes them all.
func (c *Client) SetClusterLabels(ctx context.Context, id string, labels map[string]string) error {
	if labels == nil {
		labels = map[string]string{} // send {} (remove all), never null
	}
	return c.clusterAction(ctx, id, http.MethodPut, "/labels", map[string]any{"labels": labels}, true)
}

// SuspendCluster suspends a dedicated cluster (POST /v2/clusters/{id}/suspend).
func (c *Client) SuspendCluster(ctx context.Context, id string) error {
	return c.clusterAction(ctx, id, http.MethodPost, "/suspend", nil, false)
}

// ResumeCluster resumes a suspended cluster (POST /v2/clusters/{id}/resume).
func (c *Client) ResumeCluster(ctx context.Context, id string) error {
	return c.clusterAction(ctx, id, http.MethodPost, "/resume", nil, false)
}

// DropCluster deletes a cluster (DELETE /v2/clusters/{id}/drop). A repeated drop
// cannot delete anything else, so it is retried freely; a drop of a gone cluster
// returns an error for which IsNotFound is true.
func (c *Client) DropCluster(ctx context.Context, id string) error {
	return c.clusterAction(ctx, id, http.MethodDelete, "/drop", nil, true)
}

// clusterAction calls /v2/clusters/{id}{suffix}; the answer's data ({clusterId, prompt}) is not needed.
func (c *Client) clusterAction(ctx context.Context, id, method, suffix string, body any, idempotent bool) error {
	if err := requireID("cluster id", id); err != nil {
		return err
	}
	r := c.control(method, "/v2/clusters/"+escape(id)+suffix, idempotent)
	r.body = body
	return c.do(ctx, r, nil)
}
