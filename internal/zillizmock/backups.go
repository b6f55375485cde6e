package zillizmock

import (
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"strconv"
	"time"
)

// Backups, restore, backup policies and jobs of dedicated clusters. Sources
// (the Zilliz reference, docs.zilliz.com/reference/restful/…, and user
// guides, docs.zilliz.com/docs/…):
//
//   - create-backup-v2: POST /v2/clusters/{id}/backups/create
//     {backupType: CLUSTER|COLLECTION, dbCollections: [{dbName, collectionNames}]}
//     → {backupId, backupName, jobId}; "all collections listed in this field
//     must belong to the same database". Example ids: "backup0_c7b18539b97xxxx",
//     names "Dedicated-01_backup2", jobs "job-031a8e3587ba7zqkadxxxx".
//   - describe-backup-v2: GET /v2/clusters/{id}/backups/{backupId} → clusterId,
//     clusterName, projectId, backupId, backupName, backupType,
//     creationMethod (MANUAL|AUTO), status, size, regionId, createTime,
//     expireTime, dbCollections [{dbName, collections: [{collectionName,
//     description, status}]}].
//   - list-backups-v2: GET /v2/backups?projectId&clusterId&creationMethod&
//     backupType&pageSize&currentPage → {count, currentPage, pageSize,
//     backups}; "List all AVAILABLE or CREATING backups".
//   - delete-backup-v2: DELETE /v2/clusters/{id}/backups/{backupId} →
//     {backupId, backupName}.
//   - restore-cluster-backup-v2 and docs/restore-from-backup-files: POST
//     …/backups/{backupId}/restoreCluster {projectId (reference) or
//     targetProjectId (guide), clusterName, cuSize 1–1024, collectionStatus}
//     → {clusterId, username, password, jobId}: "a new dedicated cluster of
//     the same CU type in the same cloud region"; "a new password is
//     generated for the db_admin user"; "the backup file must be a cluster
//     backup".
//   - get/set-backup-policy-v2: GET|POST /v2/clusters/{id}/backups/policy;
//     {frequency "1,2,5" (1 = Monday … 7 = Sunday), startTime "HH:mm-HH:mm"
//     ("a two-hour duration", UTC), retentionDays 1–30, enabled}; the get
//     answer {clusterId, status ENABLED, startTime, frequency, retentionDays}
//     has null startTime/frequency and 0 days when disabled.
//     docs/schedule-automatic-backups: "Once automatic backup is enabled,
//     Zilliz Cloud generates an initial backup immediately".
//   - docs/create-snapshot: dedicated clusters only; "Only one manual backup
//     can be active or pending at a time"; "Manual backups cannot start
//     while an automatic backup is in progress"; excluded from a backup: the
//     db_admin password and "cluster dynamic and scheduled scaling settings".
//   - zilliz-api.md E (ja-JP docs/delete-snapshot): manual backups are kept
//     when their cluster is deleted; automatic backups are deleted at the end
//     of their retention or with their cluster.
//   - describe-job-v2: GET /v2/jobs/{jobId} → {jobId, type, status,
//     progress ("100"), startTime, endTime, reason}; SUCCESSFUL in the
//     example, "IN PROGRESS" in the guide's prose.
//   - error-codes-v2: 96021/96022 free/serverless do not support the
//     operation; 96026 job not found; 96029 invalid backupType; 96031
//     collectionStatus must be KEEP or RELEASE; 96032/96033/96034 invalid
//     policy frequency/startTime/retentionDays (1–30); 96038 "Failed to
//     create backup. %s"; 96040 "Failed to restore cluster backup. %s".
//
// Inferred (no source): the failed status FAILED and job status FAILED;
// the codes for a second manual backup (96038 with the documented reason),
// for an unknown backup (80000), for deleting a backup still CREATING
// (40003); the job types BACKUP and RESTORE_CLUSTER; a new cluster's status
// RESTORING (a free cluster being upgraded goes through RESTORING,
// docs/manage-cluster) before RUNNING; a manual backup's empty expireTime
// (the ja-JP guide: manual backups are kept forever); a backup needing a
// RUNNING cluster.

