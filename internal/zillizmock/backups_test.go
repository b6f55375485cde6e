package zillizmock

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// capacityServer is a mock on a manual clock: every phase moves only when
// the test advances it.
func capacityServer(t *testing.T) (*Server, *ManualClock) {
	t.Helper()
	clock := NewManualClock(time.Time{})
	s := newTestServer(t, func(o *Options) {
		o.Clock = clock
		o.CreateDuration = time.Minute
		o.ModifyDuration = time.Minute
		o.BackupDuration = 10 * time.Minute
		o.RestoreDuration = 20 * time.Minute
	})
	return s, clock
}

// runningOn creates a cluster by route and steps the clock until it runs.
func runningOn(t *testing.T, s *Server, clock *ManualClock, route string, body map[string]any) string {
	t.Helper()
	c := createCluster(t, s, route, body)
	clock.Advance(time.Minute)
	if got, _ := s.Cluster(c.ClusterID); got.Status != StatusRunning {
		t.Fatalf("cluster %s is %s after its create phase", c.ClusterID, got.Status)
	}
	return c.ClusterID
}

// withCollection creates a quick-setup collection on the cluster and inserts rows.
func withCollection(t *testing.T, s *Server, id, db, name string, rows int64) {
	t.Helper()
	ep, _ := s.Cluster(id)
	r := call(t, http.MethodPost, ep.ConnectAddress+"/v2/vectordb/collections/create", s.APIKey(),
		map[string]any{"dbName": db, "collectionName": name, "dimension": 4})
	wantCode(t, r, http.StatusOK, 0)
	if err := s.InsertRows(id, db, name, rows); err != nil {
		t.Fatal(err)
	}
}

func TestBackupLifecycle(t *testing.T) {
	t.Parallel()
	s, clock := capacityServer(t)
	id := runningOn(t, s, clock, "createDedicated", dedicatedBody(s, "bk-life"))
	withCollection(t, s, id, "default", "articles", 42)

	r := ctl(t, s, http.MethodPost, "/v2/clusters/"+id+"/backups/create", map[string]any{"backupType": "CLUSTER"})
	wantCode(t, r, http.StatusOK, 0)
	created := dataMap(t, r)
	bid := as[string](t, created["backupId"])
	if !strings.HasPrefix(bid, "backup") || !strings.HasPrefix(as[string](t, created["jobId"]), "job-") || created["backupName"] != "bk-life_backup1" {
		t.Errorf("create answer %v", created)
	}
	desc := dataMap(t, ctl(t, s, http.MethodGet, "/v2/clusters/"+id+"/backups/"+bid, nil))
	if desc["status"] != BackupCreating || desc["creationMethod"] != "MANUAL" || desc["backupType"] != "CLUSTER" {
		t.Errorf("describe while creating %v", desc)
	}
	// "Only one manual backup can be active or pending at a time."
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+id+"/backups/create", map[string]any{"backupType": "CLUSTER"}), http.StatusOK, codeBackupFailed)
	// A backup still being made cannot be deleted (inferred).
	wantCode(t, ctl(t, s, http.MethodDelete, "/v2/clusters/"+id+"/backups/"+bid, nil), http.StatusOK, codeClusterStateInvalid)

	clock.Advance(10 * time.Minute)
	desc = dataMap(t, ctl(t, s, http.MethodGet, "/v2/clusters/"+id+"/backups/"+bid, nil))
	dbs := as[[]any](t, desc["dbCollections"])
	coll := as[map[string]any](t, as[[]any](t, as[map[string]any](t, dbs[0])["collections"])[0])
	if desc["status"] != BackupAvailable || coll["collectionName"] != "articles" || coll["status"] != "LOADED" {
		t.Errorf("describe when done %v", desc)
	}
	list := dataMap(t, ctl(t, s, http.MethodGet, "/v2/backups?clusterId="+id, nil))
	if list["count"] != float64(1) || as[map[string]any](t, as[[]any](t, list["backups"])[0])["backupId"] != bid {
		t.Errorf("list %v", list)
	}
	// A collection backup of a collection that is not there; a bad type.
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+id+"/backups/create", map[string]any{
		"backupType": "COLLECTION", "dbCollections": []any{map[string]any{"collectionNames": []string{"nope"}}}}), http.StatusOK, codeBackupFailed)
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+id+"/backups/create", map[string]any{"backupType": "DISK"}), http.StatusOK, codeInvalidBackupType)

	wantCode(t, ctl(t, s, http.MethodDelete, "/v2/clusters/"+id+"/backups/"+bid, nil), http.StatusOK, 0)
	wantCode(t, ctl(t, s, http.MethodGet, "/v2/clusters/"+id+"/backups/"+bid, nil), http.StatusOK, codeBadParameter)
	if got := s.Backups(id); len(got) != 0 {
		t.Errorf("backups after delete: %v", got)
	}
	wantCode(t, ctl(t, s, http.MethodGet, "/v2/jobs/job-unknown", nil), http.StatusOK, codeJobNotFound)
}

