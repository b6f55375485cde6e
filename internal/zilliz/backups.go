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

// Backups of dedicated clusters (Zilliz reference "Backup & Restore (V2)"):
//
//	POST   /v2/clusters/{id}/backups/create                  {backupType, dbCollections?} → {backupId, backupName, jobId}
//	GET    /v2/clusters/{id}/backups/{backupId}              → the backup, with its status
//	GET    /v2/backups?clusterId=&projectId=&pageSize=&currentPage= → {count, currentPage, pageSize, backups:[…]}
//	DELETE /v2/clusters/{id}/backups/{backupId}              → {backupId, backupName}
//	POST   /v2/clusters/{id}/backups/{backupId}/restoreCluster {projectId, clusterName, cuSize, collectionStatus}
//	                                                           → {clusterId, username, password, jobId}
//	GET    /v2/jobs/{jobId}                                  → {jobId, type, status, progress, reason, …}
//
// Sources: docs.zilliz.com/reference/restful/create-backup-v2,
// describe-backup-v2, list-backups-v2, delete-backup-v2,
// restore-cluster-backup-v2, describe-job-v2; docs/restore-from-backup-files.

// Backup statuses. CREATING and AVAILABLE are documented (list-backups-v2:
// "List all AVAILABLE or CREATING backups"); FAILED is how this client
// reads a backup that will never become available (inferred: no failed
// backup has been recorded).
const (
	BackupStatusCreating  = "CREATING"
	BackupStatusAvailable = "AVAILABLE"
	BackupStatusFailed    = "FAILED"
)

// Backup types and creation methods (create-backup-v2, list-backups-v2).
const (
	BackupTypeCluster    = "CLUSTER"
	BackupTypeCollection = "COLLECTION"
	BackupManual         = "MANUAL"
	BackupAuto           = "AUTO"
)

// ErrBackupFailed is wrapped by WaitForBackup when the backup will never
// become AVAILABLE.
var ErrBackupFailed = errors.New("backup failed")

// CreateBackupRequest is the input of CreateBackup. Without Collections it
// backs up the whole cluster (backupType CLUSTER); with them, those
// collections of Database (COLLECTION: "all collections listed must belong
// to the same database", create-backup-v2).
type CreateBackupRequest struct {
	Database    string // "" = the server's default database
	Collections []string
}

// CreateBackupResponse is the answer of CreateBackup.
type CreateBackupResponse struct {
	BackupID   string `json:"backupId"`
	BackupName string `json:"backupName"`
	JobID      string `json:"jobId"`
	// Adopted is true when the create's answer was lost and the backup was
	// found in the cluster's list instead.
	Adopted bool `json:"-"`
}

// Backup is a backup as described or listed.
type Backup struct {
	ClusterID      string `json:"clusterId"`
	ClusterName    string `json:"clusterName"`
	ProjectID      string `json:"projectId"`
	BackupID       string `json:"backupId"`
	BackupName     string `json:"backupName"`
	BackupType     string `json:"backupType"`
	CreationMethod string `json:"creationMethod"`
	Status         string `json:"status"`
	Size           int64  `json:"size"`
	RegionID       string `json:"regionId"`
	CreateTime     string `json:"createTime"`
	ExpireTime     string `json:"expireTime"`
	// Databases are the backed-up databases and collections. The reference
	// shows "dbCollections" ([{dbName, collections}]); older examples a flat
	// "collections" list, read as the default database.
	Databases []BackupDatabase `json:"-"`
}

// BackupDatabase is one database of a backup.
type BackupDatabase struct {
	Name        string             `json:"dbName"`
	Collections []BackupCollection `json:"collections"`
}

// BackupCollection is one backed-up collection; Status is its load state at
// backup time (LOADED, …).
type BackupCollection struct {
	Name        string `json:"collectionName"`
	Description string `json:"description"`
	Status      string `json:"status"`
}

// backupWire is the describe answer as sent.
type backupWire struct {
	Backup
	DBCollections []BackupDatabase   `json:"dbCollections"`
	Collections   []BackupCollection `json:"collections"`
}

