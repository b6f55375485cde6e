package zillizmock

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// recordedBody loads testdata/recorded/<name>.json (copied from the shared
// recordings of the real API) and returns its HTTP status and body.
func recordedBody(t *testing.T, name string) (int, map[string]any) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "recorded", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		HTTPStatus int            `json:"http_status"`
		Body       map[string]any `json:"body"`
	}
	if err := json.Unmarshal(raw, &rec); err != nil {
		t.Fatal(err)
	}
	return rec.HTTPStatus, rec.Body
}

func recordedData(t *testing.T, name string) map[string]any {
	t.Helper()
	_, body := recordedBody(t, name)
	return as[map[string]any](t, body["data"])
}

// as asserts v's type, failing the test instead of panicking.
func as[T any](t *testing.T, v any) T {
	t.Helper()
	x, ok := v.(T)
	if !ok {
		t.Fatalf("%v (%T) is not a %T", v, v, x)
	}
	return x
}

func keysOf(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}

func dataMap(t *testing.T, r apiResp) map[string]any {
	t.Helper()
	return decodeData[map[string]any](t, r)
}

func TestCreateVariants(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	for _, tc := range []struct {
		route, recordedCreate, recordedDescribe string
		body                                    func(name string) map[string]any
		prefix, plan, cuType                    string
		cuSize, replica                         int
		dedicatedUser                           bool
	}{
		{"createDedicated", "Cluster__CreateCluster", "Cluster__DescribeCluster",
			func(n string) map[string]any { return dedicatedBody(s, n) }, "in01-", "Standard", "Performance-optimized", 1, 1, true},
		{"create", "Cluster__CreateCluster", "Cluster__DescribeCluster",
			func(n string) map[string]any { return dedicatedBody(s, n) }, "in01-", "Standard", "Performance-optimized", 1, 1, true},
		{"createServerless", "ServerlessCluster__create_serverless_cluster", "ServerlessCluster__DescribeCluster",
			func(n string) map[string]any { return serverlessBody(s, n) }, "in05-", "Serverless", "", 0, 0, false},
		{"createFree", "FreeCluster__create_free_cluster", "FreeCluster__DescribeCluster",
			func(n string) map[string]any { return serverlessBody(s, n) }, "in03-", "Serverless", "", 0, 0, false},
	} {
		t.Run(tc.route, func(t *testing.T) {
			t.Parallel()
			r := ctl(t, s, http.MethodPost, "/v2/clusters/"+tc.route, tc.body("variant-"+strings.ToLower(tc.route)))
			wantCode(t, r, http.StatusOK, 0)
			got := dataMap(t, r)
			rec := recordedData(t, tc.recordedCreate)
			if !slices.Equal(keysOf(got), keysOf(rec)) {
				t.Errorf("create data keys %v, recorded %v", keysOf(got), keysOf(rec))
			}
			if got["prompt"] != rec["prompt"] {
				t.Errorf("prompt %q, recorded %q", got["prompt"], rec["prompt"])
			}
			id := as[string](t, got["clusterId"])
			hex := strings.TrimPrefix(id, tc.prefix)
			if !strings.HasPrefix(id, tc.prefix) || len(hex) != 15 || strings.Trim(hex, "0123456789abcdef") != "" {
				t.Errorf("clusterId %q, want %s + 15 lowercase hex", id, tc.prefix)
			}
			wantUser := "db_admin"
			if !tc.dedicatedUser {
				wantUser = "db_" + hex
			}
			if got["username"] != wantUser {
				t.Errorf("username %q, want %q", got["username"], wantUser)
			}
			pw := as[string](t, got["password"])
			if len(pw) != 16 || !strings.ContainsAny(pw, pwSymbol) || !strings.ContainsAny(pw, pwDigit) {
				t.Errorf("password %q: want 16 characters with symbols and digits", pw)
			}

			d := waitRunning(t, s, id)
			_, raw := describe(t, s, id)
			desc := dataMap(t, raw)
			recDesc := recordedData(t, tc.recordedDescribe)
			// Exactly the recorded fields: the real answers carry no replica and no labels.
			if !slices.Equal(keysOf(desc), keysOf(recDesc)) {
				t.Errorf("describe keys %v, want the recorded %v", keysOf(desc), keysOf(recDesc))
			}
			snap, _ := s.Cluster(id)
			if d.Plan != tc.plan || d.CUType != tc.cuType || d.CUSize != tc.cuSize || snap.Replica != tc.replica {
				t.Errorf("plan %q cuType %q cuSize %d replica %d, want %q %q %d %d", d.Plan, d.CUType, d.CUSize, snap.Replica, tc.plan, tc.cuType, tc.cuSize, tc.replica)
			}
			if d.CreateProgress != 100 || d.ProjectID != s.ProjectID() || d.RegionID != "gcp-us-west1" || d.PrivateLinkAddress != "" {
				t.Errorf("describe %+v", d)
			}
			if _, err := time.Parse(time.RFC3339, d.CreateTime); err != nil || !strings.HasSuffix(d.CreateTime, "Z") || strings.Contains(d.CreateTime, ".") {
				t.Errorf("createTime %q, want RFC 3339 UTC seconds", d.CreateTime)
			}
			if !strings.HasPrefix(d.ConnectAddress, "http://127.0.0.1:") {
				t.Errorf("connectAddress %q", d.ConnectAddress)
			}
		})
	}
}