// TestBackupsRefusedOnFreeAndServerless: "This feature is available only to
// Dedicated clusters" (96021 / 96022).
func TestBackupsRefusedOnFreeAndServerless(t *testing.T) {
	t.Parallel()
	s, clock := capacityServer(t)
	for route, code := range map[string]int{"createFree": codeFreeUnsupported, "createServerless": codeServerlessUnsupported} {
		id := runningOn(t, s, clock, route, serverlessBody(s, "bk-"+strings.ToLower(route)))
		wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+id+"/backups/create", map[string]any{"backupType": "CLUSTER"}), http.StatusOK, code)
		wantCode(t, ctl(t, s, http.MethodGet, "/v2/clusters/"+id+"/backups/policy", nil), http.StatusOK, code)
		wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+id+"/modify", map[string]any{"autoscaling": map[string]any{"cu": map[string]any{"min": 1, "max": 2}}}), http.StatusOK, code)
	}
}

// TestBackupsOutliveTheirCluster: manual backups are kept when the cluster
// is dropped, automatic ones go with it.
func TestBackupsOutliveTheirCluster(t *testing.T) {
	t.Parallel()
	s, clock := capacityServer(t)
	id := runningOn(t, s, clock, "createDedicated", dedicatedBody(s, "bk-drop"))
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+id+"/backups/policy", map[string]any{
		"frequency": "1,2,3", "startTime": "02:00-04:00", "retentionDays": 7, "enabled": true}), http.StatusOK, 0)
	auto := s.Backups(id)
	if len(auto) != 1 || auto[0].CreationMethod != "AUTO" || auto[0].Status != BackupCreating {
		t.Fatalf("enabling the policy made %v, want one AUTO backup in progress", auto)
	}
	// "Manual backups cannot start while an automatic backup is in progress."
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+id+"/backups/create", map[string]any{"backupType": "CLUSTER"}), http.StatusOK, codeBackupFailed)
	clock.Advance(10 * time.Minute)
	manual := dataMap(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+id+"/backups/create", map[string]any{"backupType": "CLUSTER"}))
	clock.Advance(10 * time.Minute)
	wantCode(t, ctl(t, s, http.MethodDelete, "/v2/clusters/"+id+"/drop", nil), http.StatusOK, 0)
	clock.Advance(time.Hour)
	left := s.Backups("")
	if len(left) != 1 || left[0].ID != manual["backupId"] {
		t.Fatalf("after the drop: %v, want only the manual backup %v", left, manual["backupId"])
	}
	d := dataMap(t, ctl(t, s, http.MethodGet, "/v2/clusters/"+id+"/backups/"+left[0].ID, nil))
	if d["status"] != BackupAvailable {
		t.Errorf("describe of the kept backup %v", d)
	}
}

