package zillizmock

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Projects as real records: the mock's "Default Project" (Options.ProjectID)
// plus the projects created through POST /v2/projects. Facts and sources:
//
//   - POST /v2/projects {projectName, plan, regionIds?} answers the new id as
//     a plain string in data (recorded-api CreateProject; the Create Project
//     (V2) page shows {"projectId": …} instead: clients read both).
//   - GET /v2/projects lists the projects newest first with the Default
//     Project last (recorded-api ListProjects); GET /v2/projects/{id} answers
//     one (recorded-api GetProjectById). Neither recorded answer carries the
//     project's regions; the list-projects-v2 page adds "regionIds"
//     (Options.ProjectRegionIDs gives that form).
//   - PATCH /v2/projects/{id}/plan {plan} raises the plan; a lower plan is
//     refused with 63104 "Project plan can only be upgraded, not downgraded."
//     (both recorded). Plans: Standard, Enterprise, BusinessCritical (Upgrade
//     Project (V2)); their order is inferred from their names and pricing.
//   - POST /v2/projects/{id}/regions {regionIds} binds more regions and
//     answers {projectId, regionIds} (Add Project Region (V2)). No call
//     removes a region.
//   - DELETE /v2/projects/{id} answers data "ok" (Delete Project (V2)).
//   - An organisation has at most 100 projects; only an Organization Owner
//     creates (and deletes) projects; the Default Project cannot be deleted
//     (docs.zilliz.com/docs/manage-projects).
//   - An Enterprise project takes one region; several need BusinessCritical
//     (the Chinese Create Project (V2) page). Applied to adding regions too
//     (inferred).
//
// Inferred, with no source: the codes of the refusals that have no documented
// code (80000, the documented generic "bad parameter"), the 50-character
// name limit (the CLI's `project create --name` says "no more than 50
// characters"), unique project names (the official provider's schema: "Must
// be unique within your account"), and that a project holding clusters
// cannot be deleted.

// Project is a snapshot of one project.
type Project struct {
	ProjectID, ProjectName, Plan, CreateTime string
	RegionIDs                                []string
}

// projectRecord is a project created through the API.
type projectRecord struct {
	id, name, plan string
	regions        []string
	createdAt      time.Time
}

// accessState holds the projects, API keys and private endpoints. Its lock
// is taken before s.mu where both are needed, never the other way round.
type accessState struct {
	mu        sync.Mutex
	projects  map[string]*projectRecord
	order     []string // project ids in creation order
	keys      map[string]*apiKeyRecord
	keyOrder  []string
	endpoints map[string][]*endpointRecord // by project id, in creation order
	issued    map[string]bool              // every project and key id handed out
}

// init makes the maps; call with a.mu held.
func (a *accessState) init() {
	if a.projects == nil {
		a.projects = map[string]*projectRecord{}
		a.keys = map[string]*apiKeyRecord{}
		a.endpoints = map[string][]*endpointRecord{}
		a.issued = map[string]bool{}
	}
}

// Limits and codes of the project routes.
const (
	maxProjects            = 100 // docs/manage-projects
	maxProjectNameLen      = 50  // CLI project create (inferred for the API)
	codeProjectDowngrade   = 63104
	codeOwnerRequired      = 96013 // error-codes-v2: "Org owner or project owner is needed."
	msgProjectDowngrade    = "Project plan can only be upgraded, not downgraded."
	msgPlanUpdated         = "Project plan updated successfully"
	msgOwnerRequired       = "You don't have permission for this project. Org owner or project owner is needed."
	defaultProjectName     = "Default Project"
	planStandard           = "Standard"
	planEnterprise         = "Enterprise"
	planBusinessCritical   = "BusinessCritical"
	msgProjectOrgMismatchF = "You don't have permission for project %s. Project org and Apikey org does not match."
)

// projectPlans are the project plans, lowest first (order inferred).
var projectPlans = []string{planStandard, planEnterprise, planBusinessCritical}

