package zillizmock

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Control-plane body codes. Success is 0 (every recorded answer uses 0).
// The numbers and meanings are from zilliz-api.md A.9; the message texts of
// the 96xxx/80000 codes are paraphrases (inferred: no real answer recorded).
const (
	codeOK                    = 0
	codeIllegalAPIKey         = 21119 // recorded, HTTP 401
	codeClusterStateInvalid   = 40003 // documented v1 code for "not in this state"
	codeClusterNameExists     = 40013 // recorded for a duplicate create
	codeBadParameter          = 80000 // documented generic "bad parameter"
	codeClusterNoAccess       = 80020 // documented: "cluster does not exist or no permission"
	codeInvalidCloudID        = 96000
	codeInvalidRegionID       = 96001
	codeInvalidCUSize         = 96002
	codeInvalidCUType         = 96003
	codeInvalidPlan           = 96004
	codeInvalidProjectID      = 96005
	codeInvalidPageSize       = 96008
	codeInvalidCurrentPage    = 96009
	codeInvalidClusterName    = 96010
	codeNoProjectPermission   = 96012
	codeClusterNotFound       = 96018
	codeFreeUnsupported       = 96021
	codeServerlessUnsupported = 96022
	codeNoClusterClass        = 96023
)

// Messages with a recorded or given exact text.
const (
	msgIllegalAPIKey       = "The apikey is illegal"
	msgClusterNameExists   = "The specified cluster name already exists."
	msgClusterNotFound     = "Cluster not found"
	msgClusterStateInvalid = "operation not available given the cluster's current state"
)

// Prompts of successful mutations. Create and drop are the recorded texts;
// modify, suspend and resume follow the documentation pages; the rename and
// labels prompt is inferred (no sample found).
const (
	promptCreate  = "Successfully submitted, cluster is being created. You can access data about the creation progress and status of your cluster by DescribeCluster API. Once the cluster status is RUNNING, you may access your vector database using the SDK with the admin account and the initial password you specified."
	promptDrop    = "The cluster has been deleted. If you consider this action to be an error, you have the option to restore the deleted cluster from the recycle bin within a 30-day period. Kindly note, this recovery feature does not apply to free clusters."
	promptModify  = "successfully submitted. Cluster is being upgraded, which is expected to take several minutes. You can access data about the creation progress and status of your cluster by DescribeCluster API. Once the cluster status is RUNNING, you may access your vector database using the SDK."
	promptSuspend = "Successfully Submitted. The cluster will not incur any computing costs when suspended. You will only be billed for the storage costs during this time."
	promptResume  = "Successfully Submitted. Cluster is being resumed, which is expected to takes several minutes. You can access data about the creation progress and status of your cluster by DescribeCluster API. Once the cluster status is RUNNING, you may access your vector database using the SDK."
	promptUpdate  = "Successfully submitted."
)

// Limits from the documentation (zilliz-api.md A.2, A.4, A.5).
const (
	maxClusterNameLen = 32
	minReplica        = 1
	maxReplica        = 10
	maxCUTimesReplica = 1024
	defaultPageSize   = 10 // inferred from the doc example
	maxPageSize       = 100
)

var clusterNamePattern = regexp.MustCompile(`^[A-Za-z0-9-]+$`)

// controlHandler serves the control plane and the mock's own /_mock/ API.
func (s *Server) controlHandler() http.Handler {
	return s.pipeline("", func(w *reply, r *http.Request, body []byte) {
		tok, ok := bearer(r)
		switch {
		case ok && subtle.ConstantTimeCompare([]byte(tok), []byte(s.apiKey)) == 1:
			s.routeControl(w, r, body)
		case ok && subtle.ConstantTimeCompare([]byte(tok), []byte(s.otherKey)) == 1:
			s.routeOtherProject(w, r, body)
		case ok && subtle.ConstantTimeCompare([]byte(tok), []byte(s.opts.MemberAPIKey)) == 1:
			s.routeMember(w, r, body) // projects.go
		default:
			w.fail(http.StatusUnauthorized, codeIllegalAPIKey, msgIllegalAPIKey)
		}
	})
}

