package zilliz

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestCreateBackupBodies: a cluster backup sends backupType CLUSTER alone; a
// collection backup names its database and collections (create-backup-v2).
func TestCreateBackupBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  CreateBackupRequest
		want string
	}{
		{"cluster", CreateBackupRequest{}, `{"backupType":"CLUSTER"}`},
		{"collection", CreateBackupRequest{Database: "db1", Collections: []string{"articles"}},
			`{"backupType":"COLLECTION","dbCollections":[{"dbName":"db1","collectionNames":["articles"]}]}`},
		{"collection in the default database", CreateBackupRequest{Collections: []string{"a"}},
			`{"backupType":"COLLECTION","dbCollections":[{"collectionNames":["a"]}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				ok(w, map[string]any{"backupId": "backup1_abc", "backupName": "b", "jobId": "job-1"})
			})
			c := newTestClient(t, fastConfig(rec.srv.URL))
			got, err := c.CreateBackup(t.Context(), "in01-x", tc.req)
			if err != nil || got.BackupID != "backup1_abc" || got.JobID != "job-1" || got.Adopted {
				t.Fatalf("CreateBackup = %+v, %v", got, err)
			}
			r := rec.requests()[0]
			if r.Method != http.MethodPost || r.Path != "/v2/clusters/in01-x/backups/create" || string(r.Body) != tc.want {
				t.Errorf("sent %s %s %s, want POST …/backups/create %s", r.Method, r.Path, r.Body, tc.want)
			}
		})
	}
}

// TestCreateBackupAfterLostAnswer: a create whose answer is lost is never
// sent again; the CREATING manual backup the list shows is adopted, and
// when there is none the first error stands.
func TestCreateBackupAfterLostAnswer(t *testing.T) {
	t.Parallel()
	recent := time.Now().UTC().Format(time.RFC3339)
	old := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	tests := []struct {
		name    string
		listed  []map[string]any
		wantID  string
		wantErr bool
	}{
		{"the lost call made it", []map[string]any{
			{"backupId": "auto1", "creationMethod": "AUTO", "status": "CREATING", "backupType": "CLUSTER", "createTime": recent},
			{"backupId": "mine", "creationMethod": "MANUAL", "status": "CREATING", "backupType": "CLUSTER", "createTime": recent},
		}, "mine", false},
		{"only an older available one", []map[string]any{
			{"backupId": "old", "creationMethod": "MANUAL", "status": "AVAILABLE", "backupType": "CLUSTER", "createTime": old},
		}, "", true},
		{"nothing", nil, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			handle, hits := statusSequence("/v2/clusters/in01-x/backups/create", []int{-1}, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/v2/backups" || r.URL.Query().Get("clusterId") != "in01-x" {
					t.Errorf("unexpected lookup %s?%s", r.URL.Path, r.URL.RawQuery)
				}
				list := tc.listed
				if list == nil {
					list = []map[string]any{}
				}
				ok(w, map[string]any{"count": len(list), "currentPage": 1, "pageSize": 100, "backups": list})
			})
			rec := newRecorder(t, handle)
			c := newTestClient(t, fastConfig(rec.srv.URL))
			got, err := c.CreateBackup(t.Context(), "in01-x", CreateBackupRequest{})
			if hits.Load() != 1 {
				t.Errorf("create sent %d times, want 1 (a retry could start a second backup)", hits.Load())
			}
			if tc.wantErr {
				if err == nil {
					t.Fatalf("CreateBackup = %+v, want the lost answer's error", got)
				}
				return
			}
			if err != nil || got.BackupID != tc.wantID || !got.Adopted {
				t.Fatalf("CreateBackup = %+v, %v; want adopted %s", got, err, tc.wantID)
			}
		})
	}
}

// TestDescribeBackupShapes reads both collection lists the docs show:
// dbCollections (reference) and the flat collections of older examples.
func TestDescribeBackupShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		want []BackupDatabase
	}{
		{"dbCollections", `{"backupId":"b","status":"AVAILABLE","dbCollections":[{"dbName":"db1","collections":[{"collectionName":"a","status":"LOADED"}]}]}`,
			[]BackupDatabase{{Name: "db1", Collections: []BackupCollection{{Name: "a", Status: "LOADED"}}}}},
		{"flat collections", `{"backupId":"b","status":"AVAILABLE","collections":[{"collectionName":"medium_articles","description":"Sample collection","status":"LOADED"}]}`,
			[]BackupDatabase{{Name: "default", Collections: []BackupCollection{{Name: "medium_articles", Description: "Sample collection", Status: "LOADED"}}}}},
		{"none", `{"backupId":"b","status":"AVAILABLE","collections":[]}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				reply(w, 200, `{"code":0,"data":`+tc.data+`}`)
			})
			c := newTestClient(t, fastConfig(rec.srv.URL))
			b, err := c.DescribeBackup(t.Context(), "in01-x", "b")
			if err != nil || !reflect.DeepEqual(b.Databases, tc.want) {
				t.Fatalf("DescribeBackup databases = %+v, %v; want %+v", b, err, tc.want)
			}
			if p := rec.requests()[0].Path; p != "/v2/clusters/in01-x/backups/b" {
				t.Errorf("path %s", p)
			}
		})
	}
}