// callerRole is what the key of a request may do.
type callerRole int

const (
	roleOwner  callerRole = iota // Options.APIKey: an Organization Owner's key
	roleMember                   // Options.MemberAPIKey: a Member, Project Admin of the Default Project
)

// routeMember answers a valid key of an organisation Member who is Project
// Admin of the Default Project (Options.MemberAPIKey): what needs an
// Organization Owner is refused with 96013 (its documented text names the
// owner; which code the API-key routes use is inferred), everything else is
// served as for the owner's key.
func (s *Server) routeMember(w *reply, r *http.Request, body []byte) {
	seg := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case len(seg) >= 2 && seg[0] == "v2" && seg[1] == "projects":
		s.routeProjects(w, r, body, seg[2:], roleMember)
	case len(seg) >= 2 && seg[0] == "v2" && seg[1] == s.apiKeysSegment():
		w.fail(http.StatusOK, codeOwnerRequired, "Managing API keys needs an Organization Owner. "+msgOwnerRequired)
	default:
		s.routeControl(w, r, body)
	}
}

// routeProjects serves /v2/projects/...; seg is what follows "projects".
func (s *Server) routeProjects(w *reply, r *http.Request, body []byte, seg []string, role callerRole) {
	ownerOnly := func() bool {
		if role != roleOwner {
			w.fail(http.StatusOK, codeOwnerRequired, msgOwnerRequired)
			return false
		}
		return true
	}
	switch {
	case len(seg) == 0:
		switch r.Method {
		case http.MethodGet:
			s.listProjects(w, role)
		case http.MethodPost:
			if ownerOnly() {
				s.createProject(w, body)
			}
		default:
			allow(w, r, http.MethodGet, http.MethodPost)
		}
	case len(seg) == 1:
		switch r.Method {
		case http.MethodGet:
			s.describeProject(w, seg[0], role)
		case http.MethodDelete:
			if ownerOnly() {
				s.deleteProject(w, seg[0])
			}
		default:
			allow(w, r, http.MethodGet, http.MethodDelete)
		}
	case len(seg) == 2 && seg[1] == "plan":
		if allow(w, r, http.MethodPatch) && ownerOnly() {
			s.upgradeProjectPlan(w, body, seg[0])
		}
	case len(seg) == 2 && seg[1] == "regions":
		if allow(w, r, http.MethodPost) && ownerOnly() {
			s.addProjectRegions(w, body, seg[0])
		}
	case len(seg) >= 2 && seg[1] == "privateEndpoints":
		if role != roleOwner && seg[0] != s.projectID {
			w.fail(http.StatusOK, codeOwnerRequired, msgOwnerRequired)
			return
		}
		s.routePrivateEndpoints(w, r, body, seg[0], seg[2:])
	default:
		notFound(w, r)
	}
}

// projectAnswer is a project as the list-projects-v2 page shows it: the
// recorded fields plus regionIds ([] when none). Options.ProjectRegionIDs
// picks it; the recorded form (type project) is the default.
type projectAnswer struct {
	ProjectName   string   `json:"projectName"`
	ProjectID     string   `json:"projectId"`
	RegionIDs     []string `json:"regionIds"`
	InstanceCount int      `json:"instanceCount"`
	CreateTime    string   `json:"createTime"`
	Plan          string   `json:"plan"`
}

func (s *Server) answerFor(p Project) any {
	n := 0
	for _, c := range s.Clusters() {
		if c.Status != StatusDeleted && c.ProjectID == p.ProjectID {
			n++
		}
	}
	if !s.opts.ProjectRegionIDs {
		return project{ProjectName: p.ProjectName, ProjectID: p.ProjectID, InstanceCount: n, CreateTime: p.CreateTime, Plan: p.Plan}
	}
	return projectAnswer{ProjectName: p.ProjectName, ProjectID: p.ProjectID, RegionIDs: append([]string{}, p.RegionIDs...),
		InstanceCount: n, CreateTime: p.CreateTime, Plan: p.Plan}
}