func TestCreateProgressRises(t *testing.T) {
	t.Parallel()
	clock := NewManualClock(time.Time{})
	const phase = 10 * time.Second
	s := newTestServer(t, func(o *Options) { o.CreateDuration = phase; o.Clock = clock })
	c := createCluster(t, s, "createDedicated", dedicatedBody(s, "progress"))
	// The mock's clock alone moves the phase: ten steps of a tenth each.
	last := -1
	for step := 0; step < 10; step++ {
		d, _ := describe(t, s, c.ClusterID)
		if d.Status != StatusCreating || d.CreateProgress >= 100 || d.CreateProgress <= last {
			t.Fatalf("step %d: status %s progress %d after %d", step, d.Status, d.CreateProgress, last)
		}
		last = d.CreateProgress
		clock.Advance(phase / 10)
	}
	d, _ := describe(t, s, c.ClusterID)
	if d.Status != StatusRunning || d.CreateProgress != 100 {
		t.Fatalf("after the whole phase: status %s progress %d, want RUNNING 100", d.Status, d.CreateProgress)
	}
}

func TestLifecycle(t *testing.T) {
	t.Parallel()
	// Each phase moves only with the mock's clock: a status "right after" a
	// call is read before the clock moves, however slow the machine.
	const phase = 250 * time.Millisecond
	s, clock := manualServer(t, func(o *Options) {
		o.ModifyDuration, o.SuspendDuration, o.ResumeDuration, o.DeleteDuration = phase, phase, phase, phase
		o.DescribeReplicaAndLabels = true // the newer docs' answer, so replica can be checked
	})
	body := dedicatedBody(s, "lifecycle")
	body["plan"] = "Enterprise"
	c := createCluster(t, s, "createDedicated", body)
	clock.Advance(s.opts.CreateDuration)
	if d, _ := describe(t, s, c.ClusterID); d.Status != StatusRunning {
		t.Fatalf("status %s after CreateDuration, want RUNNING", d.Status)
	}
	base := "/v2/clusters/" + c.ClusterID

	steps := []struct {
		name, method, path string
		body               any
		during, after      string
		check              func(d describeDataNewer) bool
	}{
		{"modify cuSize", http.MethodPost, "/modify", map[string]any{"cuSize": 2}, StatusModifying, StatusRunning,
			func(d describeDataNewer) bool { return d.CUSize == 2 }},
		{"modify replica", http.MethodPost, "/modify", map[string]any{"replica": 2}, StatusModifying, StatusRunning,
			func(d describeDataNewer) bool { return d.Replica == 2 && d.CUSize == 2 }},
		{"modifyReplica", http.MethodPost, "/modifyReplica", map[string]any{"replica": 3}, StatusModifying, StatusRunning,
			func(d describeDataNewer) bool { return d.Replica == 3 }},
		{"suspend", http.MethodPost, "/suspend", nil, StatusSuspending, StatusSuspended, nil},
		{"resume", http.MethodPost, "/resume", nil, StatusResuming, StatusRunning, nil},
	}
	for _, st := range steps {
		before, _ := describe(t, s, c.ClusterID)
		r := ctl(t, s, st.method, base+st.path, st.body)
		wantCode(t, r, http.StatusOK, 0)
		m := dataMap(t, r)
		if m["clusterId"] != c.ClusterID || m["prompt"] == "" || len(m) != 2 {
			t.Errorf("%s: data %v, want {clusterId, prompt}", st.name, m)
		}
		d, _ := describe(t, s, c.ClusterID)
		if d.Status != st.during {
			t.Fatalf("%s: status %s right after, want %s", st.name, d.Status, st.during)
		}
		if d.CUSize != before.CUSize || d.Replica != before.Replica {
			t.Errorf("%s: size changed before the phase ended", st.name)
		}
		clock.Advance(phase - time.Nanosecond)
		if d, _ := describe(t, s, c.ClusterID); d.Status != st.during {
			t.Fatalf("%s: status %s just before the phase ends, want %s", st.name, d.Status, st.during)
		}
		clock.Advance(time.Nanosecond)
		d, _ = describe(t, s, c.ClusterID)
		if d.Status != st.after {
			t.Fatalf("%s: status %s once the phase ended, want %s", st.name, d.Status, st.after)
		}
		if st.check != nil && !st.check(d) {
			t.Errorf("%s: after %+v", st.name, d)
		}
	}

	r := ctl(t, s, http.MethodDelete, base+"/drop", nil)
	wantCode(t, r, http.StatusOK, 0)
	m := dataMap(t, r)
	if !reflect.DeepEqual(keysOf(m), keysOf(recordedData(t, "Cluster__DeleteCluster"))) || m["prompt"] != recordedData(t, "Cluster__DeleteCluster")["prompt"] {
		t.Errorf("drop data %v", m)
	}
	d, _ := describe(t, s, c.ClusterID)
	if d.Status != StatusDeleted {
		t.Fatalf("status %q right after drop, want DELETED", d.Status)
	}
	list := decodeData[listData](t, ctl(t, s, http.MethodGet, "/v2/clusters", nil))
	if list.Count != 0 || len(list.Clusters) != 0 {
		t.Errorf("a DELETED cluster is listed: %+v", list)
	}
	wantCode(t, ctl(t, s, http.MethodDelete, base+"/drop", nil), http.StatusOK, codeClusterNotFound)
	clock.Advance(phase - time.Nanosecond)
	if d, _ := describe(t, s, c.ClusterID); d.Status != StatusDeleted {
		t.Fatalf("status %q just before DeleteDuration ends, want DELETED", d.Status)
	}
	clock.Advance(time.Nanosecond)
	_, r = describe(t, s, c.ClusterID)
	if r.Code != codeClusterNotFound || r.Message != msgClusterNotFound || r.HTTP != http.StatusOK {
		t.Errorf("after DeleteDuration: %s, want the not-found answer", r.Raw)
	}
	if _, ok := s.Cluster(c.ClusterID); ok {
		t.Error("Cluster() still finds a gone cluster")
	}
}