func (w backupWire) backup() Backup {
	b := w.Backup
	b.Databases = w.DBCollections
	if len(b.Databases) == 0 && len(w.Collections) > 0 {
		b.Databases = []BackupDatabase{{Name: defaultDatabase, Collections: w.Collections}}
	}
	for i := range b.Databases {
		if b.Databases[i].Name == "" {
			b.Databases[i].Name = defaultDatabase
		}
	}
	return b
}

// createBackupBody is the body of POST /v2/clusters/{id}/backups/create.
type createBackupBody struct {
	BackupType    string               `json:"backupType"`
	DBCollections []backupDBCollection `json:"dbCollections,omitempty"`
}

type backupDBCollection struct {
	DBName          string   `json:"dbName,omitempty"`
	CollectionNames []string `json:"collectionNames"`
}

// backupLookupSkew: how much older than our create call a CREATING manual
// backup may look (server and local clocks differ) and still be ours.
const backupLookupSkew = 5 * time.Minute

// CreateBackup starts a manual backup of a cluster. It is not retried once
// it may have reached the server (a retry could start a second backup).
// When the answer is lost, the cluster's backups are listed: Zilliz Cloud
// runs "only one manual backup ... at a time" (docs/create-snapshot), so a
// manual backup of the requested type that is CREATING and not older than
// the call is the one the lost call started; it is returned with Adopted.
func (c *Client) CreateBackup(ctx context.Context, clusterID string, req CreateBackupRequest) (*CreateBackupResponse, error) {
	if err := requireID("cluster id", clusterID); err != nil {
		return nil, err
	}
	body := createBackupBody{BackupType: BackupTypeCluster}
	if len(req.Collections) > 0 {
		body.BackupType = BackupTypeCollection
		body.DBCollections = []backupDBCollection{{DBName: req.Database, CollectionNames: req.Collections}}
	}
	start := time.Now()
	r := c.control(http.MethodPost, "/v2/clusters/"+escape(clusterID)+"/backups/create", false)
	r.body = body
	var out CreateBackupResponse
	err := c.do(ctx, r, &out)
	if err == nil && out.BackupID != "" {
		return &out, nil
	}
	if err == nil {
		err = &decodeError{Method: r.method, Path: r.path, Err: errors.New("success answer without a backupId")}
	}
	if !answerMayBeLost(ctx, err) {
		return nil, err
	}
	all, lerr := c.ListBackups(ctx, ListBackupsRequest{ClusterID: clusterID})
	if lerr != nil {
		return nil, fmt.Errorf("%w (listing the cluster's backups afterwards also failed: %v)", err, lerr)
	}
	for _, b := range all {
		if b.CreationMethod != BackupManual || b.Status != BackupStatusCreating || b.BackupType != body.BackupType {
			continue
		}
		if t, perr := time.Parse(time.RFC3339, b.CreateTime); perr == nil && t.Before(start.Add(-backupLookupSkew)) {
			continue
		}
		return &CreateBackupResponse{BackupID: b.BackupID, BackupName: b.BackupName, Adopted: true}, nil
	}
	return nil, err
}

// DescribeBackup returns one backup (GET /v2/clusters/{id}/backups/{backupId}).
// The reference documents no "backup not found" code, so callers that must
// know whether a backup is gone ask ListBackups (see BackupListed).
func (c *Client) DescribeBackup(ctx context.Context, clusterID, backupID string) (*Backup, error) {
	if err := requireID("cluster id", clusterID); err != nil {
		return nil, err
	}
	if err := requireID("backup id", backupID); err != nil {
		return nil, err
	}
	var w backupWire
	if err := c.do(ctx, c.control(http.MethodGet, "/v2/clusters/"+escape(clusterID)+"/backups/"+escape(backupID), true), &w); err != nil {
		return nil, err
	}
	b := w.backup()
	return &b, nil
}

// ListBackupsRequest filters ListBackups; empty fields do not filter.
type ListBackupsRequest struct {
	ProjectID      string
	ClusterID      string
	CreationMethod string // MANUAL or AUTO
	BackupType     string // CLUSTER or COLLECTION
}