// Projects returns every project, the Default Project first, then the
// created ones in creation order.
func (s *Server) Projects() []Project {
	a := &s.access
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	out := []Project{s.defaultProject()}
	for _, id := range a.order {
		out = append(out, a.projects[id].snapshot())
	}
	return out
}

// Project returns one project, if it exists.
func (s *Server) Project(id string) (Project, bool) {
	for _, p := range s.Projects() {
		if p.ProjectID == id {
			return p, true
		}
	}
	return Project{}, false
}

func (s *Server) defaultProject() Project {
	// The Default Project of an older organisation has no regions (the BYOC
	// manage-projects example: "projectType": "Legacy", "regions": []).
	return Project{ProjectID: s.projectID, ProjectName: defaultProjectName, Plan: planEnterprise,
		CreateTime: s.createdAt.Format(time.RFC3339), RegionIDs: []string{}}
}

func (p *projectRecord) snapshot() Project {
	return Project{ProjectID: p.id, ProjectName: p.name, Plan: p.plan, CreateTime: p.createdAt.UTC().Format(time.RFC3339),
		RegionIDs: append([]string{}, p.regions...)}
}

// projectExists reports whether id is the Default Project or a created one.
func (s *Server) projectExists(id string) bool {
	_, ok := s.Project(id)
	return ok
}

// listProjects: newest first, the Default Project last (recorded order). A
// Member sees only the project it belongs to ("List all projects scoped to
// API-Key", list-projects-v2).
func (s *Server) listProjects(w *reply, role callerRole) {
	all := s.Projects()
	out := []any{}
	if role == roleOwner {
		for i := len(all) - 1; i >= 1; i-- {
			out = append(out, s.answerFor(all[i]))
		}
	}
	out = append(out, s.answerFor(all[0]))
	w.ok(codeOK, out)
}

// describeProject: a malformed id is 96005; an id of no project of this
// organisation (never made, deleted, or another organisation's) is 96012, as
// the mock answered before projects were records (inferred: the API cannot
// tell the two apart either); a project of the organisation a Member does
// not belong to is 96013.
func (s *Server) describeProject(w *reply, id string, role callerRole) {
	if !projectIDPattern.MatchString(id) {
		w.fail(http.StatusOK, codeInvalidProjectID, fmt.Sprintf("Invalid projectId %q: it must have the form proj-xxxxxxxxxxxxxxxxxxxxxx.", id))
		return
	}
	p, ok := s.Project(id)
	switch {
	case !ok:
		w.fail(http.StatusOK, codeNoProjectPermission, fmt.Sprintf(msgProjectOrgMismatchF, id))
	case role != roleOwner && id != s.projectID:
		w.fail(http.StatusOK, codeOwnerRequired, msgOwnerRequired)
	default:
		w.ok(codeOK, s.answerFor(p))
	}
}

func validPlan(plan string) bool { return slices.Contains(projectPlans, plan) }

func planRank(plan string) int { return slices.Index(projectPlans, plan) }

// checkRegionCount: one region unless BusinessCritical (see above).
func checkRegionCount(plan string, regions []string) (int, string) {
	if len(regions) > 1 && plan != planBusinessCritical {
		return codeBadParameter, fmt.Sprintf("A %s project can be bound to one region only; binding %d regions needs the BusinessCritical plan.", plan, len(regions))
	}
	return 0, ""
}