// routeOtherProject answers a valid key of another project: it lists no
// clusters of ours, sees only its own project, and every call on one of our
// clusters gets 80020, the documented "cluster does not exist or no
// permission" (ZDOC error-codes: the API does not tell a key which one it is).
// Creating in our project is refused as for any foreign project (96012).
func (s *Server) routeOtherProject(w *reply, r *http.Request, body []byte) {
	seg := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(seg) < 2 || seg[0] != "v2" {
		notFound(w, r)
		return
	}
	other := project{ProjectName: "Other Project", ProjectID: OtherProjectID, CreateTime: s.createdAt.Format(time.RFC3339), Plan: "Enterprise"}
	switch {
	case seg[1] == "clusters" && len(seg) == 2:
		if allow(w, r, http.MethodGet) {
			w.ok(codeOK, listData{Count: 0, CurrentPage: 1, PageSize: defaultPageSize, Clusters: []listItem{}})
		}
	case seg[1] == "clusters" && len(seg) == 3 && strings.HasPrefix(seg[2], "create"):
		w.fail(http.StatusOK, codeNoProjectPermission, "You do not have permission to access this project, or it does not exist.")
	case seg[1] == "clusters":
		w.fail(http.StatusOK, codeClusterNoAccess, "The cluster does not exist or you do not have permission to access it.")
	case seg[1] == "backups" || seg[1] == "jobs":
		s.routeTopBackups(w, r, seg, OtherProjectID) // backups.go
	case seg[1] == "projects" && len(seg) == 2:
		if allow(w, r, http.MethodGet) {
			w.ok(codeOK, []project{other})
		}
	case seg[1] == "projects" && len(seg) == 3:
		if seg[2] == OtherProjectID {
			w.ok(codeOK, other)
			return
		}
		w.fail(http.StatusOK, codeNoProjectPermission, fmt.Sprintf("You do not have permission to access project %s, or it does not exist.", seg[2]))
	default:
		s.routeControl(w, r, body) // regions and clouds are the same for every key
	}
}

// routeControl dispatches /v2/... by path segments, so wrong methods and
// unknown paths get the JSON envelope rather than net/http's plain text.
func (s *Server) routeControl(w *reply, r *http.Request, body []byte) {
	seg := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(seg) < 2 || seg[0] != "v2" {
		notFound(w, r)
		return
	}
	switch {
	case seg[1] == "clusters":
		s.routeClusters(w, r, body, seg[2:])
	case seg[1] == "backups" || seg[1] == "jobs":
		s.routeTopBackups(w, r, seg, s.projectID) // backups.go
	case seg[1] == "projects":
		s.routeProjects(w, r, body, seg[2:], roleOwner) // projects.go
	case seg[1] == s.apiKeysSegment():
		s.routeAPIKeys(w, r, body, seg[2:]) // apikeys.go
	case seg[1] == "regions" && len(seg) == 2:
		if allow(w, r, http.MethodGet) {
			s.listRegions(w, r)
		}
	case seg[1] == "clouds" && len(seg) == 2:
		if allow(w, r, http.MethodGet) {
			w.ok(codeOK, cloudProviders)
		}
	default:
		notFound(w, r)
	}
}

func (s *Server) routeClusters(w *reply, r *http.Request, body []byte, seg []string) {
	if len(seg) >= 2 && seg[1] == "backups" {
		s.routeBackups(w, r, body, seg[0], seg[2:]) // backups.go
		return
	}
	switch len(seg) {
	case 0:
		if allow(w, r, http.MethodGet) {
			s.listClusters(w, r)
		}
	case 1:
		switch seg[0] {
		case "createDedicated", "create":
			// "create" is the older generic route; it takes the dedicated body.
			if allow(w, r, http.MethodPost) {
				s.createCluster(w, body, kindDedicated)
			}
		case "createServerless":
			if allow(w, r, http.MethodPost) {
				s.createCluster(w, body, kindServerless)
			}
		case "createFree":
			if allow(w, r, http.MethodPost) {
				s.createCluster(w, body, kindFree)
			}
		default:
			switch r.Method {
			case http.MethodGet:
				s.describeCluster(w, seg[0])
			case http.MethodPatch:
				s.updateCluster(w, body, seg[0])
			default:
				allow(w, r, http.MethodGet, http.MethodPatch)
			}
		}
	case 2:
		id := seg[0]
		switch seg[1] {
		case "modify":
			if allow(w, r, http.MethodPost) {
				s.modifyCluster(w, body, id, false)
			}
		case "modifyReplica":
			if allow(w, r, http.MethodPost) {
				s.modifyCluster(w, body, id, true)
			}
		case "modifyProperties":
			if allow(w, r, http.MethodPost) {
				s.updateCluster(w, body, id)
			}
		case "suspend":
			if allow(w, r, http.MethodPost) {
				s.suspendCluster(w, id)
			}
		case "resume":
			if allow(w, r, http.MethodPost) {
				s.resumeCluster(w, id)
			}
		case "drop":
			if allow(w, r, http.MethodDelete) {
				s.dropCluster(w, id)
			}
		case "labels":
			switch r.Method {
			case http.MethodGet:
				s.getLabels(w, id)
			case http.MethodPut:
				s.putLabels(w, body, id)
			default:
				allow(w, r, http.MethodGet, http.MethodPut)
			}
		default:
			notFound(w, r)
		}
	default:
		notFound(w, r)
	}
}