// TestListBackupsPagesAndFilters follows pages, sends the filters and keeps
// another cluster's backups, and backups of another kind or creation method,
// out even when the server ignores the filters.
func TestListBackupsPagesAndFilters(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		page := r.URL.Query().Get("currentPage")
		var backups []map[string]any
		switch page {
		case "1":
			for i := 0; i < 100; i++ {
				backups = append(backups, map[string]any{"backupId": "b" + string(rune('A'+i%26)) + strings.Repeat("x", i/26), "clusterId": "in01-x"})
			}
		case "2":
			backups = []map[string]any{
				{"backupId": "last", "clusterId": "in01-x", "backupType": "CLUSTER", "creationMethod": "MANUAL"},
				{"backupId": "other", "clusterId": "in01-y"},
				{"backupId": "auto", "clusterId": "in01-x", "creationMethod": "AUTO"},
				{"backupId": "coll", "clusterId": "in01-x", "backupType": "COLLECTION"},
			}
		}
		ok(w, map[string]any{"count": 104, "currentPage": page, "pageSize": 100, "backups": backups})
	})
	c := newTestClient(t, fastConfig(rec.srv.URL))
	all, err := c.ListBackups(t.Context(), ListBackupsRequest{ClusterID: "in01-x", CreationMethod: BackupManual, BackupType: BackupTypeCluster})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 101 || all[100].BackupID != "last" {
		t.Errorf("got %d backups (last %q), want 101 ending with last", len(all), all[len(all)-1].BackupID)
	}
	q := rec.requests()[0]
	if q.Path != "/v2/backups" || !strings.Contains(q.RawQuery, "clusterId=in01-x") || !strings.Contains(q.RawQuery, "creationMethod=MANUAL") || !strings.Contains(q.RawQuery, "backupType=CLUSTER") {
		t.Errorf("sent %s?%s", q.Path, q.RawQuery)
	}
	// The foreign backups keep the count from being reached: the empty page 3 ends it.
	if rec.count() != 3 {
		t.Errorf("%d list calls, want 3", rec.count())
	}
}

// TestWaitForBackup waits through CREATING to AVAILABLE, and ends with
// ErrBackupFailed (and the job's reason) when the backup fails.
func TestWaitForBackup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		statuses []string
		wantErr  error
		reason   string
	}{
		{"available after creating", []string{"CREATING", "CREATING", "AVAILABLE"}, nil, ""},
		{"failed", []string{"CREATING", "FAILED"}, ErrBackupFailed, "disk quota"},
		{"deleting", []string{"DELETING"}, ErrBackupFailed, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var polls atomic.Int32
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				if strings.HasPrefix(r.URL.Path, "/v2/jobs/") {
					ok(w, map[string]any{"jobId": "job-1", "status": "FAILED", "progress": "40", "reason": tc.reason})
					return
				}
				i := int(polls.Add(1)) - 1
				ok(w, map[string]any{"backupId": "b", "status": tc.statuses[min(i, len(tc.statuses)-1)]})
			})
			c := newTestClient(t, fastConfig(rec.srv.URL))
			b, err := c.WaitForBackup(t.Context(), "in01-x", "b", "job-1", WaitOptions{Immediate: true, MinInterval: time.Millisecond, MaxInterval: time.Millisecond})
			if tc.wantErr == nil {
				if err != nil || b.Status != BackupStatusAvailable || int(polls.Load()) != len(tc.statuses) {
					t.Fatalf("WaitForBackup = %+v, %v after %d polls", b, err, polls.Load())
				}
				return
			}
			if !errors.Is(err, tc.wantErr) || (tc.reason != "" && !strings.Contains(err.Error(), tc.reason)) {
				t.Fatalf("WaitForBackup error = %v, want %v with %q", err, tc.wantErr, tc.reason)
			}
		})
	}
}