func (s *Server) createProject(w *reply, body []byte) {
	var req struct {
		ProjectName string   `json:"projectName"`
		Plan        string   `json:"plan"`
		RegionIDs   []string `json:"regionIds"`
	}
	if err := decodeStrict(body, &req, "projectName", "plan", "regionIds"); err != nil {
		badBody(w, err)
		return
	}
	switch {
	case req.ProjectName == "" || utf8.RuneCountInString(req.ProjectName) > maxProjectNameLen:
		w.fail(http.StatusOK, codeBadParameter, fmt.Sprintf("Invalid projectName %q: it is required and at most %d characters long.", req.ProjectName, maxProjectNameLen))
		return
	case !validPlan(req.Plan):
		w.fail(http.StatusOK, codeBadParameter, fmt.Sprintf("Invalid plan %q: use Standard, Enterprise or BusinessCritical.", req.Plan))
		return
	}
	for _, rg := range req.RegionIDs {
		if !knownRegion(rg) {
			w.fail(http.StatusOK, codeInvalidRegionID, fmt.Sprintf("Invalid regionId %q.", rg))
			return
		}
	}
	regions := dedupe(req.RegionIDs)
	if code, msg := checkRegionCount(req.Plan, regions); code != 0 {
		w.fail(http.StatusOK, code, msg)
		return
	}
	a := &s.access
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	if 1+len(a.order) >= maxProjects {
		w.fail(http.StatusOK, codeBadParameter, fmt.Sprintf("The organization already has %d projects, the most it can have.", maxProjects))
		return
	}
	if req.ProjectName == defaultProjectName || slices.ContainsFunc(a.order, func(id string) bool { return a.projects[id].name == req.ProjectName }) {
		w.fail(http.StatusOK, codeBadParameter, fmt.Sprintf("A project named %q already exists.", req.ProjectName))
		return
	}
	p := &projectRecord{id: s.newProjectID(), name: req.ProjectName, plan: req.Plan, regions: regions, createdAt: s.now()}
	a.projects[p.id] = p
	a.order = append(a.order, p.id)
	w.ok(codeOK, p.id) // recorded: data is the id itself
}

// newProjectID: "proj-" and 22 lowercase hex digits, never reused. Call with
// s.access.mu held.
func (s *Server) newProjectID() string {
	for {
		id := fmt.Sprintf("proj-%016x%06x", s.rng.uint64(), s.rng.uint64()>>40)
		if !s.access.issued[id] && id != s.projectID && id != OtherProjectID {
			s.access.issued[id] = true
			return id
		}
	}
}

// withProject runs f on a created project under the access lock; the
// Default Project and unknown ids get their own answers.
func (s *Server) withProject(w *reply, id string, onDefault func() (int, string), f func(p *projectRecord) (int, string, any)) {
	if !projectIDPattern.MatchString(id) {
		w.fail(http.StatusOK, codeInvalidProjectID, fmt.Sprintf("Invalid projectId %q: it must have the form proj-xxxxxxxxxxxxxxxxxxxxxx.", id))
		return
	}
	if id == s.projectID {
		code, msg := onDefault()
		w.fail(http.StatusOK, code, msg)
		return
	}
	a := &s.access
	a.mu.Lock()
	a.init()
	p, ok := a.projects[id]
	if !ok {
		a.mu.Unlock()
		w.fail(http.StatusOK, codeNoProjectPermission, fmt.Sprintf(msgProjectOrgMismatchF, id))
		return
	}
	code, msg, data := f(p)
	a.mu.Unlock()
	if code != 0 {
		w.fail(http.StatusOK, code, msg)
		return
	}
	w.ok(codeOK, data)
}

func (s *Server) upgradeProjectPlan(w *reply, body []byte, id string) {
	var req struct {
		Plan string `json:"plan"`
	}
	if err := decodeStrict(body, &req, "plan"); err != nil {
		badBody(w, err)
		return
	}
	if !validPlan(req.Plan) {
		w.fail(http.StatusOK, codeBadParameter, fmt.Sprintf("Invalid plan %q: use Standard, Enterprise or BusinessCritical.", req.Plan))
		return
	}
	s.withProject(w, id, func() (int, string) {
		// The Default Project is Enterprise; only BusinessCritical is higher.
		if planRank(req.Plan) < planRank(planEnterprise) {
			return codeProjectDowngrade, msgProjectDowngrade
		}
		return codeBadParameter, "The plan of the Default Project is not changed by this mock."
	}, func(p *projectRecord) (int, string, any) {
		if planRank(req.Plan) < planRank(p.plan) {
			return codeProjectDowngrade, msgProjectDowngrade, nil
		}
		p.plan = req.Plan // the same plan again changes nothing (inferred)
		return 0, "", msgPlanUpdated
	})
}

