package zillizmock

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Customized API keys. Facts and sources:
//
//   - POST /v2/api-keys {name, description?, orgRole, projects?} creates a key
//     and answers its id and secret; "The secret is returned only once"
//     (Create API Key (V2)). The answer's field names apiKeyId and apiKey are
//     the official client's (client/apikey.go).
//   - GET /v2/api-keys/{id} and DELETE /v2/api-keys/{id} answer the key:
//     apiKeyId, name, description, creatorName, createdBy (email or creator
//     key id), orgRole, projects[{projectId, projectName, role, allCluster,
//     clusters[{clusterId, clusterName}]}], createTime (Delete API Key (V2);
//     the official client's ApiKeyResponse). Never the secret.
//   - PUT /v2/api-keys/{id} replaces name, description, orgRole and the whole
//     project list ("full replacement semantics", Update API Key (V2)).
//   - GET /v2/api-keys lists {apiKeys, count, currentPage, pageSize} (the
//     official client's ApiKeyListResponse).
//   - name must not be blank; orgRole is Owner, Member or Billing-Admin;
//     projects is required when orgRole is Member; a project role is Admin,
//     Read-Write or Read-Only (Create API Key (V2)).
//   - With allCluster true the API ignores clusterIds (the official provider,
//     commit 76e6a01).
//   - At most 100 customized keys per organisation (docs/manage-api-keys).
//   - Managing API keys is an Organization Owner privilege (docs
//     organization-users); a Member's key is refused (routeMember).
//
// Inferred: the route also exists as /v2/apiKeys, the official client's
// spelling (Options.APIKeysRoute serves that one instead, so that clients
// can be tested against both); a missing key id answers HTTP 200 with code
// 404 (the official provider treats code 404 as "key gone"); refusals without
// a documented code use 80000; projects of a key that is not a Member are
// ignored; the secret's form (64 hex digits here); key ids are "key-" and 14
// characters, as in the docs' example "key-xxxxxxxxxxxxxx".

const (
	maxAPIKeys         = 100
	codeObjectNotFound = 404
	orgRoleOwner       = "Owner"
	orgRoleMember      = "Member"
	orgRoleBilling     = "Billing-Admin"
	mockOwnerEmail     = "owner@example.com" // createdBy of keys made with the owner's key
	mockOwnerName      = "Mock Owner"
)

var projectRoles = []string{"Admin", "Read-Write", "Read-Only"}

// APIKey is a snapshot of one customized key, for tests.
type APIKey struct {
	ID, Name, Description, OrgRole, Secret, CreateTime string
	Projects                                           []APIKeyAccess
}

// APIKeyAccess is a key's access to one project.
type APIKeyAccess struct {
	ProjectID, Role string
	AllCluster      bool
	ClusterIDs      []string
}

type keyProjectAccess struct {
	projectID, role string
	allCluster      bool
	clusterIDs      []string
}

type apiKeyRecord struct {
	id, name, description, orgRole, secret string
	projects                               []keyProjectAccess
	createdAt                              time.Time
}

// apiKeysSegment is the path segment the key routes are served under.
func (s *Server) apiKeysSegment() string {
	if s.opts.APIKeysRoute == "apiKeys" {
		return "apiKeys"
	}
	return "api-keys"
}

// routeAPIKeys serves /v2/api-keys/...; seg is what follows.
func (s *Server) routeAPIKeys(w *reply, r *http.Request, body []byte, seg []string) {
	switch len(seg) {
	case 0:
		switch r.Method {
		case http.MethodGet:
			s.listAPIKeys(w, r)
		case http.MethodPost:
			s.createAPIKey(w, body)
		default:
			allow(w, r, http.MethodGet, http.MethodPost)
		}
	case 1:
		switch r.Method {
		case http.MethodGet:
			s.answerAPIKey(w, seg[0], nil)
		case http.MethodPut:
			s.updateAPIKey(w, body, seg[0])
		case http.MethodDelete:
			s.answerAPIKey(w, seg[0], func(k *apiKeyRecord) {
				delete(s.access.keys, k.id)
				s.access.keyOrder = slices.DeleteFunc(s.access.keyOrder, func(v string) bool { return v == k.id })
			})
		default:
			allow(w, r, http.MethodGet, http.MethodPut, http.MethodDelete)
		}
	default:
		notFound(w, r)
	}
}