// Backup codes (error-codes-v2).
const (
	codeJobNotFound          = 96026
	codeInvalidBackupType    = 96029
	codeInvalidRestoreStatus = 96031
	codeInvalidFrequency     = 96032
	codeInvalidStartTime     = 96033
	codeInvalidRetention     = 96034
	codeBackupFailed         = 96038
	codeRestoreFailed        = 96040
)

// Backup statuses and kinds.
const (
	BackupCreating  = "CREATING"
	BackupAvailable = "AVAILABLE"
	BackupFailed    = "FAILED" // inferred
	backupCluster   = "CLUSTER"
	backupColl      = "COLLECTION"
	backupManual    = "MANUAL"
	backupAuto      = "AUTO"
	statusRestoring = "RESTORING"
)

// Default durations of the backup and restore phases.
const (
	defaultBackupDuration  = 2 * time.Second
	defaultRestoreDuration = 3 * time.Second
)

// capacityState holds what backups.go and autoscaling.go add to the mock.
// Guarded by s.mu.
type capacityState struct {
	backups     map[string]*backupRecord
	order       []string // backup ids, oldest first
	policies    map[string]*policyRecord
	jobs        map[string]*jobRecord
	autoscaling map[string]*autoscalingRecord // by cluster id
	failReason  string                        // SetBackupFailure
	names       map[string]int                // backups made per cluster, for names
}

// capacity returns the state, creating it on first use. Call with s.mu held.
func (s *Server) capacity() *capacityState {
	if s.capacityState == nil {
		s.capacityState = &capacityState{
			backups:     map[string]*backupRecord{},
			policies:    map[string]*policyRecord{},
			jobs:        map[string]*jobRecord{},
			autoscaling: map[string]*autoscalingRecord{},
			names:       map[string]int{},
		}
	}
	return s.capacityState
}

func (s *Server) backupDuration() time.Duration {
	if s.opts.BackupDuration > 0 {
		return s.opts.BackupDuration
	}
	return defaultBackupDuration
}

func (s *Server) restoreDuration() time.Duration {
	if s.opts.RestoreDuration > 0 {
		return s.opts.RestoreDuration
	}
	return defaultRestoreDuration
}

type backupRecord struct {
	id, name, jobID                                         string
	clusterID, clusterName, projectID, regionID, plan, cuty string
	backupType, creationMethod                              string
	createdAt, readyAt                                      time.Time
	failReason                                              string
	retentionDays                                           int // AUTO backups
	databases                                               []*databaseRecord
}

func (b *backupRecord) status(now time.Time) string {
	switch {
	case now.Before(b.readyAt):
		return BackupCreating
	case b.failReason != "":
		return BackupFailed
	}
	return BackupAvailable
}

func (b *backupRecord) expireTime() string {
	if b.creationMethod != backupAuto {
		return ""
	}
	return b.createdAt.Add(time.Duration(b.retentionDays) * 24 * time.Hour).UTC().Format(time.RFC3339)
}

type policyRecord struct {
	enabled       bool
	frequency     string
	startTime     string
	retentionDays int
}

type jobRecord struct {
	id, typ    string
	start, end time.Time
	failReason string
}

func (j *jobRecord) status(now time.Time) (string, int) {
	if now.Before(j.end) {
		total := j.end.Sub(j.start)
		p := 0
		if total > 0 {
			p = int(100 * now.Sub(j.start) / total)
		}
		return "IN_PROGRESS", min(max(p, 0), 99)
	}
	if j.failReason != "" {
		return "FAILED", 100
	}
	return "SUCCESSFUL", 100
}

// pruneBackups forgets automatic backups whose cluster is gone or whose
// retention is over (manual backups stay). Call with s.mu held, after advance.
func (s *Server) pruneBackups(now time.Time) {
	st := s.capacity()
	kept := st.order[:0]
	for _, id := range st.order {
		b := st.backups[id]
		if b.creationMethod == backupAuto {
			c, ok := s.clusters[b.clusterID]
			expired := !now.Before(b.createdAt.Add(time.Duration(b.retentionDays) * 24 * time.Hour))
			if !ok || c.status == StatusDeleted || expired {
				delete(st.backups, id)
				continue
			}
		}
		kept = append(kept, id)
	}
	st.order = kept
}