func TestListPaging(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	var ids []string
	for i := range 5 {
		ids = append(ids, createCluster(t, s, "createServerless", serverlessBody(s, fmt.Sprintf("page-%d", i))).ClusterID)
	}
	for _, tc := range []struct {
		query             string
		page, size, count int
		want              []string
	}{
		{"", 1, 10, 5, ids},
		{"?pageSize=2", 1, 2, 5, ids[0:2]},
		{"?pageSize=2&currentPage=2", 2, 2, 5, ids[2:4]},
		{"?pageSize=2&currentPage=3", 3, 2, 5, ids[4:5]},
		{"?pageSize=2&currentPage=4", 4, 2, 5, []string{}},
		{"?pageSize=100", 1, 100, 5, ids},
		{"?currentPage=1&pageSize=1", 1, 1, 5, ids[0:1]},
	} {
		t.Run("list"+tc.query, func(t *testing.T) {
			t.Parallel()
			r := ctl(t, s, http.MethodGet, "/v2/clusters"+tc.query, nil)
			wantCode(t, r, http.StatusOK, 0)
			if !strings.Contains(string(r.Raw), `"clusters":[`) {
				t.Errorf("clusters is not an array: %s", r.Raw)
			}
			l := decodeData[listData](t, r)
			var got []string
			for _, c := range l.Clusters {
				got = append(got, c.ClusterID)
			}
			if l.Count != tc.count || l.CurrentPage != tc.page || l.PageSize != tc.size || !slices.Equal(got, tc.want) {
				t.Errorf("got count %d page %d size %d ids %v, want %d %d %d %v", l.Count, l.CurrentPage, l.PageSize, got, tc.count, tc.page, tc.size, tc.want)
			}
		})
	}
	t.Run("item fields", func(t *testing.T) {
		t.Parallel()
		r := ctl(t, s, http.MethodGet, "/v2/clusters?pageSize=1", nil)
		var d struct {
			Clusters []map[string]any `json:"clusters"`
		}
		_ = json.Unmarshal(r.Data, &d)
		want := []string{"clusterId", "clusterName", "connectAddress", "createTime", "cuSize", "cuType", "description", "plan", "privateLinkAddress", "projectId", "regionId", "status"}
		if len(d.Clusters) != 1 || !slices.Equal(keysOf(d.Clusters[0]), want) {
			t.Errorf("list item %v, want keys %v", d.Clusters, want)
		}
	})
	for _, tc := range []struct {
		query string
		code  int
	}{
		{"?pageSize=0", codeInvalidPageSize},
		{"?pageSize=101", codeInvalidPageSize},
		{"?pageSize=-1", codeInvalidPageSize},
		{"?pageSize=ten", codeInvalidPageSize},
		{"?currentPage=0", codeInvalidCurrentPage},
		{"?currentPage=-2", codeInvalidCurrentPage},
		{"?currentPage=x", codeInvalidCurrentPage},
	} {
		t.Run("error"+tc.query, func(t *testing.T) {
			t.Parallel()
			wantCode(t, ctl(t, s, http.MethodGet, "/v2/clusters"+tc.query, nil), http.StatusOK, tc.code)
		})
	}
}

func TestDuplicateName(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	for _, tc := range []struct{ route, recorded string }{
		{"createDedicated", "Cluster__duplicately_create_cluster"},
		{"createServerless", "ServerlessCluster__duplicately_create_cluster"},
		{"createFree", "FreeCluster__duplicately_create_cluster"},
	} {
		t.Run(tc.route, func(t *testing.T) {
			t.Parallel()
			name := "dup-" + strings.ToLower(tc.route)
			body := serverlessBody(s, name)
			if tc.route == "createDedicated" {
				body = dedicatedBody(s, name)
			}
			first := createCluster(t, s, tc.route, body)
			r := ctl(t, s, http.MethodPost, "/v2/clusters/"+tc.route, body)
			status, rec := recordedBody(t, tc.recorded)
			var got map[string]any
			_ = json.Unmarshal(r.Raw, &got)
			if r.HTTP != status || !reflect.DeepEqual(got, rec) {
				t.Fatalf("duplicate: HTTP %d %s, recorded HTTP %d %v", r.HTTP, r.Raw, status, rec)
			}
			// The name is taken across kinds too, and freed by a drop.
			wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/createDedicated", dedicatedBody(s, name)), http.StatusOK, codeClusterNameExists)
			wantCode(t, ctl(t, s, http.MethodDelete, "/v2/clusters/"+first.ClusterID+"/drop", nil), http.StatusOK, 0)
			wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+tc.route, body), http.StatusOK, 0)
		})
	}
}