type apiKeyBody struct {
	Name        *string `json:"name"`
	Description string  `json:"description"`
	OrgRole     string  `json:"orgRole"`
	Projects    []struct {
		ProjectID  string   `json:"projectId"`
		Role       string   `json:"role"`
		AllCluster *bool    `json:"allCluster"`
		ClusterIDs []string `json:"clusterIds"`
	} `json:"projects"`
}

// checkAPIKeyBody validates a create or update body and returns the access
// list it grants. It reads clusters and projects: call it without the access
// lock.
func (s *Server) checkAPIKeyBody(body []byte) (apiKeyBody, []keyProjectAccess, int, string) {
	var req apiKeyBody
	if err := decodeStrict(body, &req, "name", "description", "orgRole", "projects"); err != nil {
		return req, nil, codeBadParameter, "Invalid request parameters: " + err.Error()
	}
	if req.Name == nil || strings.TrimSpace(*req.Name) == "" {
		return req, nil, codeBadParameter, "Invalid request parameters: name must not be blank."
	}
	switch req.OrgRole {
	case orgRoleMember:
		if len(req.Projects) == 0 {
			return req, nil, codeBadParameter, "Invalid request parameters: projects is required when orgRole is Member."
		}
	case orgRoleOwner, orgRoleBilling:
		return req, nil, 0, "" // project access means nothing for these roles (inferred: ignored)
	default:
		return req, nil, codeBadParameter, fmt.Sprintf("Invalid orgRole %q: use Owner, Member or Billing-Admin.", req.OrgRole)
	}
	clusters := s.Clusters()
	var out []keyProjectAccess
	for _, p := range req.Projects {
		if !s.projectExists(p.ProjectID) {
			return req, nil, codeNoProjectPermission, fmt.Sprintf(msgProjectOrgMismatchF, p.ProjectID)
		}
		if !slices.Contains(projectRoles, p.Role) {
			return req, nil, codeBadParameter, fmt.Sprintf("Invalid project role %q: use Admin, Read-Write or Read-Only.", p.Role)
		}
		if slices.ContainsFunc(out, func(o keyProjectAccess) bool { return o.projectID == p.ProjectID }) {
			return req, nil, codeBadParameter, fmt.Sprintf("Invalid request parameters: project %s is listed twice.", p.ProjectID)
		}
		a := keyProjectAccess{projectID: p.ProjectID, role: p.Role, allCluster: p.AllCluster != nil && *p.AllCluster}
		if !a.allCluster {
			for _, id := range dedupe(p.ClusterIDs) {
				if !slices.ContainsFunc(clusters, func(c Cluster) bool {
					return c.ClusterID == id && c.ProjectID == p.ProjectID && c.Status != StatusDeleted
				}) {
					return req, nil, codeBadParameter, fmt.Sprintf("Invalid clusterIds: %s is not a cluster of project %s.", id, p.ProjectID)
				}
				a.clusterIDs = append(a.clusterIDs, id)
			}
		}
		out = append(out, a)
	}
	return req, out, 0, ""
}

func (s *Server) createAPIKey(w *reply, body []byte) {
	req, access, code, msg := s.checkAPIKeyBody(body)
	if code != 0 {
		w.fail(http.StatusOK, code, msg)
		return
	}
	a := &s.access
	a.mu.Lock()
	a.init()
	if len(a.keyOrder) >= maxAPIKeys {
		a.mu.Unlock()
		w.fail(http.StatusOK, codeBadParameter, fmt.Sprintf("The organization already has %d customized API keys, the most it can have.", maxAPIKeys))
		return
	}
	k := &apiKeyRecord{id: s.newAPIKeyID(), name: *req.Name, description: req.Description, orgRole: req.OrgRole,
		secret:   fmt.Sprintf("%016x%016x%016x%016x", s.rng.uint64(), s.rng.uint64(), s.rng.uint64(), s.rng.uint64()),
		projects: access, createdAt: s.now()}
	a.keys[k.id] = k
	a.keyOrder = append(a.keyOrder, k.id)
	a.mu.Unlock()
	w.ok(codeOK, map[string]string{"apiKeyId": k.id, "apiKey": k.secret})
}