// routeBackups serves /v2/clusters/{id}/backups/… (rest is what follows "backups").
func (s *Server) routeBackups(w *reply, r *http.Request, body []byte, id string, rest []string) {
	switch {
	case len(rest) == 1 && rest[0] == "create":
		if allow(w, r, http.MethodPost) {
			s.createBackup(w, body, id)
		}
	case len(rest) == 1 && rest[0] == "policy":
		switch r.Method {
		case http.MethodGet:
			s.getBackupPolicy(w, id)
		case http.MethodPost:
			s.setBackupPolicy(w, body, id)
		default:
			allow(w, r, http.MethodGet, http.MethodPost)
		}
	case len(rest) == 1:
		switch r.Method {
		case http.MethodGet:
			s.describeBackup(w, id, rest[0])
		case http.MethodDelete:
			s.deleteBackup(w, id, rest[0])
		default:
			allow(w, r, http.MethodGet, http.MethodDelete)
		}
	case len(rest) == 2 && rest[1] == "restoreCluster":
		if allow(w, r, http.MethodPost) {
			s.restoreCluster(w, body, id, rest[0])
		}
	default:
		notFound(w, r)
	}
}

// liveDedicated finds a cluster that backups can be made of. Call with s.mu held.
func (s *Server) liveDedicated(id string) (*clusterRecord, int, string) {
	c, ok := s.clusters[id]
	if !ok || c.status == StatusDeleted {
		if s.opts.MissingClusterAmbiguous {
			return nil, codeClusterNoAccess, "The cluster does not exist or you do not have permission to access it."
		}
		return nil, codeClusterNotFound, msgClusterNotFound
	}
	if code, msg := dedicatedOnly(c); code != 0 {
		return nil, code, msg
	}
	return c, 0, ""
}

type createBackupReq struct {
	BackupType    string `json:"backupType"`
	DBCollections []struct {
		DBName          string   `json:"dbName"`
		CollectionNames []string `json:"collectionNames"`
	} `json:"dbCollections"`
}