// backupPage is one page of GET /v2/backups.
type backupPage struct {
	Count   flexInt      `json:"count"`
	Backups []backupWire `json:"backups"`
}

// maxBackupPages bounds ListBackups against a server that never stops paging.
const maxBackupPages = 1000

// ListBackups returns every backup the filters match (GET /v2/backups,
// following pages of 100; the API lists AVAILABLE and CREATING backups),
// never nil. The list keeps the server's order.
func (c *Client) ListBackups(ctx context.Context, req ListBackupsRequest) ([]Backup, error) {
	const pageSize = 100
	all := []Backup{}
	seen := map[string]bool{}
	for page := 1; page <= maxBackupPages; page++ {
		r := c.control(http.MethodGet, "/v2/backups", true)
		r.query = url.Values{}
		for k, v := range map[string]string{
			"projectId": req.ProjectID, "clusterId": req.ClusterID,
			"creationMethod": req.CreationMethod, "backupType": req.BackupType,
		} {
			if v != "" {
				r.query.Set(k, v)
			}
		}
		r.query.Set("pageSize", strconv.Itoa(pageSize))
		r.query.Set("currentPage", strconv.Itoa(page))
		var p backupPage
		if err := c.do(ctx, r, &p); err != nil {
			return nil, err
		}
		for _, w := range p.Backups {
			b := w.backup()
			// A server that ignores a filter must not hand us other clusters'
			// backups, nor backups of another kind than asked for.
			if (req.ClusterID != "" && b.ClusterID != "" && b.ClusterID != req.ClusterID) || seen[b.BackupID] {
				continue
			}
			seen[b.BackupID] = true
			if !matches(req.BackupType, b.BackupType) || !matches(req.CreationMethod, b.CreationMethod) {
				continue
			}
			all = append(all, b)
		}
		switch {
		case len(p.Backups) == 0:
			return all, nil
		case p.Count > 0 && len(seen) >= int(p.Count):
			return all, nil
		case p.Count <= 0 && len(p.Backups) < pageSize:
			return all, nil
		}
	}
	return all, nil
}

// matches is whether a listed value passes a list filter: no filter, a value
// the answer left out, or the same value.
func matches(filter, value string) bool {
	return filter == "" || value == "" || filter == value
}

// BackupListed reports whether the cluster's backup list holds backupID.
// It is how a caller proves a backup gone: describe has no documented
// not-found code, but the list shows every backup that is CREATING or
// AVAILABLE.
func (c *Client) BackupListed(ctx context.Context, clusterID, backupID string) (bool, error) {
	all, err := c.ListBackups(ctx, ListBackupsRequest{ClusterID: clusterID})
	if err != nil {
		return false, err
	}
	for _, b := range all {
		if b.BackupID == backupID {
			return true, nil
		}
	}
	return false, nil
}

// WaitBackupsIdle waits until none of the cluster's backups is CREATING:
// "Only one manual backup can be active or pending at a time" and "manual
// backups cannot start while an automatic backup is in progress"
// (docs/create-snapshot), so a create waits its turn instead of failing.
func (c *Client) WaitBackupsIdle(ctx context.Context, clusterID string, opts WaitOptions) error {
	return Wait(ctx, opts, func(ctx context.Context) (bool, int, error) {
		all, err := c.ListBackups(ctx, ListBackupsRequest{ClusterID: clusterID})
		switch {
		case IsUnavailable(err) && ctx.Err() == nil:
			return false, -1, nil
		case err != nil:
			return false, -1, err
		}
		for _, b := range all {
			if strings.EqualFold(b.Status, BackupStatusCreating) {
				return false, -1, nil
			}
		}
		return true, -1, nil
	})
}

// DeleteBackup deletes a backup (DELETE /v2/clusters/{id}/backups/{backupId}).
// A second delete cannot delete anything else, so it is retried freely.
func (c *Client) DeleteBackup(ctx context.Context, clusterID, backupID string) error {
	if err := requireID("cluster id", clusterID); err != nil {
		return err
	}
	if err := requireID("backup id", backupID); err != nil {
		return err
	}
	return c.do(ctx, c.control(http.MethodDelete, "/v2/clusters/"+escape(clusterID)+"/backups/"+escape(backupID), true), nil)
}