// newAPIKeyID: "key-" and 14 lowercase letters and digits. Call with
// s.access.mu held.
func (s *Server) newAPIKeyID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	for {
		b := make([]byte, 14)
		for i := range b {
			b[i] = alphabet[s.rng.intN(len(alphabet))]
		}
		id := "key-" + string(b)
		if !s.access.issued[id] {
			s.access.issued[id] = true
			return id
		}
	}
}

// apiKeyData is a key as describe, list and delete answer it.
type apiKeyData struct {
	APIKeyID    string            `json:"apiKeyId"`
	Name        string            `json:"name"`
	Description string            `json:"description"`
	CreatorName string            `json:"creatorName"`
	CreatedBy   string            `json:"createdBy"`
	OrgRole     string            `json:"orgRole"`
	Projects    []apiKeyProjectAn `json:"projects"`
	CreateTime  string            `json:"createTime"`
}

type apiKeyProjectAn struct {
	ProjectID   string         `json:"projectId"`
	ProjectName string         `json:"projectName"`
	Role        string         `json:"role"`
	AllCluster  bool           `json:"allCluster"`
	Clusters    []apiKeyClusAn `json:"clusters"`
}

type apiKeyClusAn struct {
	ClusterID   string `json:"clusterId"`
	ClusterName string `json:"clusterName"`
}

// keyData renders a key; projects and clusters are named as they are now,
// and a cluster dropped since is no longer listed (inferred).
func keyData(k *apiKeyRecord, projects []Project, clusters []Cluster) apiKeyData {
	d := apiKeyData{APIKeyID: k.id, Name: k.name, Description: k.description, CreatorName: mockOwnerName, CreatedBy: mockOwnerEmail,
		OrgRole: k.orgRole, Projects: []apiKeyProjectAn{}, CreateTime: k.createdAt.UTC().Format(time.RFC3339)}
	for _, pa := range k.projects {
		an := apiKeyProjectAn{ProjectID: pa.projectID, Role: pa.role, AllCluster: pa.allCluster, Clusters: []apiKeyClusAn{}}
		for _, p := range projects {
			if p.ProjectID == pa.projectID {
				an.ProjectName = p.ProjectName
			}
		}
		for _, id := range pa.clusterIDs {
			for _, c := range clusters {
				if c.ClusterID == id && c.Status != StatusDeleted {
					an.Clusters = append(an.Clusters, apiKeyClusAn{ClusterID: id, ClusterName: c.ClusterName})
				}
			}
		}
		d.Projects = append(d.Projects, an)
	}
	return d
}

// answerAPIKey answers one key, after running then (if any) under the lock.
func (s *Server) answerAPIKey(w *reply, id string, then func(k *apiKeyRecord)) {
	projects, clusters := s.Projects(), s.Clusters()
	a := &s.access
	a.mu.Lock()
	a.init()
	k, ok := a.keys[id]
	if !ok {
		a.mu.Unlock()
		w.fail(http.StatusOK, codeObjectNotFound, fmt.Sprintf("API key %s not found.", id))
		return
	}
	d := keyData(k, projects, clusters)
	if then != nil {
		then(k)
	}
	a.mu.Unlock()
	w.ok(codeOK, d)
}