func (s *Server) createBackup(w *reply, body []byte, id string) {
	var req createBackupReq
	if err := decodeStrict(body, &req, "backupType", "dbCollections"); err != nil {
		badBody(w, err)
		return
	}
	if req.BackupType != backupCluster && req.BackupType != backupColl {
		w.fail(http.StatusOK, codeInvalidBackupType, "Invalid backupType.")
		return
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(now)
	s.pruneBackups(now)
	c, code, msg := s.liveDedicated(id)
	if code != 0 {
		w.fail(http.StatusOK, code, msg)
		return
	}
	if c.status != StatusRunning {
		w.fail(http.StatusOK, codeClusterStateInvalid, fmt.Sprintf("%s: cluster %s is %s", msgClusterStateInvalid, c.id, c.status))
		return
	}
	st := s.capacity()
	for _, bid := range st.order {
		b := st.backups[bid]
		if b.clusterID != id || b.status(now) != BackupCreating {
			continue
		}
		reason := "Only one manual backup can be active or pending at a time."
		if b.creationMethod == backupAuto {
			reason = "Manual backups cannot start while an automatic backup is in progress."
		}
		w.fail(http.StatusOK, codeBackupFailed, "Failed to create backup. "+reason)
		return
	}
	var dbs []*databaseRecord
	if req.BackupType == backupCluster {
		for _, name := range c.databaseNames() {
			dbs = append(dbs, cloneDatabase(c.database(name), nil))
		}
	} else {
		if len(req.DBCollections) != 1 || len(req.DBCollections[0].CollectionNames) == 0 {
			w.fail(http.StatusOK, codeBackupFailed, "Failed to create backup. A COLLECTION backup needs the collections of one database in dbCollections.")
			return
		}
		dc := req.DBCollections[0]
		db := c.database(firstNonEmpty(dc.DBName, defaultDatabase))
		if db == nil {
			w.fail(http.StatusOK, codeBackupFailed, fmt.Sprintf("Failed to create backup. Database %s not found.", dc.DBName))
			return
		}
		for _, n := range dc.CollectionNames {
			if db.collections[n] == nil {
				w.fail(http.StatusOK, codeBackupFailed, fmt.Sprintf("Failed to create backup. Collection %s not found in database %s.", n, db.name))
				return
			}
		}
		dbs = []*databaseRecord{cloneDatabase(db, dc.CollectionNames)}
	}
	b := s.newBackup(c, req.BackupType, backupManual, now, dbs)
	w.ok(codeOK, map[string]string{"backupId": b.id, "backupName": b.name, "jobId": b.jobID})
}

// newBackup records a backup of c (CREATING for BackupDuration) and its job.
// Call with s.mu held.
func (s *Server) newBackup(c *clusterRecord, typ, method string, now time.Time, dbs []*databaseRecord) *backupRecord {
	st := s.capacity()
	st.names[c.id]++
	b := &backupRecord{
		id:          s.newBackupID(),
		name:        fmt.Sprintf("%s_backup%d", c.name, st.names[c.id]),
		clusterID:   c.id,
		clusterName: c.name, projectID: c.projectID, regionID: c.regionID, plan: c.plan, cuty: c.cuType,
		backupType: typ, creationMethod: method,
		createdAt: now, readyAt: now.Add(s.backupDuration()),
		failReason: st.failReason,
		databases:  dbs,
	}
	b.jobID = s.newJob("BACKUP", now, b.readyAt, b.failReason)
	st.backups[b.id] = b
	st.order = append(st.order, b.id)
	return b
}

// newBackupID: "backup" + a digit + "_" + 15 hex digits, like the
// documented "backup1_1e9d15560e4f240". Call with s.mu held.
func (s *Server) newBackupID() string {
	for {
		id := fmt.Sprintf("backup%d_%015x", s.rng.intN(10), s.rng.uint64()>>4)
		if _, taken := s.capacity().backups[id]; !taken {
			return id
		}
	}
}

const jobAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

// newJob records a job running from start to end. Call with s.mu held.
func (s *Server) newJob(typ string, start, end time.Time, failReason string) string {
	b := make([]byte, 22)
	for i := range b {
		b[i] = jobAlphabet[s.rng.intN(len(jobAlphabet))]
	}
	j := &jobRecord{id: "job-" + string(b), typ: typ, start: start, end: end, failReason: failReason}
	s.capacity().jobs[j.id] = j
	return j.id
}

// cloneDatabase copies a database with its collections (only those named
// in keep, when keep is non-nil) and the aliases that point at them.
func cloneDatabase(d *databaseRecord, keep []string) *databaseRecord {
	out := &databaseRecord{name: d.name, id: d.id, properties: maps.Clone(d.properties),
		collections: map[string]*collection{}, aliases: map[string]string{}}
	if out.properties == nil {
		out.properties = map[string]string{}
	}
	want := func(n string) bool { return keep == nil || contains(keep, n) }
	for n, col := range d.collections {
		if want(n) {
			out.collections[n] = cloneCollection(col)
		}
	}
	for a, target := range d.aliases {
		if out.collections[target] != nil {
			out.aliases[a] = target
		}
	}
	return out
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func cloneCollection(c *collection) *collection {
	out := *c
	out.fields = make([]field, len(c.fields))
	for i, f := range c.fields {
		f.params = append([]keyValue(nil), f.params...)
		out.fields[i] = f
	}
	out.indexes = make([]index, len(c.indexes))
	for i, ix := range c.indexes {
		ix.params = maps.Clone(ix.params)
		out.indexes[i] = ix
	}
	out.properties = append([]keyValue(nil), c.properties...)
	return &out
}

// backupCollectionWire is one collection of a backup, as describe shows it.
type backupCollectionWire struct {
	CollectionName string `json:"collectionName"`
	Description    string `json:"description"`
	Status         string `json:"status"`
}

type backupDBWire struct {
	DBName      string                 `json:"dbName"`
	Collections []backupCollectionWire `json:"collections"`
}

// backupWire is a backup in describe (with dbCollections) and list answers.
type backupWire struct {
	ClusterID      string         `json:"clusterId"`
	ClusterName    string         `json:"clusterName"`
	ProjectID      string         `json:"projectId"`
	BackupID       string         `json:"backupId"`
	BackupName     string         `json:"backupName"`
	BackupType     string         `json:"backupType"`
	CreationMethod string         `json:"creationMethod"`
	Status         string         `json:"status"`
	Size           int64          `json:"size"`
	RegionID       string         `json:"regionId,omitempty"`
	ExpireTime     string         `json:"expireTime"`
	CreateTime     string         `json:"createTime"`
	DBCollections  []backupDBWire `json:"dbCollections,omitempty"`
}

func (b *backupRecord) wire(now time.Time, detail bool) backupWire {
	w := backupWire{
		ClusterID: b.clusterID, ClusterName: b.clusterName, ProjectID: b.projectID,
		BackupID: b.id, BackupName: b.name, BackupType: b.backupType, CreationMethod: b.creationMethod,
		Status: b.status(now), ExpireTime: b.expireTime(), CreateTime: b.createdAt.UTC().Format(time.RFC3339),
	}
	for _, d := range b.databases {
		for _, col := range d.collections {
			w.Size += 1024 + col.rowCount*64 // (inferred) some bytes per entity
		}
	}
	if detail {
		w.RegionID = b.regionID
		w.DBCollections = []backupDBWire{}
		for _, d := range b.databases {
			dw := backupDBWire{DBName: d.name, Collections: []backupCollectionWire{}}
			for _, n := range sortedNames(d.collections) {
				col := d.collections[n]
				status := "UNLOADED"
				if col.loadState == loadStateLoaded {
					status = "LOADED"
				}
				dw.Collections = append(dw.Collections, backupCollectionWire{CollectionName: n, Description: col.description, Status: status})
			}
			w.DBCollections = append(w.DBCollections, dw)
		}
	}
	return w
}

// findBackup returns cluster id's backup bid, or writes the error. A
// backup outlives its cluster (manual ones), so a dropped cluster's backup
// is still found. Call with s.mu held.
func (s *Server) findBackup(w *reply, id, bid string) *backupRecord {
	if b := s.capacity().backups[bid]; b != nil && b.clusterID == id {
		return b
	}
	if c, ok := s.clusters[id]; !ok || c.status == StatusDeleted {
		s.missingCluster(w)
		return nil
	}
	// (inferred) No "backup not found" code is documented.
	w.fail(http.StatusOK, codeBadParameter, fmt.Sprintf("Invalid request parameters: backup %s not found in cluster %s.", bid, id))
	return nil
}

func (s *Server) describeBackup(w *reply, id, bid string) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(now)
	s.pruneBackups(now)
	if b := s.findBackup(w, id, bid); b != nil {
		w.ok(codeOK, b.wire(now, true))
	}
}

func (s *Server) deleteBackup(w *reply, id, bid string) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(now)
	s.pruneBackups(now)
	b := s.findBackup(w, id, bid)
	if b == nil {
		return
	}
	if b.status(now) == BackupCreating {
		w.fail(http.StatusOK, codeClusterStateInvalid, fmt.Sprintf("operation not available given the backup's current state: backup %s is CREATING", bid))
		return
	}
	st := s.capacity()
	delete(st.backups, bid)
	st.order = removeString(st.order, bid)
	w.ok(codeOK, map[string]string{"backupId": b.id, "backupName": b.name})
}