// WaitForBackup polls DescribeBackup until the backup is AVAILABLE and
// returns it. A FAILED backup ends the wait with an error wrapping
// ErrBackupFailed (with the job's reason when jobID is known). Unavailable
// answers do not end the wait. When ctx ends, the error names the last
// status seen.
func (c *Client) WaitForBackup(ctx context.Context, clusterID, backupID, jobID string, opts WaitOptions) (*Backup, error) {
	var last *Backup
	err := Wait(ctx, opts, func(ctx context.Context) (bool, int, error) {
		b, err := c.DescribeBackup(ctx, clusterID, backupID)
		switch {
		case IsUnavailable(err) && ctx.Err() == nil:
			return false, -1, nil
		case err != nil:
			return false, -1, err
		}
		last = b
		switch strings.ToUpper(b.Status) {
		case BackupStatusAvailable:
			return true, -1, nil
		case BackupStatusCreating, "":
			return false, -1, nil
		case BackupStatusFailed:
			return false, -1, c.backupFailure(ctx, backupID, jobID)
		}
		// Any other status (a deletion under way, inferred) will not turn AVAILABLE.
		return false, -1, fmt.Errorf("backup %s of cluster %s is %s: %w", backupID, clusterID, b.Status, ErrBackupFailed)
	})
	if err != nil && ctx.Err() != nil && !errors.Is(err, ErrBackupFailed) {
		seen := "no status seen yet"
		if last != nil {
			seen = "last status " + last.Status
		}
		return nil, fmt.Errorf("waiting for backup %s of cluster %s to become AVAILABLE (%s): %w", backupID, clusterID, seen, err)
	}
	return last, err
}

// backupFailure builds the error of a FAILED backup, with the job's reason
// when the job can be read.
func (c *Client) backupFailure(ctx context.Context, backupID, jobID string) error {
	if jobID != "" {
		if j, err := c.DescribeJob(ctx, jobID); err == nil && j.Reason != "" {
			return fmt.Errorf("backup %s: %w (job %s: %s)", backupID, ErrBackupFailed, jobID, j.Reason)
		}
	}
	return fmt.Errorf("backup %s: %w", backupID, ErrBackupFailed)
}

// Restore collection states (error 96031: "The value of 'collectionStatus'
// should be KEEP or RELEASE"; restore-cluster-backup-v2 example "KEEP").
const (
	RestoreKeep    = "KEEP"
	RestoreRelease = "RELEASE"
)

// RestoreClusterRequest is the input of RestoreClusterBackup.
type RestoreClusterRequest struct {
	ProjectID        string
	ClusterName      string
	CUSize           int
	CollectionStatus string // KEEP or RELEASE
	// RegionID is the source cluster's region, where the new cluster is made
	// ("a new dedicated cluster of the same CU type in the same cloud
	// region"); it narrows the lookup after a lost answer.
	RegionID string
}

// restoreClusterBody carries the target project under both names the docs
// use: "projectId" (restore-cluster-backup-v2) and "targetProjectId"
// (docs/restore-from-backup-files). Which one the server reads is not
// recorded (inferred: sending both is harmless and works for either).
type restoreClusterBody struct {
	ProjectID        string `json:"projectId"`
	TargetProjectID  string `json:"targetProjectId"`
	ClusterName      string `json:"clusterName"`
	CUSize           int    `json:"cuSize"`
	CollectionStatus string `json:"collectionStatus"`
}

// RestoreClusterResponse is the answer of RestoreClusterBackup: the new
// cluster and its new db_admin password ("shown only once").
type RestoreClusterResponse struct {
	ClusterID string `json:"clusterId"`
	Username  string `json:"username"`
	Password  string `json:"password"`
	JobID     string `json:"jobId"`
	// Adopted: the answer was lost and the new cluster was found by name;
	// Password is then unknown.
	Adopted bool `json:"-"`
}