// decodeStrict decodes a JSON object into v, where v is a pointer to a
// struct with json tags. Keys must match a tag exactly: the real control
// plane (unlike Go) does not match keys case-insensitively, so a client
// sending "ClusterName" must not pass here either. Unknown keys are ignored.
// An empty body counts as {} so the field checks give their own codes.
func decodeStrict(body []byte, v any, tags ...string) error {
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return err
	}
	keep := map[string]json.RawMessage{}
	for _, t := range tags {
		if m, ok := raw[t]; ok {
			keep[t] = m
		}
	}
	b, err := json.Marshal(keep)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func badBody(w *reply, err error) {
	// (inferred) A malformed body gets the documented generic "bad
	// parameter" code 80000 with HTTP 200, like every other business error.
	w.fail(http.StatusOK, codeBadParameter, "Invalid request parameters: "+err.Error())
}

func validateClusterName(name string) (int, string) {
	if name == "" || len(name) > maxClusterNameLen || !clusterNamePattern.MatchString(name) {
		return codeInvalidClusterName, fmt.Sprintf("Invalid clusterName %q: it is required, may contain only letters, digits and hyphens, and must be at most %d characters long.", name, maxClusterNameLen)
	}
	return 0, ""
}

// checkProject validates a projectId from a request body: its form (96005),
// then that it is the mock's project (96012, "no permission on the project",
// since the real API cannot tell "missing" from "not yours").
func (s *Server) checkProject(id string) (int, string) {
	if !projectIDPattern.MatchString(id) {
		return codeInvalidProjectID, fmt.Sprintf("Invalid projectId %q: it must have the form proj-xxxxxxxxxxxxxxxxxxxxxx.", id)
	}
	if id != s.projectID && !s.projectExists(id) {
		return codeNoProjectPermission, fmt.Sprintf("You do not have permission to access project %s, or it does not exist.", id)
	}
	return 0, ""
}

type createRequest struct {
	ClusterName string            `json:"clusterName"`
	ProjectID   string            `json:"projectId"`
	RegionID    string            `json:"regionId"`
	Plan        string            `json:"plan"`
	CUType      string            `json:"cuType"`
	CUSize      *int              `json:"cuSize"`
	Replica     *int              `json:"replica"`
	Labels      map[string]string `json:"labels"`
}

var createTags = []string{"clusterName", "projectId", "regionId", "plan", "cuType", "cuSize", "replica", "labels"}

type createResponse struct {
	ClusterID string `json:"clusterId"`
	Username  string `json:"username"`
	Password  string `json:"password"`
	Prompt    string `json:"prompt"`
}

type mutationResponse struct {
	ClusterID string `json:"clusterId"`
	Prompt    string `json:"prompt"`
}

