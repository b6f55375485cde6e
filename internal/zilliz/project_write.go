package zilliz

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Project plans, lowest first: the Create Project (V2) and Upgrade Project (V2)
// pages list Standard, Enterprise and BusinessCritical, and a project's plan
// can only be raised (recorded-api UpgradeProjectPlan_failed: code 63104
// "Project plan can only be upgraded, not downgraded."). The order between
// them is inferred from the plans' names and pricing pages.
const (
	ProjectPlanStandard         = "Standard"
	ProjectPlanEnterprise       = "Enterprise"
	ProjectPlanBusinessCritical = "BusinessCritical"
)

// ProjectPlans are the project plans in ascending order.
var ProjectPlans = []string{ProjectPlanStandard, ProjectPlanEnterprise, ProjectPlanBusinessCritical}

// ProjectPlanRank is the position of a plan in ProjectPlans, or -1.
func ProjectPlanRank(plan string) int {
	for i, p := range ProjectPlans {
		if p == plan {
			return i
		}
	}
	return -1
}

// DefaultProjectName is the name of the project every organisation has and
// cannot delete or rename (docs.zilliz.com/docs/manage-projects: "Each
// organization comes with a default Enterprise project named Default Project
// that cannot be deleted"; the BYOC page: its name cannot be modified).
const DefaultProjectName = "Default Project"

// CodeProjectDowngrade is the recorded answer to a plan downgrade.
const CodeProjectDowngrade = 63104