func TestCreateValidation(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	otherProject := "proj-0123456789abcdef012345"
	for _, tc := range []struct {
		name  string
		route string
		edit  func(b map[string]any)
		raw   string // sent verbatim instead of the edited body
		code  int
	}{
		{name: "valid", edit: func(b map[string]any) {}, code: 0},
		{name: "plan absent means Standard", edit: func(b map[string]any) { delete(b, "plan") }, code: 0},
		{name: "cuSize absent means 1", edit: func(b map[string]any) { delete(b, "cuSize") }, code: 0},
		{name: "Enterprise with 2 replicas", edit: func(b map[string]any) { b["plan"] = "Enterprise"; b["replica"] = 2 }, code: 0},
		{name: "name missing", edit: func(b map[string]any) { delete(b, "clusterName") }, code: codeInvalidClusterName},
		{name: "name with underscore", edit: func(b map[string]any) { b["clusterName"] = "bad_name" }, code: codeInvalidClusterName},
		{name: "name with space", edit: func(b map[string]any) { b["clusterName"] = "bad name" }, code: codeInvalidClusterName},
		{name: "name of 33 characters", edit: func(b map[string]any) { b["clusterName"] = strings.Repeat("a", 33) }, code: codeInvalidClusterName},
		{name: "key in the wrong case", edit: func(b map[string]any) { b["ClusterName"] = b["clusterName"]; delete(b, "clusterName") }, code: codeInvalidClusterName},
		{name: "project missing", edit: func(b map[string]any) { delete(b, "projectId") }, code: codeInvalidProjectID},
		{name: "project malformed", edit: func(b map[string]any) { b["projectId"] = "proj-123" }, code: codeInvalidProjectID},
		{name: "project of someone else", edit: func(b map[string]any) { b["projectId"] = otherProject }, code: codeNoProjectPermission},
		{name: "region missing", edit: func(b map[string]any) { delete(b, "regionId") }, code: codeInvalidRegionID},
		{name: "region unknown", edit: func(b map[string]any) { b["regionId"] = "mars-north-1" }, code: codeInvalidRegionID},
		{name: "plan Free on dedicated", edit: func(b map[string]any) { b["plan"] = "Free" }, code: codeInvalidPlan},
		{name: "plan lower case", edit: func(b map[string]any) { b["plan"] = "standard" }, code: codeInvalidPlan},
		{name: "cuType missing", edit: func(b map[string]any) { delete(b, "cuType") }, code: codeInvalidCUType},
		{name: "cuType unknown", edit: func(b map[string]any) { b["cuType"] = "Cost-optimized" }, code: codeInvalidCUType},
		{name: "cuSize 0", edit: func(b map[string]any) { b["cuSize"] = 0 }, code: codeInvalidCUSize},
		{name: "cuSize 257", edit: func(b map[string]any) { b["cuSize"] = 257 }, code: codeNoClusterClass},
		{name: "cuSize 3 on Standard", edit: func(b map[string]any) { b["cuSize"] = 3 }, code: codeNoClusterClass},
		{name: "cuSize 64 on Standard", edit: func(b map[string]any) { b["cuSize"] = 64 }, code: codeNoClusterClass},
		{name: "replica 0", edit: func(b map[string]any) { b["replica"] = 0 }, code: codeBadParameter},
		{name: "replica 11", edit: func(b map[string]any) { b["plan"] = "Enterprise"; b["replica"] = 11 }, code: codeBadParameter},
		{name: "replica 2 on Standard", edit: func(b map[string]any) { b["replica"] = 2 }, code: codeNoClusterClass},
		{name: "cuSize times replica above 1024", edit: func(b map[string]any) { b["plan"] = "Enterprise"; b["cuSize"] = 256; b["replica"] = 5 }, code: codeNoClusterClass},
		{name: "cuSize as a string", edit: func(b map[string]any) { b["cuSize"] = "2" }, code: codeBadParameter},
		{name: "malformed JSON", raw: `{"clusterName":`, code: codeBadParameter},
		{name: "JSON array", raw: `[]`, code: codeBadParameter},
		{name: "empty body", raw: ``, code: codeInvalidClusterName},
		{name: "serverless bad name", route: "createServerless", edit: func(b map[string]any) { b["clusterName"] = "-" + strings.Repeat("x", 32) }, code: codeInvalidClusterName},
		{name: "serverless bad region", route: "createServerless", edit: func(b map[string]any) { b["regionId"] = "ali-cn-hangzhou" }, code: codeInvalidRegionID},
		{name: "free bad project", route: "createFree", edit: func(b map[string]any) { b["projectId"] = otherProject }, code: codeNoProjectPermission},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			route := tc.route
			if route == "" {
				route = "createDedicated"
			}
			var body any = tc.raw
			if tc.edit != nil {
				name := "v-" + strings.ReplaceAll(tc.name, " ", "-")
				b := dedicatedBody(s, name[:min(len(name), maxClusterNameLen)])
				if route != "createDedicated" {
					b = serverlessBody(s, as[string](t, b["clusterName"]))
				}
				tc.edit(b)
				body = b
			}
			r := ctl(t, s, http.MethodPost, "/v2/clusters/"+route, body)
			wantCode(t, r, http.StatusOK, tc.code)
			if tc.code != 0 && (r.Message == "" || r.Data != nil) {
				t.Errorf("error answer %s, want {code, message}", r.Raw)
			}
		})
	}
}