// createCluster serves createDedicated, createServerless and createFree.
func (s *Server) createCluster(w *reply, body []byte, kind clusterKind) {
	var req createRequest
	if err := decodeStrict(body, &req, createTags...); err != nil {
		badBody(w, err)
		return
	}
	if code, msg := validateClusterName(req.ClusterName); code != 0 {
		w.fail(http.StatusOK, code, msg)
		return
	}
	if code, msg := s.checkProject(req.ProjectID); code != 0 {
		w.fail(http.StatusOK, code, msg)
		return
	}
	if !knownRegion(req.RegionID) {
		w.fail(http.StatusOK, codeInvalidRegionID, fmt.Sprintf("Invalid regionId %q.", req.RegionID))
		return
	}

	c := &clusterRecord{
		name:        req.ClusterName,
		projectID:   req.ProjectID,
		regionID:    req.RegionID,
		kind:        kind,
		labels:      s.withSystemLabels(req.Labels),
		collections: map[string]*collection{},
	}
	if kind == kindDedicated {
		// (inferred) An absent plan means Standard: the official client sends
		// plan with omitempty, so the real API must accept its absence.
		c.plan = firstNonEmpty(req.Plan, "Standard")
		if c.plan != "Standard" && c.plan != "Enterprise" {
			w.fail(http.StatusOK, codeInvalidPlan, fmt.Sprintf("Invalid plan %q for a dedicated cluster: use Standard or Enterprise.", req.Plan))
			return
		}
		// cuType is required by the v2 docs; no default.
		if req.CUType != "Performance-optimized" && req.CUType != "Capacity-optimized" {
			w.fail(http.StatusOK, codeInvalidCUType, fmt.Sprintf("Invalid cuType %q: use Performance-optimized or Capacity-optimized.", req.CUType))
			return
		}
		c.cuType = req.CUType
		c.cuSize = 1 // an absent cuSize is 1, as the official provider assumes
		if req.CUSize != nil {
			c.cuSize = *req.CUSize
		}
		if code, msg := checkCUSize(c.cuSize); code != 0 {
			w.fail(http.StatusOK, code, msg)
			return
		}
		c.replica = 1
		if req.Replica != nil {
			c.replica = *req.Replica
		}
		if code, msg := checkReplica(c.replica); code != 0 {
			w.fail(http.StatusOK, code, msg)
			return
		}
		if code, msg := checkClass(c.plan, c.cuSize, c.replica); code != 0 {
			w.fail(http.StatusOK, code, msg)
			return
		}
	} else {
		// The recordings show free (in03-) and serverless (in05-) clusters
		// alike describing themselves with plan "Serverless", an empty cuType
		// and cuSize 0, although the official provider rewrites in03- to
		// "Free" on its side. replica is 0 for them (inferred: they have no
		// replicas to size; the recordings carry no replica field).
		c.plan = "Serverless"
	}

	now := s.now()
	s.mu.Lock()
	s.advance(now)
	// A name a live cluster of the project has is refused with HTTP 200 code
	// 40013, for Free, Serverless and Dedicated alike, and while that cluster
	// is still CREATING: recorded-api/*duplicately_create_cluster.json, from
	// the official provider's client test, which sends the duplicate right
	// after the first create and only then polls it to RUNNING.
	for _, o := range s.clusters {
		if o.live() && o.projectID == c.projectID && o.name == c.name {
			s.mu.Unlock()
			w.fail(http.StatusOK, codeClusterNameExists, msgClusterNameExists)
			return
		}
	}
	c.id = s.newClusterID(kind)
	plane, err := s.startDataPlane(c.id)
	if err != nil {
		s.mu.Unlock()
		w.fail(http.StatusInternalServerError, http.StatusInternalServerError, "could not start the cluster endpoint: "+err.Error())
		return
	}
	c.plane, c.address = plane, plane.url
	c.username = "db_admin"
	if kind != kindDedicated {
		c.username = "db_" + strings.TrimPrefix(c.id, kind.idPrefix())
	}
	c.password = s.newPassword()
	c.createdAt = now
	startPhase(c, now, StatusCreating, StatusRunning, s.createDuration(c))
	s.clusters[c.id] = c
	s.order = append(s.order, c.id)
	s.mu.Unlock()

	w.ok(codeOK, createResponse{ClusterID: c.id, Username: c.username, Password: c.password, Prompt: promptCreate})
}

// checkCUSize rejects a cuSize that is not a positive number at all (96002,
// "invalid cuSize, must be positive", error-codes-v2).
func checkCUSize(n int) (int, string) {
	if n < 1 {
		return codeInvalidCUSize, fmt.Sprintf("Invalid cuSize %d: it must be a positive integer.", n)
	}
	return 0, ""
}

// cuSizeAllowed reports whether a plan offers a CU size. Source: the
// create-dedicated-cluster-v2 reference (docs.zilliz.com.cn/reference/restful/
// create-dedicated-cluster-v2, cuSize): Standard 1 to 32, one of 1, 2, 4, 8,
// 12, 16, 20, 24, 28, 32; Enterprise 1 to 1024, one of 1, 2, 4, 8, 12, ..., 64,
// 72, 80, 88, ..., 256, 272, 288, ..., 1024 (steps of 4 up to 64, of 8 up to
// 256, of 16 up to 1024). zilliz-api.md A.2 and A.5 agree ("Standard 1,2,4,8,12…32",
// "later up to 1024").
func cuSizeAllowed(plan string, n int) bool {
	switch {
	case n == 1 || n == 2 || n == 4:
		return true
	case n < 8:
		return false
	case n <= 32:
		return n%4 == 0
	case plan != "Enterprise":
		return false
	case n <= 64:
		return n%4 == 0
	case n <= 256:
		return n%8 == 0
	case n <= 1024:
		return n%16 == 0
	}
	return false
}