// listBackups serves GET /v2/backups: AVAILABLE and CREATING backups only,
// oldest first, with the documented filters and paging (pageSize 1–100:
// 96008; currentPage >= 1: 96009, as for clusters).
func (s *Server) listBackups(w *reply, r *http.Request, projectID string) {
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
	now := s.now()
	s.mu.Lock()
	s.advance(now)
	s.pruneBackups(now)
	st := s.capacity()
	var all []backupWire
	for _, id := range st.order {
		b := st.backups[id]
		status := b.status(now)
		if status == BackupFailed || b.projectID != projectID ||
			(q.Get("projectId") != "" && b.projectID != q.Get("projectId")) ||
			(q.Get("clusterId") != "" && b.clusterID != q.Get("clusterId")) ||
			(q.Get("creationMethod") != "" && b.creationMethod != q.Get("creationMethod")) ||
			(q.Get("backupType") != "" && b.backupType != q.Get("backupType")) {
			continue
		}
		all = append(all, b.wire(now, false))
	}
	s.mu.Unlock()
	page := []backupWire{}
	if start := (currentPage - 1) * pageSize; start < len(all) {
		page = all[start:min(start+pageSize, len(all))]
	}
	w.ok(codeOK, map[string]any{"count": len(all), "currentPage": currentPage, "pageSize": pageSize, "backups": page})
}

type restoreReq struct {
	ProjectID        string `json:"projectId"`
	TargetProjectID  string `json:"targetProjectId"`
	ClusterName      string `json:"clusterName"`
	CUSize           *int   `json:"cuSize"`
	CollectionStatus string `json:"collectionStatus"`
}