// UnmarshalJSON reads a project answer. It takes the region list as
// "regionIds" (list-projects-v2) or "regions" (BYOC manage-projects example),
// and instanceCount as a number or a quoted number (the list-projects-v2
// schema types it as a string, its example as a number).
func (p *Project) UnmarshalJSON(b []byte) error {
	var raw struct {
		ProjectID     string          `json:"projectId"`
		ProjectName   string          `json:"projectName"`
		Plan          string          `json:"plan"`
		CreateTime    string          `json:"createTime"`
		InstanceCount json.RawMessage `json:"instanceCount"`
		RegionIDs     []string        `json:"regionIds"`
		Regions       []string        `json:"regions"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*p = Project{ProjectID: raw.ProjectID, ProjectName: raw.ProjectName, Plan: raw.Plan, CreateTime: raw.CreateTime, RegionIDs: raw.RegionIDs}
	if p.RegionIDs == nil {
		p.RegionIDs = raw.Regions
	}
	if n, ok := parseCode(raw.InstanceCount); ok {
		p.InstanceCount = n
	}
	return nil
}

// CreateProjectRequest is the body of POST /v2/projects (Create Project (V2)).
type CreateProjectRequest struct {
	ProjectName string `json:"projectName"`
	Plan        string `json:"plan"`
	// RegionIDs binds regions at create. The Chinese Create Project page says
	// an Enterprise project takes one region and several need BusinessCritical.
	RegionIDs []string `json:"regionIds,omitempty"`
}

// projectIDData reads the create answer's data: the recorded real answer is
// the id as a plain string (recorded-api CreateProject), the Create Project
// (V2) page shows {"projectId": "..."}. Both are taken.
type projectIDData string

func (d *projectIDData) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*d = projectIDData(s)
		return nil
	}
	var o struct {
		ProjectID string `json:"projectId"`
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return fmt.Errorf("neither a project id nor {projectId}: %w", err)
	}
	*d = projectIDData(o.ProjectID)
	return nil
}

// CreateProject creates a project and returns its id. The call is not
// retried once it may have reached the server; if its answer is lost, the
// project is looked up by name (names are unique in an organisation, as the
// official provider's schema says; inferred) and a match made no earlier
// than this call is returned with adopted = true.
func (c *Client) CreateProject(ctx context.Context, req CreateProjectRequest) (id string, adopted bool, err error) {
	if strings.TrimSpace(req.ProjectName) == "" {
		return "", false, errors.New("project name is empty")
	}
	start := time.Now()
	r := c.control(http.MethodPost, "/v2/projects", false)
	r.body = req
	var out projectIDData
	err = c.do(ctx, r, &out)
	if err == nil && out != "" {
		return string(out), false, nil
	}
	if err == nil {
		err = &decodeError{Method: http.MethodPost, Path: "/v2/projects", Err: errors.New("success answer without a project id")}
	}
	if !answerMayBeLost(ctx, err) {
		return "", false, err
	}
	found, lookupErr := c.findProjectByName(ctx, req.ProjectName, start)
	if lookupErr != nil {
		return "", false, fmt.Errorf("%w (looking the project up by name afterwards also failed: %v)", err, lookupErr)
	}
	if found == nil {
		return "", false, err
	}
	return found.ProjectID, true, nil
}

// findProjectByName returns the one project of that name made since start.
func (c *Client) findProjectByName(ctx context.Context, name string, start time.Time) (*Project, error) {
	all, err := c.ListProjects(ctx)
	if err != nil {
		return nil, err
	}
	var matches []Project
	for _, p := range all {
		if p.ProjectName != name {
			continue
		}
		if t, err := time.Parse(time.RFC3339, p.CreateTime); err == nil && t.Before(start.Add(-createLookupSkew)) {
			continue
		}
		matches = append(matches, p)
	}
	if len(matches) != 1 {
		return nil, nil
	}
	return &matches[0], nil
}

// DeleteProject deletes a project (DELETE /v2/projects/{id}; Delete Project
// (V2) answers data "ok"). A repeated delete cannot delete anything else, so
// it is retried freely.
func (c *Client) DeleteProject(ctx context.Context, id string) error {
	if err := requireID("project id", id); err != nil {
		return err
	}
	return c.do(ctx, c.control(http.MethodDelete, "/v2/projects/"+escape(id), true), nil)
}

// UpgradeProjectPlan raises a project's plan (PATCH /v2/projects/{id}/plan
// {plan}: the official client and the recorded answers; an older version of
// the Upgrade Project page shows PATCH /v2/projects/{id}). A downgrade is
// refused with CodeProjectDowngrade. Setting the same plan twice changes
// nothing, so the call is retried freely.
func (c *Client) UpgradeProjectPlan(ctx context.Context, id, plan string) error {
	if err := requireID("project id", id); err != nil {
		return err
	}
	r := c.control(http.MethodPatch, "/v2/projects/"+escape(id)+"/plan", true)
	r.body = map[string]string{"plan": plan}
	return c.do(ctx, r, nil)
}

// AddProjectRegions binds more regions to a project (POST
// /v2/projects/{id}/regions {regionIds}, Add Project Region (V2)). Regions
// cannot be removed: the API has no call for it.
func (c *Client) AddProjectRegions(ctx context.Context, id string, regionIDs []string) error {
	if err := requireID("project id", id); err != nil {
		return err
	}
	if len(regionIDs) == 0 {
		return nil
	}
	r := c.control(http.MethodPost, "/v2/projects/"+escape(id)+"/regions", false)
	r.body = map[string][]string{"regionIds": regionIDs}
	return c.do(ctx, r, nil)
}

// IsProjectDowngrade reports the recorded refusal of a plan downgrade.
func IsProjectDowngrade(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Code == CodeProjectDowngrade
}

// IsProjectOrgMismatch reports 96012, "You don't have permission for this
// project. Project org and Apikey org does not match." (error-codes-v2). It is
// also what a project id that does not exist (any more) gets (inferred): the
// answer alone never proves the project gone.
func IsProjectOrgMismatch(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Code == codeProjectOrgMismatch
}

const codeProjectOrgMismatch = 96012

// ownerRequiredCodes say the key lacks the role an operation needs:
// error-codes-v2 96013 "You don't have permission for this project. Org owner
// or project owner is needed." and 96015, the same for a cluster.
var ownerRequiredCodes = map[int]bool{96013: true, 96015: true}

// IsOwnerRequired reports an answer saying the API key's role is not enough:
// creating projects and managing API keys need an Organization Owner
// (docs.zilliz.com/docs/manage-projects "To create a project, you must be an
// Organization Owner"; organization-users: "Manage API keys" is an Organization
// Owner privilege). Which code the API-key routes use is inferred (96013,
// whose text names the owner), and HTTP 403 is taken too.
func IsOwnerRequired(err error) bool {
	var e *APIError
	if !errors.As(err, &e) {
		return false
	}
	return ownerRequiredCodes[e.Code] || e.HTTPStatus == http.StatusForbidden
}