func TestClusterOperationErrors(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	dedicated := runningCluster(t, s, "ops-dedicated").ClusterID
	free := createCluster(t, s, "createFree", serverlessBody(s, "ops-free")).ClusterID
	serverless := createCluster(t, s, "createServerless", serverlessBody(s, "ops-serverless")).ClusterID
	waitRunning(t, s, free)
	waitRunning(t, s, serverless)
	suspended := runningCluster(t, s, "ops-suspended").ClusterID
	if err := s.SetClusterStatus(suspended, StatusSuspended); err != nil {
		t.Fatal(err)
	}
	unknown := "in01-0123456789abcde"

	for _, tc := range []struct {
		name, method, path string
		body               any
		code               int
	}{
		{"modify free", "POST", free + "/modify", map[string]any{"cuSize": 2}, codeFreeUnsupported},
		{"modify serverless", "POST", serverless + "/modify", map[string]any{"cuSize": 2}, codeServerlessUnsupported},
		{"suspend free", "POST", free + "/suspend", nil, codeFreeUnsupported},
		{"suspend serverless", "POST", serverless + "/suspend", nil, codeServerlessUnsupported},
		{"resume running", "POST", dedicated + "/resume", nil, codeClusterStateInvalid},
		{"suspend suspended", "POST", suspended + "/suspend", nil, codeClusterStateInvalid},
		{"modify suspended", "POST", suspended + "/modify", map[string]any{"cuSize": 2}, codeClusterStateInvalid},
		{"modify cuSize and replica", "POST", dedicated + "/modify", map[string]any{"cuSize": 2, "replica": 1}, codeBadParameter},
		{"modify nothing", "POST", dedicated + "/modify", map[string]any{}, codeBadParameter},
		{"modify autoscaling min above max", "POST", dedicated + "/modify", map[string]any{"autoscaling": map[string]any{"cu": map[string]any{"min": 4, "max": 2}}}, codeBadParameter},
		{"modify malformed", "POST", dedicated + "/modify", `{"cuSize":`, codeBadParameter},
		{"modify cuSize 0", "POST", dedicated + "/modify", map[string]any{"cuSize": 0}, codeInvalidCUSize},
		{"modify cuSize 300", "POST", dedicated + "/modify", map[string]any{"cuSize": 300}, codeNoClusterClass},
		{"modify cuSize 6", "POST", dedicated + "/modify", map[string]any{"cuSize": 6}, codeNoClusterClass},
		{"modify replica 2 on Standard", "POST", dedicated + "/modify", map[string]any{"replica": 2}, codeNoClusterClass},
		{"modifyReplica without replica", "POST", dedicated + "/modifyReplica", map[string]any{"cuSize": 2}, codeBadParameter},
		{"modifyReplica 11", "POST", dedicated + "/modifyReplica", map[string]any{"replica": 11}, codeBadParameter},
		{"rename to a bad name", "POST", dedicated + "/modifyProperties", map[string]any{"clusterName": "a_b"}, codeInvalidClusterName},
		{"rename to a taken name", "POST", dedicated + "/modifyProperties", map[string]any{"clusterName": "ops-free"}, codeClusterNameExists},
		{"rename without name", "POST", dedicated + "/modifyProperties", map[string]any{}, codeBadParameter},
		{"patch nothing", "PATCH", dedicated, map[string]any{"other": 1}, codeBadParameter},
		{"labels malformed", "PUT", dedicated + "/labels", `{"labels":[1]}`, codeBadParameter},
		{"describe unknown", "GET", unknown, nil, codeClusterNotFound},
		{"modify unknown", "POST", unknown + "/modify", map[string]any{"cuSize": 2}, codeClusterNotFound},
		{"modifyReplica unknown", "POST", unknown + "/modifyReplica", map[string]any{"replica": 1}, codeClusterNotFound},
		{"rename unknown", "POST", unknown + "/modifyProperties", map[string]any{"clusterName": "x"}, codeClusterNotFound},
		{"patch unknown", "PATCH", unknown, map[string]any{"description": "x"}, codeClusterNotFound},
		{"suspend unknown", "POST", unknown + "/suspend", nil, codeClusterNotFound},
		{"resume unknown", "POST", unknown + "/resume", nil, codeClusterNotFound},
		{"drop unknown", "DELETE", unknown + "/drop", nil, codeClusterNotFound},
		{"labels unknown", "GET", unknown + "/labels", nil, codeClusterNotFound},
		{"put labels unknown", "PUT", unknown + "/labels", map[string]any{"labels": map[string]string{}}, codeClusterNotFound},
		{"describe garbage id", "GET", "not-an-id", nil, codeClusterNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := ctl(t, s, tc.method, "/v2/clusters/"+tc.path, tc.body)
			wantCode(t, r, http.StatusOK, tc.code)
			if r.Message == "" || r.Data != nil {
				t.Errorf("error answer %s, want {code, message}", r.Raw)
			}
		})
	}

	t.Run("suspend while CREATING", func(t *testing.T) {
		t.Parallel()
		slow := newTestServer(t, func(o *Options) { o.CreateDuration = time.Hour })
		c := createCluster(t, slow, "createDedicated", dedicatedBody(slow, "creating"))
		r := ctl(t, slow, http.MethodPost, "/v2/clusters/"+c.ClusterID+"/suspend", nil)
		wantCode(t, r, http.StatusOK, codeClusterStateInvalid)
		if !strings.HasPrefix(r.Message, msgClusterStateInvalid) {
			t.Errorf("message %q", r.Message)
		}
		wantCode(t, ctl(t, slow, http.MethodPost, "/v2/clusters/"+c.ClusterID+"/modify", map[string]any{"cuSize": 2}), http.StatusOK, codeClusterStateInvalid)
	})
}