func (s *Server) addProjectRegions(w *reply, body []byte, id string) {
	var req struct {
		RegionIDs []string `json:"regionIds"`
	}
	if err := decodeStrict(body, &req, "regionIds"); err != nil {
		badBody(w, err)
		return
	}
	if len(req.RegionIDs) == 0 {
		w.fail(http.StatusOK, codeBadParameter, "Invalid request parameters: regionIds is required.")
		return
	}
	for _, rg := range req.RegionIDs {
		if !knownRegion(rg) {
			w.fail(http.StatusOK, codeInvalidRegionID, fmt.Sprintf("Invalid regionId %q.", rg))
			return
		}
	}
	s.withProject(w, id, func() (int, string) {
		return codeBadParameter, "The regions of the Default Project are not changed by this mock."
	}, func(p *projectRecord) (int, string, any) {
		var added []string
		all := append([]string{}, p.regions...)
		for _, rg := range dedupe(req.RegionIDs) {
			if !slices.Contains(all, rg) { // a region already bound is no error (inferred)
				all = append(all, rg)
				added = append(added, rg)
			}
		}
		if code, msg := checkRegionCount(p.plan, all); code != 0 {
			return code, msg, nil
		}
		p.regions = all
		if added == nil {
			added = []string{}
		}
		return 0, "", map[string]any{"projectId": p.id, "regionIds": added}
	})
}

func (s *Server) deleteProject(w *reply, id string) {
	// Clusters are read before the access lock is taken (lock order).
	live := 0
	for _, c := range s.Clusters() {
		if c.Status != StatusDeleted && c.ProjectID == id {
			live++
		}
	}
	s.withProject(w, id, func() (int, string) {
		return codeBadParameter, "The Default Project cannot be deleted."
	}, func(p *projectRecord) (int, string, any) {
		if live > 0 {
			return codeBadParameter, fmt.Sprintf("Project %s still holds %d cluster(s); drop them first.", id, live), nil
		}
		s.removeProjectLocked(id)
		return 0, "", "ok"
	})
}

// removeProjectLocked forgets a project, its private endpoints and every
// key's access to it (inferred). Call with s.access.mu held.
func (s *Server) removeProjectLocked(id string) {
	a := &s.access
	delete(a.projects, id)
	a.order = slices.DeleteFunc(a.order, func(v string) bool { return v == id })
	delete(a.endpoints, id)
	for _, k := range a.keys {
		k.projects = slices.DeleteFunc(k.projects, func(pa keyProjectAccess) bool { return pa.projectID == id })
	}
}

// DeleteProjectNow deletes a created project out of band, as in the console.
func (s *Server) DeleteProjectNow(id string) error {
	a := &s.access
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	if _, ok := a.projects[id]; !ok {
		return fmt.Errorf("zillizmock: no created project %q", id)
	}
	s.removeProjectLocked(id)
	return nil
}

// SetProjectPlan changes a created project's plan out of band.
func (s *Server) SetProjectPlan(id, plan string) error {
	a := &s.access
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	p, ok := a.projects[id]
	if !ok || !validPlan(plan) {
		return fmt.Errorf("zillizmock: no created project %q or bad plan %q", id, plan)
	}
	p.plan = plan
	return nil
}

// AddProjectRegionNow binds a region to a created project out of band.
func (s *Server) AddProjectRegionNow(id, region string) error {
	a := &s.access
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	p, ok := a.projects[id]
	if !ok || !knownRegion(region) {
		return fmt.Errorf("zillizmock: no created project %q or unknown region %q", id, region)
	}
	if !slices.Contains(p.regions, region) {
		p.regions = append(p.regions, region)
	}
	return nil
}

func dedupe(in []string) []string {
	out := []string{}
	for _, v := range in {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