func TestRestoreCluster(t *testing.T) {
	t.Parallel()
	s, clock := capacityServer(t)
	src := runningOn(t, s, clock, "createDedicated", dedicatedBody(s, "bk-src"))
	withCollection(t, s, src, "default", "articles", 1000)
	wantCode(t, call(t, http.MethodPost, endpoint(s, src)+"/v2/vectordb/databases/create", s.APIKey(), map[string]any{"dbName": "shop"}), http.StatusOK, 0)
	withCollection(t, s, src, "shop", "items", 7)
	bid := as[string](t, dataMap(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+src+"/backups/create", map[string]any{"backupType": "CLUSTER"}))["backupId"])
	body := map[string]any{"projectId": s.ProjectID(), "clusterName": "bk-restored", "cuSize": 2, "collectionStatus": "KEEP"}
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+src+"/backups/"+bid+"/restoreCluster", body), http.StatusOK, codeRestoreFailed) // still CREATING
	clock.Advance(10 * time.Minute)

	bad := map[string]any{"targetProjectId": s.ProjectID(), "clusterName": "bk-x", "cuSize": 1, "collectionStatus": "LOADED"}
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+src+"/backups/"+bid+"/restoreCluster", bad), http.StatusOK, codeInvalidRestoreStatus)

	r := ctl(t, s, http.MethodPost, "/v2/clusters/"+src+"/backups/"+bid+"/restoreCluster", body)
	wantCode(t, r, http.StatusOK, 0)
	got := dataMap(t, r)
	newID := as[string](t, got["clusterId"])
	srcSnap, _ := s.Cluster(src)
	if newID == src || got["username"] != "db_admin" || got["password"] == srcSnap.Password || got["password"] == "" || !strings.HasPrefix(as[string](t, got["jobId"]), "job-") {
		t.Errorf("restore answer %v", got)
	}
	d, _ := describe(t, s, newID)
	if d.Status != statusRestoring || d.CUSize != 2 || d.ClusterName != "bk-restored" {
		t.Errorf("restored cluster while restoring: %+v", d)
	}
	// The endpoint does not serve while RESTORING.
	wantCode(t, call(t, http.MethodPost, endpoint(s, newID)+"/v2/vectordb/collections/list", s.APIKey(), map[string]any{}), http.StatusServiceUnavailable, http.StatusServiceUnavailable)
	job := dataMap(t, ctl(t, s, http.MethodGet, "/v2/jobs/"+as[string](t, got["jobId"]), nil))
	if job["status"] != "IN_PROGRESS" {
		t.Errorf("restore job %v", job)
	}
	clock.Advance(20 * time.Minute)
	if d, _ := describe(t, s, newID); d.Status != StatusRunning {
		t.Fatalf("restored cluster is %s", d.Status)
	}
	for db, want := range map[string]struct {
		name string
		rows int64
	}{"default": {"articles", 1000}, "shop": {"items", 7}} {
		info, err := s.Collection(newID, db, want.name)
		if err != nil || info.Rows != want.rows || info.LoadState != loadStateLoaded {
			t.Errorf("restored %s.%s: %+v, %v; want %d rows, loaded (KEEP)", db, want.name, info, err, want.rows)
		}
	}
	// The new cluster's own credentials work on its endpoint.
	wantCode(t, call(t, http.MethodPost, endpoint(s, newID)+"/v2/vectordb/collections/list", "db_admin:"+as[string](t, got["password"]), map[string]any{}), http.StatusOK, 0)
	if job := dataMap(t, ctl(t, s, http.MethodGet, "/v2/jobs/"+as[string](t, got["jobId"]), nil)); job["status"] != "SUCCESSFUL" || job["progress"] != "100" {
		t.Errorf("restore job when done %v", job)
	}

	// RELEASE restores every collection unloaded.
	body["clusterName"], body["collectionStatus"] = "bk-released", "RELEASE"
	rel := as[string](t, dataMap(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+src+"/backups/"+bid+"/restoreCluster", body))["clusterId"])
	clock.Advance(20 * time.Minute)
	if info, err := s.Collection(rel, "default", "articles"); err != nil || info.LoadState != loadStateNotLoad || info.Rows != 1000 {
		t.Errorf("RELEASE restore: %+v, %v", info, err)
	}
	// A collection backup cannot make a new cluster.
	cb := as[string](t, dataMap(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+src+"/backups/create", map[string]any{
		"backupType": "COLLECTION", "dbCollections": []any{map[string]any{"dbName": "shop", "collectionNames": []string{"items"}}}}))["backupId"])
	clock.Advance(10 * time.Minute)
	if b := s.Backups(src); len(b) != 2 || len(b[1].Collections) != 1 || b[1].Collections["shop.items"] != 7 {
		t.Errorf("collection backup holds %v", b)
	}
	body["clusterName"] = "bk-from-coll"
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+src+"/backups/"+cb+"/restoreCluster", body), http.StatusOK, codeRestoreFailed)
}