// checkReplica: no code is documented for a replica out of range, so it is
// the generic bad parameter 80000 (inferred).
func checkReplica(n int) (int, string) {
	if n < minReplica || n > maxReplica {
		return codeBadParameter, fmt.Sprintf("Invalid replica %d: it must be between %d and %d.", n, minReplica, maxReplica)
	}
	return 0, ""
}

// checkClass rejects combinations no cluster class offers: more than one
// replica outside the Enterprise plan, and cuSize × replica above 1024.
// 96023 ("no class for that cuType/cuSize/plan combination") is the closest
// documented code (inferred).
func checkClass(plan string, cuSize, replica int) (int, string) {
	// A size the plan does not offer has no cluster class either: 96023 "no
	// class for that cuType/cuSize/plan combination" (error-codes-v2) is the
	// documented code that names cuSize together with the plan.
	if !cuSizeAllowed(plan, cuSize) {
		return codeNoClusterClass, fmt.Sprintf("No cluster class for cuSize %d on the %s plan.", cuSize, plan)
	}
	if replica > 1 && plan != "Enterprise" {
		return codeNoClusterClass, fmt.Sprintf("Replica %d is not available on the %s plan: more than one replica needs the Enterprise plan.", replica, plan)
	}
	if cuSize*replica > maxCUTimesReplica {
		return codeNoClusterClass, fmt.Sprintf("cuSize × replica = %d exceeds %d.", cuSize*replica, maxCUTimesReplica)
	}
	return 0, ""
}

// describeData is GET /v2/clusters/{id}: exactly the recorded fields, in
// recorded order (recorded-api/Cluster__DescribeCluster.json and
// FreeCluster__DescribeCluster.json). The recorded real answers carry neither
// replica nor labels, although newer docs list replica and the official
// client model reads labels: a client must take labels from GET
// /v2/clusters/{id}/labels and cannot read replicas back. With
// Options.DescribeReplicaAndLabels the answer adds both (the newer docs'
// form), so that clients can be tested against either answer.
type describeData struct {
	ClusterID          string `json:"clusterId"`
	ClusterName        string `json:"clusterName"`
	ProjectID          string `json:"projectId"`
	Description        string `json:"description"`
	RegionID           string `json:"regionId"`
	CUType             string `json:"cuType"`
	Plan               string `json:"plan"`
	Status             string `json:"status"`
	ConnectAddress     string `json:"connectAddress"`
	PrivateLinkAddress string `json:"privateLinkAddress"`
	CreateTime         string `json:"createTime"`
	CUSize             int    `json:"cuSize"`
	StorageSize        int    `json:"storageSize"`
	SnapshotNumber     int    `json:"snapshotNumber"`
	CreateProgress     int    `json:"createProgress"`
}

// describeDataNewer is describeData plus the fields of the newer docs.
type describeDataNewer struct {
	describeData
	Replica int               `json:"replica"`
	Labels  map[string]string `json:"labels"`
}

func (s *Server) describeAnswer(c Cluster) any {
	d := describeFrom(c)
	if s.opts.DescribeReplicaAndLabels {
		return s.autoscaledAnswer(c, describeDataNewer{describeData: d, Replica: c.Replica, Labels: c.Labels})
	}
	return s.autoscaledAnswer(c, d) // autoscaling.go
}

func describeFrom(c Cluster) describeData {
	return describeData{
		ClusterID: c.ClusterID, ClusterName: c.ClusterName, ProjectID: c.ProjectID,
		Description: c.Description, RegionID: c.RegionID, CUType: c.CUType, Plan: c.Plan,
		Status: c.Status, ConnectAddress: c.ConnectAddress, PrivateLinkAddress: c.PrivateLinkAddress,
		CreateTime: c.CreateTime, CUSize: c.CUSize, CreateProgress: c.CreateProgress,
	}
}