// RestoreClusterBackup restores a cluster backup into a NEW dedicated
// cluster (POST /v2/clusters/{id}/backups/{backupId}/restoreCluster). Like
// CreateCluster it is not retried once it may have reached the server, and
// a lost answer is settled by looking the new cluster up by name.
func (c *Client) RestoreClusterBackup(ctx context.Context, clusterID, backupID string, req RestoreClusterRequest) (*RestoreClusterResponse, error) {
	if err := requireID("cluster id", clusterID); err != nil {
		return nil, err
	}
	if err := requireID("backup id", backupID); err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.ClusterName) == "" {
		return nil, errors.New("cluster name is empty")
	}
	start := time.Now()
	r := c.control(http.MethodPost, "/v2/clusters/"+escape(clusterID)+"/backups/"+escape(backupID)+"/restoreCluster", false)
	r.body = restoreClusterBody{
		ProjectID: req.ProjectID, TargetProjectID: req.ProjectID, ClusterName: req.ClusterName,
		CUSize: req.CUSize, CollectionStatus: req.CollectionStatus,
	}
	var out RestoreClusterResponse
	err := c.do(ctx, r, &out)
	if err == nil && out.ClusterID != "" {
		return &out, nil
	}
	if err == nil {
		err = &decodeError{Method: r.method, Path: r.path, Err: errors.New("success answer without a clusterId")}
	}
	if !answerMayBeLost(ctx, err) {
		return nil, err
	}
	found, lerr := c.findCreatedCluster(ctx, CreateClusterRequest{ClusterName: req.ClusterName, ProjectID: req.ProjectID, RegionID: req.RegionID}, start)
	if lerr != nil {
		return nil, fmt.Errorf("%w (looking the restored cluster up by name afterwards also failed: %v)", err, lerr)
	}
	if found == nil {
		return nil, err
	}
	return &RestoreClusterResponse{ClusterID: found.ClusterID, Username: "db_admin", Adopted: true}, nil
}

// Job is a control-plane job (GET /v2/jobs/{jobId}, describe-job-v2).
// Status is IN_PROGRESS, SUCCESSFUL or FAILED (the docs name the first two
// in prose and show SUCCESSFUL in the example; FAILED is inferred from
// "reason: why the job failed").
type Job struct {
	JobID     string `json:"jobId"`
	Type      string `json:"type"`
	Status    string `json:"status"`
	StartTime string `json:"startTime"`
	EndTime   string `json:"endTime"`
	Reason    string `json:"reason"`
	// Progress is 0 to 100 (the example sends it quoted, "100").
	Progress int `json:"-"`
}

type jobWire struct {
	Job
	Progress flexInt `json:"progress"`
}

// DescribeJob returns a job (GET /v2/jobs/{jobId}).
func (c *Client) DescribeJob(ctx context.Context, jobID string) (*Job, error) {
	if err := requireID("job id", jobID); err != nil {
		return nil, err
	}
	var w jobWire
	if err := c.do(ctx, c.control(http.MethodGet, "/v2/jobs/"+escape(jobID), true), &w); err != nil {
		return nil, err
	}
	j := w.Job
	j.Progress = int(w.Progress)
	return &j, nil
}

// ErrJobFailed is wrapped by WaitForJob when the job ends FAILED.
var ErrJobFailed = errors.New("job failed")

// WaitForJob polls DescribeJob until the job is no longer IN_PROGRESS and
// returns it; a FAILED job is an error wrapping ErrJobFailed with its reason.
func (c *Client) WaitForJob(ctx context.Context, jobID string, opts WaitOptions) (*Job, error) {
	var last *Job
	err := Wait(ctx, opts, func(ctx context.Context) (bool, int, error) {
		j, err := c.DescribeJob(ctx, jobID)
		switch {
		case IsUnavailable(err) && ctx.Err() == nil:
			return false, -1, nil
		case err != nil:
			return false, -1, err
		}
		last = j
		switch strings.ToUpper(j.Status) {
		case "SUCCESSFUL":
			return true, -1, nil
		case "FAILED":
			return false, -1, fmt.Errorf("job %s (%s): %w: %s", jobID, j.Type, ErrJobFailed, j.Reason)
		}
		return false, min(max(j.Progress, 0), 99), nil
	})
	return last, err
}