func TestRenameDescriptionLabels(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, func(o *Options) { o.DescribeReplicaAndLabels = true })
	body := dedicatedBody(s, "meta")
	body["labels"] = map[string]string{"team": "search"}
	id := runningCluster(t, s, "placeholder").ClusterID
	s.HoldCreating(true) // keep the second one CREATING: metadata changes need no RUNNING
	id2 := createCluster(t, s, "createDedicated", body).ClusterID
	base := "/v2/clusters/" + id2

	r := ctl(t, s, http.MethodGet, base+"/labels", nil)
	wantCode(t, r, http.StatusOK, 0)
	if string(r.Data) != `{"labels":{"team":"search"}}` {
		t.Errorf("labels %s", r.Data)
	}
	wantCode(t, ctl(t, s, http.MethodPut, base+"/labels", map[string]any{"labels": map[string]string{"env": "ci", "tier": "gold"}}), http.StatusOK, 0)
	if r := ctl(t, s, http.MethodGet, base+"/labels", nil); string(r.Data) != `{"labels":{"env":"ci","tier":"gold"}}` {
		t.Errorf("labels after PUT %s", r.Data)
	}
	wantCode(t, ctl(t, s, http.MethodPost, base+"/modifyProperties", map[string]any{"clusterName": "meta-2"}), http.StatusOK, 0)
	wantCode(t, ctl(t, s, http.MethodPatch, base, map[string]any{"description": "from PATCH"}), http.StatusOK, 0)
	wantCode(t, ctl(t, s, http.MethodPatch, base, map[string]any{"clusterName": "placeholder"}), http.StatusOK, codeClusterNameExists)
	wantCode(t, ctl(t, s, http.MethodPatch, base, map[string]any{"clusterName": "meta-3"}), http.StatusOK, 0)
	// Renaming a cluster to its own name is no conflict.
	wantCode(t, ctl(t, s, http.MethodPatch, "/v2/clusters/"+id, map[string]any{"clusterName": "placeholder"}), http.StatusOK, 0)

	d, _ := describe(t, s, id2)
	if d.Status != StatusCreating {
		t.Errorf("status %s, want CREATING", d.Status)
	}
	if d.ClusterName != "meta-3" || d.Description != "from PATCH" || !maps.Equal(d.Labels, map[string]string{"env": "ci", "tier": "gold"}) {
		t.Errorf("describe %+v", d)
	}
	wantCode(t, ctl(t, s, http.MethodPut, base+"/labels", map[string]any{}), http.StatusOK, 0)
	if r := ctl(t, s, http.MethodGet, base+"/labels", nil); string(r.Data) != `{"labels":{}}` {
		t.Errorf("labels after clearing %s", r.Data)
	}
}

func TestProjectsRegionsClouds(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	createCluster(t, s, "createServerless", serverlessBody(s, "counted"))

	r := ctl(t, s, http.MethodGet, "/v2/projects", nil)
	wantCode(t, r, http.StatusOK, 0)
	projects := decodeData[[]map[string]any](t, r)
	_, rec := recordedBody(t, "ListProject__ListProjects")
	recKeys := keysOf(as[map[string]any](t, as[[]any](t, rec["data"])[0]))
	if len(projects) != 1 || !slices.Equal(keysOf(projects[0]), recKeys) {
		t.Fatalf("projects %v, want one with keys %v", projects, recKeys)
	}
	p := projects[0]
	if p["projectName"] != "Default Project" || p["projectId"] != s.ProjectID() || p["instanceCount"] != float64(1) || p["plan"] != "Enterprise" {
		t.Errorf("project %v", p)
	}

	r = ctl(t, s, http.MethodGet, "/v2/projects/"+s.ProjectID(), nil)
	wantCode(t, r, http.StatusOK, 0)
	if got := dataMap(t, r); !reflect.DeepEqual(got, p) {
		t.Errorf("project by id %v, want %v", got, p)
	}
	wantCode(t, ctl(t, s, http.MethodGet, "/v2/projects/proj-0123456789abcdef012345", nil), http.StatusOK, codeNoProjectPermission)
	wantCode(t, ctl(t, s, http.MethodGet, "/v2/projects/nope", nil), http.StatusOK, codeInvalidProjectID)

	for _, cloud := range []string{"aws", "gcp", "azure"} {
		r := ctl(t, s, http.MethodGet, "/v2/regions?cloudId="+cloud, nil)
		var got map[string]any
		_ = json.Unmarshal(r.Raw, &got)
		status, want := recordedBody(t, "ListCloudRegions__ListCloudRegions_via_"+cloud)
		if r.HTTP != status || !reflect.DeepEqual(got, want) {
			t.Errorf("regions %s: %s, recorded %v", cloud, r.Raw, want)
		}
	}
	if all := decodeData[[]region](t, ctl(t, s, http.MethodGet, "/v2/regions", nil)); len(all) != 14 {
		t.Errorf("%d regions without a filter, want 14", len(all))
	}
	wantCode(t, ctl(t, s, http.MethodGet, "/v2/regions?cloudId=ibm", nil), http.StatusOK, codeInvalidCloudID)

	r = ctl(t, s, http.MethodGet, "/v2/clouds", nil)
	var got map[string]any
	_ = json.Unmarshal(r.Raw, &got)
	if status, want := recordedBody(t, "ListCloudProviders__ListCloudProviders"); r.HTTP != status || !reflect.DeepEqual(got, want) {
		t.Errorf("clouds %s, recorded %v", r.Raw, want)
	}
	if r.Header.Get("requestid") == "" || r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v", r.Header)
	}
}