// TestBackupFailureInjected: a failed backup ends FAILED, is not listed and
// its job carries the reason.
func TestBackupFailureInjected(t *testing.T) {
	t.Parallel()
	s, clock := capacityServer(t)
	id := runningOn(t, s, clock, "createDedicated", dedicatedBody(s, "bk-fail"))
	s.SetBackupFailure("storage quota exceeded")
	created := dataMap(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+id+"/backups/create", map[string]any{"backupType": "CLUSTER"}))
	clock.Advance(10 * time.Minute)
	d := dataMap(t, ctl(t, s, http.MethodGet, "/v2/clusters/"+id+"/backups/"+as[string](t, created["backupId"]), nil))
	job := dataMap(t, ctl(t, s, http.MethodGet, "/v2/jobs/"+as[string](t, created["jobId"]), nil))
	list := dataMap(t, ctl(t, s, http.MethodGet, "/v2/backups?clusterId="+id, nil))
	if d["status"] != BackupFailed || job["status"] != "FAILED" || job["reason"] != "storage quota exceeded" || list["count"] != float64(0) {
		t.Errorf("describe %v, job %v, list %v", d, job, list)
	}
	s.SetBackupFailure("")
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+id+"/backups/create", map[string]any{"backupType": "CLUSTER"}), http.StatusOK, 0)
}

func TestBackupPolicyAPI(t *testing.T) {
	t.Parallel()
	s, clock := capacityServer(t)
	id := runningOn(t, s, clock, "createDedicated", dedicatedBody(s, "bk-policy"))
	r := ctl(t, s, http.MethodGet, "/v2/clusters/"+id+"/backups/policy", nil)
	if got := string(r.Data); got != `{"clusterId":"`+id+`","status":"DISABLED","startTime":null,"frequency":null,"retentionDays":0}` {
		t.Errorf("disabled policy %s", got)
	}
	for _, tc := range []struct {
		body map[string]any
		code int
	}{
		{map[string]any{"frequency": "1,8", "startTime": "02:00-04:00", "retentionDays": 7, "enabled": true}, codeInvalidFrequency},
		{map[string]any{"frequency": "1", "startTime": "02:00-03:00", "retentionDays": 7, "enabled": true}, codeInvalidStartTime},
		{map[string]any{"frequency": "1", "startTime": "23:00-01:00", "retentionDays": 31, "enabled": true}, codeInvalidRetention},
		{map[string]any{"frequency": "1"}, codeBadParameter},
	} {
		wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+id+"/backups/policy", tc.body), http.StatusOK, tc.code)
	}
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+id+"/backups/policy", map[string]any{
		"frequency": "1,2,5", "startTime": "23:00-01:00", "retentionDays": 3, "enabled": true}), http.StatusOK, 0)
	p := dataMap(t, ctl(t, s, http.MethodGet, "/v2/clusters/"+id+"/backups/policy", nil))
	if p["status"] != "ENABLED" || p["frequency"] != "1,2,5" || p["startTime"] != "23:00-01:00" || p["retentionDays"] != float64(3) {
		t.Errorf("enabled policy %v", p)
	}
	// Automatic backups expire after their retention.
	clock.Advance(3*24*time.Hour + time.Minute)
	if b := s.Backups(id); len(b) != 0 {
		t.Errorf("automatic backups after their retention: %v", b)
	}
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+id+"/backups/policy", map[string]any{"enabled": false}), http.StatusOK, 0)
	if got := s.BackupPolicy(id); got.Enabled {
		t.Errorf("policy after turning it off: %+v", got)
	}
}