// describeCluster answers for live and DELETED clusters; a cluster whose
// DELETED period is over, or that never existed, is 96018 "Cluster not
// found" (inferred: which of 96018, 80020 and 40021 the live API returns was
// not recorded; 96018 is the v2 code).
func (s *Server) describeCluster(w *reply, id string) {
	c, ok := s.Cluster(id)
	if !ok {
		s.missingCluster(w)
		return
	}
	w.ok(codeOK, s.describeAnswer(c))
}

// listItem is one cluster in GET /v2/clusters, with the fields of the doc
// example in its order.
type listItem struct {
	ClusterID          string `json:"clusterId"`
	ClusterName        string `json:"clusterName"`
	Description        string `json:"description"`
	RegionID           string `json:"regionId"`
	Plan               string `json:"plan"`
	CUType             string `json:"cuType"`
	CUSize             int    `json:"cuSize"`
	Status             string `json:"status"`
	ConnectAddress     string `json:"connectAddress"`
	PrivateLinkAddress string `json:"privateLinkAddress"`
	CreateTime         string `json:"createTime"`
	ProjectID          string `json:"projectId"`
}

type listData struct {
	Count       int        `json:"count"`
	CurrentPage int        `json:"currentPage"`
	PageSize    int        `json:"pageSize"`
	Clusters    []listItem `json:"clusters"`
}

func (s *Server) listClusters(w *reply, r *http.Request) {
	q := r.URL.Query()
	pageSize, currentPage := defaultPageSize, 1
	if v := q.Get("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPageSize {
			w.fail(http.StatusOK, codeInvalidPageSize, fmt.Sprintf("Invalid pageSize %q: it must be between 1 and %d.", v, maxPageSize))
			return
		}
		pageSize = n
	}
	if v := q.Get("currentPage"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			w.fail(http.StatusOK, codeInvalidCurrentPage, fmt.Sprintf("Invalid currentPage %q: it must be 1 or more.", v))
			return
		}
		currentPage = n
	}
	var all []Cluster
	for _, c := range s.Clusters() { // creation order: stable across pages
		if c.Status != StatusDeleted {
			all = append(all, c)
		}
	}
	items := []listItem{}
	if start := (currentPage - 1) * pageSize; start < len(all) {
		for _, c := range all[start:min(start+pageSize, len(all))] {
			items = append(items, listItem{
				ClusterID: c.ClusterID, ClusterName: c.ClusterName, Description: c.Description,
				RegionID: c.RegionID, Plan: c.Plan, CUType: c.CUType, CUSize: c.CUSize, Status: c.Status,
				ConnectAddress: c.ConnectAddress, PrivateLinkAddress: c.PrivateLinkAddress,
				CreateTime: c.CreateTime, ProjectID: c.ProjectID,
			})
		}
	}
	w.ok(codeOK, listData{Count: len(all), CurrentPage: currentPage, PageSize: pageSize, Clusters: items})
}

// mutate runs f on a cluster under the lock and answers {clusterId, prompt}
// on success. Unknown and DELETED clusters are 96018: a dropped cluster is in
// the recycle bin and cannot be operated on (inferred), which also makes a
// repeated drop look like "already gone" to a client.
func (s *Server) mutate(w *reply, id, prompt string, f func(c *clusterRecord, now time.Time) (code int, msg string, closeMe *dataPlane)) {
	now := s.now()
	s.mu.Lock()
	s.advance(now)
	c, ok := s.clusters[id]
	if !ok || c.status == StatusDeleted {
		s.mu.Unlock()
		s.missingCluster(w)
		return
	}
	code, msg, plane := f(c, now)
	s.mu.Unlock()
	if plane != nil {
		plane.close()
	}
	if code != 0 {
		w.fail(http.StatusOK, code, msg)
		return
	}
	w.ok(codeOK, mutationResponse{ClusterID: id, Prompt: prompt})
}

// dedicatedOnly rejects operations that free and serverless clusters do not
// support (documented codes 96021 / 96022).
func dedicatedOnly(c *clusterRecord) (int, string) {
	switch c.kind {
	case kindFree:
		return codeFreeUnsupported, "Free cluster does not support this operation."
	case kindServerless:
		return codeServerlessUnsupported, "Serverless cluster does not support this operation."
	}
	return 0, ""
}

func stateError(c *clusterRecord) (int, string, *dataPlane) {
	return codeClusterStateInvalid, fmt.Sprintf("%s: cluster %s is %s", msgClusterStateInvalid, c.id, c.status), nil
}