func TestHoldCreating(t *testing.T) {
	t.Parallel()
	s, clock := manualServer(t, func(o *Options) { o.CreateDuration = 10 * time.Millisecond })
	s.HoldCreating(true)
	c := createCluster(t, s, "createDedicated", dedicatedBody(s, "held"))
	clock.Advance(time.Hour) // far past CreateDuration
	d, _ := describe(t, s, c.ClusterID)
	if d.Status != StatusCreating || d.CreateProgress >= 100 {
		t.Fatalf("held cluster is %s at %d%%", d.Status, d.CreateProgress)
	}
	s.HoldCreating(false)
	d, _ = describe(t, s, c.ClusterID)
	if d.Status != StatusRunning || d.CreateProgress != 100 {
		t.Fatalf("released cluster is %s at %d%%", d.Status, d.CreateProgress)
	}
}

func TestOutOfBandChanges(t *testing.T) {
	t.Parallel()
	s, clock := manualServer(t, nil)
	id := runningCluster(t, s, "oob").ClusterID

	if err := s.RenameCluster(id, "renamed-in-console"); err != nil {
		t.Fatal(err)
	}
	if err := s.ScaleCluster(id, 8); err != nil {
		t.Fatal(err)
	}
	d, _ := describe(t, s, id)
	if d.ClusterName != "renamed-in-console" || d.CUSize != 8 || d.Status != StatusRunning {
		t.Errorf("after rename and scale: %+v", d)
	}
	if err := s.SetClusterStatus(id, StatusSuspended); err != nil {
		t.Fatal(err)
	}
	if d, _ := describe(t, s, id); d.Status != StatusSuspended {
		t.Errorf("status %s, want SUSPENDED", d.Status)
	}
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+id+"/resume", nil), http.StatusOK, 0)
	clock.Advance(s.opts.ResumeDuration)
	if d, _ := describe(t, s, id); d.Status != StatusRunning {
		t.Errorf("status %s after ResumeDuration, want RUNNING", d.Status)
	}

	if err := s.SetClusterStatus(id, StatusCreating); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour) // a pinned status has no end
	if d, _ := describe(t, s, id); d.Status != StatusCreating || d.CreateProgress >= 100 {
		t.Errorf("pinned CREATING became %s at %d%%", d.Status, d.CreateProgress)
	}
	if err := s.SetClusterStatus(id, "SLEEPING"); err == nil {
		t.Error("SetClusterStatus accepted an unknown status")
	}

	if err := s.DropClusterNow(id); err != nil {
		t.Fatal(err)
	}
	wantCode(t, ctl(t, s, http.MethodGet, "/v2/clusters/"+id, nil), http.StatusOK, codeClusterNotFound)
	if len(s.Clusters()) != 0 {
		t.Errorf("Clusters() = %+v after DropClusterNow", s.Clusters())
	}

	for name, f := range map[string]func() error{
		"DropClusterNow":    func() error { return s.DropClusterNow(id) },
		"RenameCluster":     func() error { return s.RenameCluster(id, "x") },
		"ScaleCluster":      func() error { return s.ScaleCluster(id, 2) },
		"SetClusterStatus":  func() error { return s.SetClusterStatus(id, StatusRunning) },
		"DropCollectionNow": func() error { return s.DropCollectionNow(id, "default", "x") },
	} {
		if f() == nil {
			t.Errorf("%s of an unknown cluster gave no error", name)
		}
	}
}

// The CU sizes of create-dedicated-cluster-v2: Standard 1, 2, 4, 8, 12, ..., 32;
// Enterprise 1, 2, 4, then steps of 4 to 64, of 8 to 256, of 16 to 1024.
func TestCUSizesPerPlan(t *testing.T) {
	t.Parallel()
	standard := []int{1, 2, 4, 8, 12, 16, 20, 24, 28, 32}
	var enterprise []int
	for n := 1; n <= 1100; n++ {
		if cuSizeAllowed("Standard", n) != slices.Contains(standard, n) {
			t.Errorf("Standard cuSize %d allowed = %v", n, cuSizeAllowed("Standard", n))
		}
		if cuSizeAllowed("Enterprise", n) {
			enterprise = append(enterprise, n)
		}
	}
	for _, n := range []int{1, 2, 4, 8, 32, 36, 64, 72, 256, 272, 1024} {
		if !slices.Contains(enterprise, n) {
			t.Errorf("Enterprise refuses cuSize %d", n)
		}
	}
	for _, n := range []int{3, 6, 34, 68, 260, 1040} {
		if slices.Contains(enterprise, n) {
			t.Errorf("Enterprise accepts cuSize %d", n)
		}
	}
	s := newTestServer(t, nil)
	body := dedicatedBody(s, "ent-96")
	body["plan"], body["cuSize"] = "Enterprise", 96
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/createDedicated", body), http.StatusOK, 0)
	body = dedicatedBody(s, "std-96")
	body["cuSize"] = 96
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/createDedicated", body), http.StatusOK, codeNoClusterClass)
}