// restoreCluster makes a NEW dedicated cluster from a cluster backup: it is
// RESTORING for RestoreDuration (its endpoint refuses data calls, as for
// CREATING), then RUNNING with the backup's databases, collections and
// entity counts, a new db_admin password and no autoscaling.
func (s *Server) restoreCluster(w *reply, body []byte, id, bid string) {
	var req restoreReq
	if err := decodeStrict(body, &req, "projectId", "targetProjectId", "clusterName", "cuSize", "collectionStatus"); err != nil {
		badBody(w, err)
		return
	}
	project := firstNonEmpty(req.ProjectID, req.TargetProjectID)
	if code, msg := s.checkProject(project); code != 0 {
		w.fail(http.StatusOK, code, msg)
		return
	}
	if code, msg := validateClusterName(req.ClusterName); code != 0 {
		w.fail(http.StatusOK, code, msg)
		return
	}
	if req.CUSize == nil {
		w.fail(http.StatusOK, codeInvalidCUSize, "Invalid cuSize: it is required.")
		return
	}
	if code, msg := checkCUSize(*req.CUSize); code != 0 {
		w.fail(http.StatusOK, code, msg)
		return
	}
	if req.CollectionStatus != "KEEP" && req.CollectionStatus != "RELEASE" {
		w.fail(http.StatusOK, codeInvalidRestoreStatus, "Invalid backup restore policy. The value of 'collectionStatus' should be KEEP or RELEASE.")
		return
	}
	now := s.now()
	s.mu.Lock()
	s.advance(now)
	s.pruneBackups(now)
	b := s.findBackup(w, id, bid)
	if b == nil {
		s.mu.Unlock()
		return
	}
	fail := func(code int, msg string) {
		s.mu.Unlock()
		w.fail(http.StatusOK, code, msg)
	}
	switch {
	case b.status(now) != BackupAvailable:
		fail(codeRestoreFailed, fmt.Sprintf("Failed to restore cluster backup. Backup %s is %s, not AVAILABLE.", bid, b.status(now)))
		return
	case b.backupType != backupCluster:
		fail(codeRestoreFailed, "Failed to restore cluster backup. To restore an entire cluster, the backup file must be a cluster backup.")
		return
	}
	if code, msg := checkClass(b.plan, *req.CUSize, 1); code != 0 {
		fail(code, msg)
		return
	}
	// A restore to a name the project has already is refused like a create
	// (inferred: no source shows a restore to a taken name; this is the
	// create's recorded 40013). The provider does not rely on it: it looks
	// the name up before a restore.
	for _, o := range s.clusters {
		if o.live() && o.projectID == project && o.name == req.ClusterName {
			fail(codeClusterNameExists, msgClusterNameExists)
			return
		}
	}
	c := &clusterRecord{
		name: req.ClusterName, projectID: project, regionID: b.regionID, kind: kindDedicated,
		plan: b.plan, cuType: b.cuty, cuSize: *req.CUSize, replica: 1,
		labels: s.withSystemLabels(nil), username: "db_admin", createdAt: now,
	}
	c.id = s.newClusterID(kindDedicated)
	plane, err := s.startDataPlane(c.id)
	if err != nil {
		fail(http.StatusInternalServerError, "could not start the cluster endpoint: "+err.Error())
		return
	}
	c.plane, c.address = plane, plane.url
	c.password = s.newPassword()
	end := now.Add(s.restoreDuration())
	c.createDur = s.restoreDuration()
	c.collections = map[string]*collection{}
	c.databases = map[string]*databaseRecord{}
	for _, d := range b.databases {
		copyDB := cloneDatabase(d, nil)
		for _, col := range copyDB.collections {
			col.id = s.newCollectionID()
			wasLoaded := col.loadState == loadStateLoaded
			col.loadState, col.loadStart, col.loadEnd = loadStateNotLoad, time.Time{}, time.Time{}
			if wasLoaded && req.CollectionStatus == "KEEP" {
				col.loadState, col.loadStart, col.loadEnd = loadStateLoaded, now, end
			}
		}
		if d.name == defaultDatabase {
			c.collections = copyDB.collections
		}
		c.databases[d.name] = copyDB
	}
	if c.databases[defaultDatabase] == nil {
		c.database(defaultDatabase)
	}
	startPhase(c, now, statusRestoring, StatusRunning, s.restoreDuration())
	s.clusters[c.id] = c
	s.order = append(s.order, c.id)
	job := s.newJob("RESTORE_CLUSTER", now, end, "")
	s.mu.Unlock()
	w.ok(codeOK, map[string]string{"clusterId": c.id, "username": c.username, "password": c.password, "jobId": job})
}