// modifyCluster serves /modify ({cuSize} | {replica} | {autoscaling}) and,
// with replicaOnly, /modifyReplica ({replica}). The new size is applied when
// MODIFYING ends: describe shows the old value while the change runs, then
// the new one with RUNNING, as recorded after a scale-up.
func (s *Server) modifyCluster(w *reply, body []byte, id string, replicaOnly bool) {
	var req struct {
		CUSize      *int            `json:"cuSize"`
		Replica     *int            `json:"replica"`
		Autoscaling json.RawMessage `json:"autoscaling"`
	}
	tags := []string{"cuSize", "replica", "autoscaling"}
	if replicaOnly {
		tags = []string{"replica"}
	}
	if err := decodeStrict(body, &req, tags...); err != nil {
		badBody(w, err)
		return
	}
	given := 0
	for _, set := range []bool{req.CUSize != nil, req.Replica != nil, req.Autoscaling != nil} {
		if set {
			given++
		}
	}
	// The docs make cuSize, replica and autoscaling mutually exclusive; no
	// code is documented for breaking that, so it is 80000 bad parameter
	// (inferred), as is an empty modify.
	switch {
	case given == 0 && replicaOnly:
		w.fail(http.StatusOK, codeBadParameter, "Invalid request parameters: replica is required.")
		return
	case given == 0:
		w.fail(http.StatusOK, codeBadParameter, "Invalid request parameters: one of cuSize, replica or autoscaling is required.")
		return
	case given > 1:
		w.fail(http.StatusOK, codeBadParameter, "Invalid request parameters: cuSize, replica and autoscaling are mutually exclusive.")
		return
	case req.Autoscaling != nil:
		s.modifyAutoscaling(w, req.Autoscaling, id) // autoscaling.go
		return
	case req.CUSize != nil:
		if code, msg := checkCUSize(*req.CUSize); code != 0 {
			w.fail(http.StatusOK, code, msg)
			return
		}
	case req.Replica != nil:
		if code, msg := checkReplica(*req.Replica); code != 0 {
			w.fail(http.StatusOK, code, msg)
			return
		}
	}
	if code, msg := s.fixedSizeConflict(id, req.CUSize != nil, req.Replica != nil); code != 0 { // autoscaling.go
		w.fail(http.StatusOK, code, msg)
		return
	}
	s.mutate(w, id, promptModify, func(c *clusterRecord, now time.Time) (int, string, *dataPlane) {
		if code, msg := dedicatedOnly(c); code != 0 {
			return code, msg, nil
		}
		if c.status != StatusRunning {
			return stateError(c)
		}
		cu, rep := c.cuSize, c.replica
		if req.CUSize != nil {
			cu = *req.CUSize
		} else {
			rep = *req.Replica
		}
		if code, msg := checkClass(c.plan, cu, rep); code != 0 {
			return code, msg, nil
		}
		c.pendingCU, c.pendingReplica = cu, rep
		startPhase(c, now, StatusModifying, StatusRunning, s.opts.ModifyDuration)
		return 0, "", nil
	})
}

// updateCluster serves POST /modifyProperties {clusterName} and PATCH
// /v2/clusters/{id} {clusterName?, description?}. A rename only touches
// metadata, so it is allowed in every state but DELETED (a choice: the docs
// do not restrict it).
func (s *Server) updateCluster(w *reply, body []byte, id string) {
	var req struct {
		ClusterName *string `json:"clusterName"`
		Description *string `json:"description"`
	}
	if err := decodeStrict(body, &req, "clusterName", "description"); err != nil {
		badBody(w, err)
		return
	}
	if req.ClusterName == nil && req.Description == nil {
		w.fail(http.StatusOK, codeBadParameter, "Invalid request parameters: clusterName or description is required.")
		return
	}
	if req.ClusterName != nil {
		if code, msg := validateClusterName(*req.ClusterName); code != 0 {
			w.fail(http.StatusOK, code, msg)
			return
		}
	}
	s.mutate(w, id, promptUpdate, func(c *clusterRecord, _ time.Time) (int, string, *dataPlane) {
		if req.ClusterName != nil {
			for _, o := range s.clusters {
				if o != c && o.live() && o.projectID == c.projectID && o.name == *req.ClusterName {
					return codeClusterNameExists, msgClusterNameExists, nil
				}
			}
			c.name = *req.ClusterName
		}
		if req.Description != nil {
			c.description = *req.Description
		}
		return 0, "", nil
	})
}