// A valid key of another project sees none of our clusters: describe and every
// cluster call answer 80020, list is empty, our project is 96012.
func TestOtherProjectKey(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := runningCluster(t, s, "mine")
	other := func(method, path string, body any) apiResp {
		return ctlWithKey(t, s, s.OtherProjectAPIKey(), method, path, body)
	}
	wantCode(t, other(http.MethodGet, "/v2/clusters/"+c.ClusterID, nil), http.StatusOK, codeClusterNoAccess)
	wantCode(t, other(http.MethodGet, "/v2/clusters/"+c.ClusterID+"/labels", nil), http.StatusOK, codeClusterNoAccess)
	wantCode(t, other(http.MethodDelete, "/v2/clusters/"+c.ClusterID+"/drop", nil), http.StatusOK, codeClusterNoAccess)
	wantCode(t, other(http.MethodGet, "/v2/clusters/in01-0123456789abcde", nil), http.StatusOK, codeClusterNoAccess)
	r := other(http.MethodGet, "/v2/clusters", nil)
	wantCode(t, r, http.StatusOK, 0)
	if l := decodeData[listData](t, r); l.Count != 0 || len(l.Clusters) != 0 {
		t.Errorf("list %+v, want empty", l)
	}
	wantCode(t, other(http.MethodGet, "/v2/projects/"+s.ProjectID(), nil), http.StatusOK, codeNoProjectPermission)
	wantCode(t, other(http.MethodGet, "/v2/projects/"+OtherProjectID, nil), http.StatusOK, 0)
	wantCode(t, other(http.MethodPost, "/v2/clusters/createServerless", serverlessBody(s, "x")), http.StatusOK, codeNoProjectPermission)
	if got, _ := s.Cluster(c.ClusterID); got.Status != StatusRunning {
		t.Errorf("cluster is %s after the other key's drop", got.Status)
	}
	wantCode(t, ctlWithKey(t, s, "not-a-key", http.MethodGet, "/v2/clusters", nil), http.StatusUnauthorized, codeIllegalAPIKey)
}

func TestAutoSuspend(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	free := createCluster(t, s, "createFree", serverlessBody(s, "idle"))
	ded := runningCluster(t, s, "busy")
	waitRunning(t, s, free.ClusterID)
	if err := s.AutoSuspend(ded.ClusterID); err == nil {
		t.Error("a dedicated cluster was auto-suspended")
	}
	if err := s.AutoSuspend(free.ClusterID); err != nil {
		t.Fatal(err)
	}
	if d, _ := describe(t, s, free.ClusterID); d.Status != StatusSuspended {
		t.Fatalf("status %s, want SUSPENDED", d.Status)
	}
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/"+free.ClusterID+"/resume", nil), http.StatusOK, 0)
	waitRunning(t, s, free.ClusterID)
}

func TestSystemLabelsAndNewerDescribe(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, func(o *Options) {
		o.SystemLabels = map[string]string{"zilliz-managed": "true"}
		o.DescribeReplicaAndLabels = true
	})
	body := dedicatedBody(s, "sys")
	body["labels"] = map[string]string{"team": "a"}
	c := createCluster(t, s, "createDedicated", body)
	d := waitRunning(t, s, c.ClusterID)
	if !maps.Equal(d.Labels, map[string]string{"team": "a", "zilliz-managed": "true"}) || d.Replica != 1 {
		t.Errorf("describe labels %v replica %d", d.Labels, d.Replica)
	}
	wantCode(t, ctl(t, s, http.MethodPut, "/v2/clusters/"+c.ClusterID+"/labels", map[string]any{"labels": map[string]string{}}), http.StatusOK, 0)
	if r := ctl(t, s, http.MethodGet, "/v2/clusters/"+c.ClusterID+"/labels", nil); string(r.Data) != `{"labels":{"zilliz-managed":"true"}}` {
		t.Errorf("labels after clearing %s", r.Data)
	}
}

func ctlWithKey(t *testing.T, s *Server, key, method, path string, body any) apiResp {
	t.Helper()
	return call(t, method, s.URL()+path, key, body)
}

func TestMissingClusterAmbiguous(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, func(o *Options) { o.MissingClusterAmbiguous = true })
	for _, p := range []string{"/v2/clusters/in01-0123456789abcde", "/v2/clusters/in01-0123456789abcde/labels"} {
		wantCode(t, ctl(t, s, http.MethodGet, p, nil), http.StatusOK, codeClusterNoAccess)
	}
	wantCode(t, ctl(t, s, http.MethodDelete, "/v2/clusters/in01-0123456789abcde/drop", nil), http.StatusOK, codeClusterNoAccess)
	wantCode(t, ctl(t, newTestServer(t, nil), http.MethodGet, "/v2/clusters/in01-0123456789abcde", nil), http.StatusOK, codeClusterNotFound)
}