// policyWire is the get-backup-policy-v2 answer.
type policyWire struct {
	ClusterID     string  `json:"clusterId"`
	Status        string  `json:"status"`
	StartTime     *string `json:"startTime"`
	Frequency     *string `json:"frequency"`
	RetentionDays int     `json:"retentionDays"`
}

func (p *policyRecord) wire(id string) policyWire {
	if p == nil || !p.enabled {
		return policyWire{ClusterID: id, Status: "DISABLED"}
	}
	start, freq := p.startTime, p.frequency
	return policyWire{ClusterID: id, Status: "ENABLED", StartTime: &start, Frequency: &freq, RetentionDays: p.retentionDays}
}

func (s *Server) getBackupPolicy(w *reply, id string) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(now)
	if _, code, msg := s.liveDedicated(id); code != 0 {
		w.fail(http.StatusOK, code, msg)
		return
	}
	w.ok(codeOK, s.capacity().policies[id].wire(id))
}

var (
	frequencyPattern = regexp.MustCompile(`^[1-7](,[1-7])*$`)
	startTimePattern = regexp.MustCompile(`^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])$`)
)

// validStartTime: "HH:mm-HH:mm", "a two-hour duration" (set-backup-policy-v2).
func validStartTime(s string) bool {
	m := startTimePattern.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	at := func(h, mm string) int { a, _ := strconv.Atoi(h); b, _ := strconv.Atoi(mm); return a*60 + b }
	return (at(m[3], m[4])-at(m[1], m[2])+24*60)%(24*60) == 120
}