// TestRestoreClusterBackup sends the target project under both documented
// names and returns the new cluster's password; a lost answer is settled by
// the lookup by name and never sent twice.
func TestRestoreClusterBackup(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		ok(w, map[string]any{"clusterId": "in01-new", "username": "db_admin", "password": "pw!", "jobId": "job-9"})
	})
	c := newTestClient(t, fastConfig(rec.srv.URL))
	got, err := c.RestoreClusterBackup(t.Context(), "in01-src", "backup1_x", RestoreClusterRequest{
		ProjectID: "proj-1", ClusterName: "staging", CUSize: 2, CollectionStatus: RestoreKeep,
	})
	if err != nil || got.ClusterID != "in01-new" || got.Password != "pw!" || got.JobID != "job-9" {
		t.Fatalf("RestoreClusterBackup = %+v, %v", got, err)
	}
	r := rec.requests()[0]
	var body map[string]any
	_ = json.Unmarshal(r.Body, &body)
	want := map[string]any{"projectId": "proj-1", "targetProjectId": "proj-1", "clusterName": "staging", "cuSize": float64(2), "collectionStatus": "KEEP"}
	if r.Path != "/v2/clusters/in01-src/backups/backup1_x/restoreCluster" || !reflect.DeepEqual(body, want) {
		t.Errorf("sent %s %v, want %v", r.Path, body, want)
	}

	t.Run("lost answer", func(t *testing.T) {
		t.Parallel()
		now := time.Now().UTC().Format(time.RFC3339)
		handle, hits := statusSequence("/v2/clusters/in01-src/backups/b/restoreCluster", []int{-1}, func(w http.ResponseWriter, _ *http.Request) {
			ok(w, map[string]any{"count": 1, "clusters": []any{map[string]any{
				"clusterId": "in01-restored", "clusterName": "staging", "projectId": "proj-1", "status": "RESTORING", "createTime": now,
			}}})
		})
		rec := newRecorder(t, handle)
		c := newTestClient(t, fastConfig(rec.srv.URL))
		got, err := c.RestoreClusterBackup(t.Context(), "in01-src", "b", RestoreClusterRequest{ProjectID: "proj-1", ClusterName: "staging", CUSize: 1})
		if err != nil || got.ClusterID != "in01-restored" || !got.Adopted || got.Password != "" || hits.Load() != 1 {
			t.Fatalf("RestoreClusterBackup = %+v, %v (sent %d times)", got, err, hits.Load())
		}
	})
}

// TestBackupPolicy: frequency travels as "1,2,5", a disabled policy's nulls
// read as empty, and turning it off sends {"enabled":false} alone.
func TestBackupPolicy(t *testing.T) {
	t.Parallel()
	var answer atomic.Value
	answer.Store(`{"clusterId":"in01-x","status":"ENABLED","startTime":"02:00-04:00","frequency":"5,1, 2","retentionDays":7}`)
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.Method == http.MethodGet {
			reply(w, 200, `{"code":0,"data":`+answer.Load().(string)+`}`)
			return
		}
		ok(w, map[string]any{"clusterId": "in01-x", "status": "ENABLED"})
	})
	c := newTestClient(t, fastConfig(rec.srv.URL))
	p, err := c.GetBackupPolicy(t.Context(), "in01-x")
	if err != nil || !p.Enabled() || !reflect.DeepEqual(p.Days, []int{1, 2, 5}) || p.StartTime != "02:00-04:00" || p.RetentionDays != 7 {
		t.Fatalf("GetBackupPolicy = %+v, %v", p, err)
	}
	answer.Store(`{"clusterId":"in01-x","status":"DISABLED","startTime":null,"frequency":null,"retentionDays":0}`)
	p, err = c.GetBackupPolicy(t.Context(), "in01-x")
	if err != nil || p.Enabled() || p.Days != nil || p.StartTime != "" {
		t.Fatalf("disabled GetBackupPolicy = %+v, %v", p, err)
	}
	if err := c.SetBackupPolicy(t.Context(), "in01-x", SetBackupPolicyRequest{Enabled: true, Days: []int{5, 1, 1}, StartTime: "02:00-04:00", RetentionDays: 7}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetBackupPolicy(t.Context(), "in01-x", SetBackupPolicyRequest{Days: []int{1}}); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if got := string(reqs[2].Body); got != `{"frequency":"1,5","startTime":"02:00-04:00","retentionDays":7,"enabled":true}` {
		t.Errorf("set body %s", got)
	}
	if got := string(reqs[3].Body); got != `{"enabled":false}` {
		t.Errorf("off body %s, want {\"enabled\":false}", got)
	}
}