func (s *Server) suspendCluster(w *reply, id string) {
	s.mutate(w, id, promptSuspend, func(c *clusterRecord, now time.Time) (int, string, *dataPlane) {
		if code, msg := dedicatedOnly(c); code != 0 {
			return code, msg, nil
		}
		if c.status != StatusRunning {
			return stateError(c)
		}
		startPhase(c, now, StatusSuspending, StatusSuspended, s.opts.SuspendDuration)
		return 0, "", nil
	})
}

// resumeCluster accepts SUSPENDED (and the legacy STOPPED) clusters of every
// kind: free and serverless clusters are suspended automatically when idle
// and can be resumed.
func (s *Server) resumeCluster(w *reply, id string) {
	s.mutate(w, id, promptResume, func(c *clusterRecord, now time.Time) (int, string, *dataPlane) {
		if c.status != StatusSuspended && c.status != "STOPPED" {
			return stateError(c)
		}
		startPhase(c, now, StatusResuming, StatusRunning, s.opts.ResumeDuration)
		return 0, "", nil
	})
}

// dropCluster works in any state; the cluster is DELETED for DeleteDuration
// and then gone. Its endpoint closes at once.
func (s *Server) dropCluster(w *reply, id string) {
	s.mutate(w, id, promptDrop, func(c *clusterRecord, now time.Time) (int, string, *dataPlane) {
		return 0, "", markDeleted(c, now)
	})
}

// withSystemLabels returns labels plus Options.SystemLabels (inferred: the
// service's own labels win and survive a PUT that leaves them out).
func (s *Server) withSystemLabels(labels map[string]string) map[string]string {
	if len(s.opts.SystemLabels) == 0 {
		return maps.Clone(labels)
	}
	out := maps.Clone(labels)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, s.opts.SystemLabels)
	return out
}

// missingCluster answers a call on a cluster that does not exist (any more):
// 96018 "Cluster not found" by default, or 80020 "does not exist or no
// permission" with Options.MissingClusterAmbiguous. Which of the documented
// codes the live v2 API uses was not recorded (zilliz-api.md A.9, inferred), so
// clients are tested against both.
func (s *Server) missingCluster(w *reply) {
	if s.opts.MissingClusterAmbiguous {
		w.fail(http.StatusOK, codeClusterNoAccess, "The cluster does not exist or you do not have permission to access it.")
		return
	}
	w.fail(http.StatusOK, codeClusterNotFound, msgClusterNotFound)
}

func (s *Server) getLabels(w *reply, id string) {
	c, ok := s.Cluster(id)
	if !ok || c.Status == StatusDeleted {
		s.missingCluster(w)
		return
	}
	w.ok(codeOK, map[string]any{"labels": c.Labels})
}

// putLabels replaces the labels; an absent "labels" clears them. (inferred:
// PUT /v2/clusters/{id}/labels {labels} (zilliz-api.md A.1) documents no merge,
// and the official client sends the whole map, as a replacing PUT needs.)
func (s *Server) putLabels(w *reply, body []byte, id string) {
	var req struct {
		Labels map[string]string `json:"labels"`
	}
	if err := decodeStrict(body, &req, "labels"); err != nil {
		badBody(w, err)
		return
	}
	s.mutate(w, id, promptUpdate, func(c *clusterRecord, _ time.Time) (int, string, *dataPlane) {
		c.labels = s.withSystemLabels(req.Labels)
		return 0, "", nil
	})
}

// project is one item of GET /v2/projects, as recorded.
type project struct {
	ProjectName   string `json:"projectName"`
	ProjectID     string `json:"projectId"`
	InstanceCount int    `json:"instanceCount"`
	CreateTime    string `json:"createTime"`
	Plan          string `json:"plan"`
}

func (s *Server) listRegions(w *reply, r *http.Request) {
	cloud := r.URL.Query().Get("cloudId")
	if cloud != "" && !knownCloud(cloud) {
		w.fail(http.StatusOK, codeInvalidCloudID, fmt.Sprintf("Invalid cloudId %q: use aws, gcp or azure.", cloud))
		return
	}
	out := []region{}
	for _, rg := range regions {
		if cloud == "" || rg.CloudID == cloud {
			out = append(out, rg)
		}
	}
	w.ok(codeOK, out)
}