func (s *Server) updateAPIKey(w *reply, body []byte, id string) {
	req, access, code, msg := s.checkAPIKeyBody(body)
	if code != 0 {
		w.fail(http.StatusOK, code, msg)
		return
	}
	projects, clusters := s.Projects(), s.Clusters()
	a := &s.access
	a.mu.Lock()
	a.init()
	k, ok := a.keys[id]
	if !ok {
		a.mu.Unlock()
		w.fail(http.StatusOK, codeObjectNotFound, fmt.Sprintf("API key %s not found.", id))
		return
	}
	k.name, k.description, k.orgRole, k.projects = *req.Name, req.Description, req.OrgRole, access
	d := keyData(k, projects, clusters)
	a.mu.Unlock()
	w.ok(codeOK, d)
}

// listAPIKeys pages like the private endpoint list: a pageSize outside 1 to
// 100 is the default 10 (documented for that list; inferred here).
func (s *Server) listAPIKeys(w *reply, r *http.Request) {
	pageSize, currentPage := pageArgs(r)
	projects, clusters := s.Projects(), s.Clusters()
	a := &s.access
	a.mu.Lock()
	a.init()
	all := make([]apiKeyData, 0, len(a.keyOrder))
	for _, id := range a.keyOrder {
		all = append(all, keyData(a.keys[id], projects, clusters))
	}
	a.mu.Unlock()
	page := []apiKeyData{}
	if start := (currentPage - 1) * pageSize; start < len(all) {
		page = all[start:min(start+pageSize, len(all))]
	}
	w.ok(codeOK, map[string]any{"apiKeys": page, "count": len(all), "currentPage": currentPage, "pageSize": pageSize})
}

// pageArgs reads pageSize and currentPage: "Values outside 1 to 100 use the
// default value of 10" (List Private Endpoints (V2)); a currentPage below 1
// is 1 (inferred).
func pageArgs(r *http.Request) (pageSize, currentPage int) {
	pageSize, currentPage = defaultPageSize, 1
	if n, err := strconv.Atoi(r.URL.Query().Get("pageSize")); err == nil && n >= 1 && n <= maxPageSize {
		pageSize = n
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("currentPage")); err == nil && n >= 1 {
		currentPage = n
	}
	return pageSize, currentPage
}

// CustomizedAPIKeys returns every customized key, in creation order.
func (s *Server) CustomizedAPIKeys() []APIKey {
	a := &s.access
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	out := []APIKey{}
	for _, id := range a.keyOrder {
		k := a.keys[id]
		ak := APIKey{ID: k.id, Name: k.name, Description: k.description, OrgRole: k.orgRole, Secret: k.secret,
			CreateTime: k.createdAt.UTC().Format(time.RFC3339)}
		for _, pa := range k.projects {
			ak.Projects = append(ak.Projects, APIKeyAccess{ProjectID: pa.projectID, Role: pa.role, AllCluster: pa.allCluster,
				ClusterIDs: append([]string(nil), pa.clusterIDs...)})
		}
		out = append(out, ak)
	}
	return out
}

// CustomizedAPIKey returns one customized key, if it exists.
func (s *Server) CustomizedAPIKey(id string) (APIKey, bool) {
	for _, k := range s.CustomizedAPIKeys() {
		if k.ID == id {
			return k, true
		}
	}
	return APIKey{}, false
}

// DeleteAPIKeyNow deletes a key out of band, as in the console.
func (s *Server) DeleteAPIKeyNow(id string) error {
	a := &s.access
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	if _, ok := a.keys[id]; !ok {
		return fmt.Errorf("zillizmock: no API key %q", id)
	}
	delete(a.keys, id)
	a.keyOrder = slices.DeleteFunc(a.keyOrder, func(v string) bool { return v == id })
	return nil
}

// SetAPIKeyProjectRole changes a key's role in one project out of band.
func (s *Server) SetAPIKeyProjectRole(id, projectID, role string) error {
	a := &s.access
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	k, ok := a.keys[id]
	if !ok || !slices.Contains(projectRoles, role) {
		return fmt.Errorf("zillizmock: no API key %q or bad role %q", id, role)
	}
	for i := range k.projects {
		if k.projects[i].projectID == projectID {
			k.projects[i].role = role
			return nil
		}
	}
	return fmt.Errorf("zillizmock: API key %q has no access to project %q", id, projectID)
}