// TestModifyClusterAutoscaling sends the whole autoscaling object in one call,
// and describe's autoscaling reads as on only with both bounds of a range.
func TestModifyClusterAutoscaling(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.Method == http.MethodGet {
			reply(w, 200, `{"code":0,"data":{"clusterId":"in01-x","cuSize":4,"replica":2,"autoscaling":{"cu":{"min":2,"max":8},"replica":{}}}}`)
			return
		}
		ok(w, map[string]any{"clusterId": "in01-x"})
	})
	c := newTestClient(t, fastConfig(rec.srv.URL))
	two, eight, one, three := 2, 8, 1, 3
	if err := c.ModifyClusterAutoscaling(t.Context(), "in01-x", Autoscaling{
		CU: &AutoscalingRange{Min: &two, Max: &eight}, Replica: &AutoscalingRange{Min: &one, Max: &three},
	}); err != nil {
		t.Fatal(err)
	}
	if got := string(rec.requests()[0].Body); got != `{"autoscaling":{"cu":{"min":2,"max":8},"replica":{"min":1,"max":3}}}` {
		t.Errorf("modify body %s", got)
	}
	cl, err := c.DescribeCluster(t.Context(), "in01-x")
	if err != nil || !cl.Autoscaling.Enabled() || !cl.Autoscaling.CU.Set() || cl.Autoscaling.Replica.Set() {
		t.Fatalf("describe autoscaling = %+v, %v", cl.Autoscaling, err)
	}
	for _, a := range []*Autoscaling{nil, {}, {CU: &AutoscalingRange{}}, {CU: &AutoscalingRange{Min: &two}}} {
		if a.Enabled() {
			t.Errorf("%+v reads as enabled", a)
		}
	}
}

func TestDescribeJobProgress(t *testing.T) {
	t.Parallel()
	for _, progress := range []string{`"100"`, `100`} {
		rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
			reply(w, 200, `{"code":0,"data":{"jobId":"job-1","type":"BACKUP","status":"SUCCESSFUL","progress":`+progress+`,"reason":""}}`)
		})
		c := newTestClient(t, fastConfig(rec.srv.URL))
		j, err := c.DescribeJob(t.Context(), "job-1")
		if err != nil || j.Progress != 100 || j.Status != "SUCCESSFUL" {
			t.Errorf("progress %s: DescribeJob = %+v, %v", progress, j, err)
		}
	}
}

// TestWaitForJob waits through IN_PROGRESS; a FAILED job is ErrJobFailed with its reason.
func TestWaitForJob(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		statuses []string
		wantErr  bool
	}{
		{"successful", []string{"IN_PROGRESS", "IN_PROGRESS", "SUCCESSFUL"}, false},
		{"failed", []string{"IN_PROGRESS", "FAILED"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var polls atomic.Int32
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				i := int(polls.Add(1)) - 1
				ok(w, map[string]any{"jobId": "job-1", "type": "RESTORE_CLUSTER", "status": tc.statuses[min(i, len(tc.statuses)-1)], "progress": "50", "reason": "no capacity"})
			})
			c := newTestClient(t, fastConfig(rec.srv.URL))
			j, err := c.WaitForJob(t.Context(), "job-1", WaitOptions{Immediate: true, MinInterval: time.Millisecond, MaxInterval: time.Millisecond})
			if tc.wantErr {
				if !errors.Is(err, ErrJobFailed) || !strings.Contains(err.Error(), "no capacity") {
					t.Fatalf("WaitForJob error = %v, want ErrJobFailed with the reason", err)
				}
				return
			}
			if err != nil || j.Status != "SUCCESSFUL" || int(polls.Load()) != len(tc.statuses) {
				t.Fatalf("WaitForJob = %+v, %v after %d polls", j, err, polls.Load())
			}
		})
	}
}