func (s *Server) setBackupPolicy(w *reply, body []byte, id string) {
	var req struct {
		Frequency     *string `json:"frequency"`
		StartTime     *string `json:"startTime"`
		RetentionDays *int    `json:"retentionDays"`
		Enabled       *bool   `json:"enabled"`
	}
	if err := decodeStrict(body, &req, "frequency", "startTime", "retentionDays", "enabled"); err != nil {
		badBody(w, err)
		return
	}
	if req.Enabled == nil {
		w.fail(http.StatusOK, codeBadParameter, "Invalid request parameters: enabled is required.")
		return
	}
	p := &policyRecord{enabled: *req.Enabled}
	if p.enabled {
		switch {
		case req.Frequency == nil || !frequencyPattern.MatchString(*req.Frequency):
			w.fail(http.StatusOK, codeInvalidFrequency, "Invalid backup policy frequency.")
			return
		case req.StartTime == nil || !validStartTime(*req.StartTime):
			w.fail(http.StatusOK, codeInvalidStartTime, "Invalid backup policy startTime.")
			return
		case req.RetentionDays == nil || *req.RetentionDays < 1 || *req.RetentionDays > 30:
			w.fail(http.StatusOK, codeInvalidRetention, "Invalid auto backup retentionDays. The value should be between 1 and 30.")
			return
		}
		p.frequency, p.startTime, p.retentionDays = *req.Frequency, *req.StartTime, *req.RetentionDays
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(now)
	s.pruneBackups(now)
	c, code, msg := s.liveDedicated(id)
	if code != 0 {
		w.fail(http.StatusOK, code, msg)
		return
	}
	st := s.capacity()
	wasOn := st.policies[id] != nil && st.policies[id].enabled
	st.policies[id] = p
	if p.enabled && !wasOn && c.status == StatusRunning {
		// "generates an initial backup immediately"
		b := s.newBackup(c, backupCluster, backupAuto, now, clusterDatabases(c))
		b.retentionDays = p.retentionDays
	}
	w.ok(codeOK, map[string]string{"clusterId": id, "status": p.wire(id).Status})
}

// clusterDatabases copies every database of c. Call with s.mu held.
func clusterDatabases(c *clusterRecord) []*databaseRecord {
	var dbs []*databaseRecord
	for _, name := range c.databaseNames() {
		dbs = append(dbs, cloneDatabase(c.database(name), nil))
	}
	return dbs
}

func (s *Server) describeJob(w *reply, id string) {
	now := s.now()
	s.mu.Lock()
	j := s.capacity().jobs[id]
	s.mu.Unlock()
	if j == nil {
		w.fail(http.StatusOK, codeJobNotFound, "Job not found. Please check your request parameter.")
		return
	}
	status, progress := j.status(now)
	end := ""
	if status != "IN_PROGRESS" {
		end = j.end.UTC().Format(time.RFC3339)
	}
	w.ok(codeOK, map[string]string{
		"jobId": j.id, "type": j.typ, "status": status, "progress": strconv.Itoa(progress),
		"startTime": j.start.UTC().Format(time.RFC3339), "endTime": end, "reason": j.failReason,
	})
}

// BackupInfo is what tests check of a backup.
type BackupInfo struct {
	ID, Name, ClusterID, Type, CreationMethod, Status, JobID string
	CreatedAt, ReadyAt                                       time.Time
	// Collections are "database.collection" with their entity counts.
	Collections map[string]int64
}

// Backups returns every backup of a cluster ("" = all), FAILED ones too,
// oldest first.
func (s *Server) Backups(clusterID string) []BackupInfo {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(now)
	s.pruneBackups(now)
	st := s.capacity()
	var out []BackupInfo
	for _, id := range st.order {
		b := st.backups[id]
		if clusterID != "" && b.clusterID != clusterID {
			continue
		}
		info := BackupInfo{ID: b.id, Name: b.name, ClusterID: b.clusterID, Type: b.backupType, CreationMethod: b.creationMethod,
			Status: b.status(now), JobID: b.jobID, CreatedAt: b.createdAt, ReadyAt: b.readyAt, Collections: map[string]int64{}}
		for _, d := range b.databases {
			for n, col := range d.collections {
				info.Collections[d.name+"."+n] = col.rowCount
			}
		}
		out = append(out, info)
	}
	return out
}

// SetBackupFailure makes every backup started from now on end FAILED
// (with reason as its job's reason) instead of AVAILABLE; "" ends it.
func (s *Server) SetBackupFailure(reason string) {
	s.mu.Lock()
	s.capacity().failReason = reason
	s.mu.Unlock()
}

// DeleteBackupNow deletes a backup out of band, as in the console.
func (s *Server) DeleteBackupNow(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.capacity()
	if st.backups[id] == nil {
		return fmt.Errorf("zillizmock: unknown backup %q", id)
	}
	delete(st.backups, id)
	st.order = removeString(st.order, id)
	return nil
}

// BackupPolicyInfo is a cluster's backup policy as tests see it.
type BackupPolicyInfo struct {
	Enabled       bool
	Frequency     string // "1,2,5"
	StartTime     string
	RetentionDays int
}

// BackupPolicy returns a cluster's backup policy (disabled when never set).
func (s *Server) BackupPolicy(clusterID string) BackupPolicyInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.capacity().policies[clusterID]
	if p == nil {
		return BackupPolicyInfo{}
	}
	return BackupPolicyInfo{Enabled: p.enabled, Frequency: p.frequency, StartTime: p.startTime, RetentionDays: p.retentionDays}
}

// SetBackupPolicyNow changes a cluster's backup policy out of band, without
// checks and without an initial backup.
func (s *Server) SetBackupPolicyNow(clusterID string, p BackupPolicyInfo) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.capacity().policies[clusterID] = &policyRecord{enabled: p.Enabled, frequency: p.Frequency, startTime: p.StartTime, retentionDays: p.RetentionDays}
}

// routeTopBackups answers GET /v2/backups and GET /v2/jobs/{id} for a key
// of projectID.
func (s *Server) routeTopBackups(w *reply, r *http.Request, seg []string, projectID string) {
	switch {
	case seg[1] == "backups" && len(seg) == 2:
		if allow(w, r, http.MethodGet) {
			s.listBackups(w, r, projectID)
		}
	case seg[1] == "jobs" && len(seg) == 3:
		if allow(w, r, http.MethodGet) {
			if projectID != s.projectID {
				w.fail(http.StatusOK, codeJobNotFound, "Job not found. Please check your request parameter.")
				return
			}
			s.describeJob(w, seg[2])
		}
	default:
		notFound(w, r)
	}
}