func TestAutoscaling(t *testing.T) {
	t.Parallel()
	s, clock := capacityServer(t)
	body := dedicatedBody(s, "as-main")
	body["plan"], body["cuSize"] = "Enterprise", 4
	id := runningOn(t, s, clock, "createDedicated", body)
	modify := func(b map[string]any) apiResp {
		return ctl(t, s, http.MethodPost, "/v2/clusters/"+id+"/modify", b)
	}
	as := func(cuMin, cuMax, repMin, repMax int) map[string]any {
		a := map[string]any{"cu": map[string]any{"min": cuMin, "max": cuMax}}
		if repMax > 0 {
			a["replica"] = map[string]any{"min": repMin, "max": repMax}
		}
		return map[string]any{"autoscaling": a}
	}
	wantCode(t, modify(as(8, 2, 0, 0)), http.StatusOK, codeBadParameter)                                                            // min above max
	wantCode(t, modify(as(2, 512, 1, 4)), http.StatusOK, codeNoClusterClass)                                                        // 512 × 4 > 1024
	wantCode(t, modify(map[string]any{"cuSize": 2, "autoscaling": as(1, 2, 0, 0)["autoscaling"]}), http.StatusOK, codeBadParameter) // both at once

	wantCode(t, modify(as(8, 16, 1, 3)), http.StatusOK, 0)
	if d, _ := describe(t, s, id); d.Status != StatusModifying || d.CUSize != 4 {
		t.Errorf("right after the modify: %+v", d)
	}
	clock.Advance(time.Minute)
	d := dataMap(t, ctl(t, s, http.MethodGet, "/v2/clusters/"+id, nil))
	a := d["autoscaling"].(map[string]any)
	if d["cuSize"] != float64(8) || d["replica"] != float64(1) || a["cu"].(map[string]any)["max"] != float64(16) || a["replica"].(map[string]any)["min"] != float64(1) {
		t.Errorf("describe with autoscaling %v", d)
	}
	// A fixed size while autoscaling.cu is on is refused.
	wantCode(t, modify(map[string]any{"cuSize": 4}), http.StatusOK, codeBadParameter)
	wantCode(t, modify(map[string]any{"replica": 2}), http.StatusOK, codeBadParameter)
	// The autoscaler acts within the bounds only.
	if err := s.Autoscale(id, 12, 2); err != nil {
		t.Fatal(err)
	}
	if err := s.Autoscale(id, 32, 0); err == nil {
		t.Error("Autoscale outside the range was accepted")
	}
	if snap, _ := s.Cluster(id); snap.CUSize != 12 || snap.Replica != 2 || snap.Status != StatusRunning {
		t.Errorf("after the autoscaler: %+v", snap)
	}
	// Off again: {} replaces the whole object; a fixed size works again.
	wantCode(t, modify(map[string]any{"autoscaling": map[string]any{}}), http.StatusOK, 0)
	if _, on := s.Autoscaling(id); on {
		t.Error("autoscaling still on after {}")
	}
	if raw := ctl(t, s, http.MethodGet, "/v2/clusters/"+id, nil); strings.Contains(string(raw.Data), "autoscaling") {
		t.Errorf("describe without autoscaling still shows it: %s", raw.Data)
	}
	wantCode(t, modify(map[string]any{"cuSize": 4}), http.StatusOK, 0)
}
