package zilliz

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// statusSequence answers the n-th request to the tested path with statuses[n-1]
// (the last one repeating); 200 means success. Other paths (the lookups after a
// lost create) are answered by other.
func statusSequence(path string, statuses []int, other func(w http.ResponseWriter, r *http.Request)) (func(w http.ResponseWriter, r *http.Request, n int), *atomic.Int32) {
	var hits atomic.Int32
	return func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.URL.Path != path {
			if other != nil {
				other(w, r)
				return
			}
			reply(w, 200, map[string]any{"code": 100, "message": "not found"})
			return
		}
		i := int(hits.Add(1)) - 1
		status := statuses[min(i, len(statuses)-1)]
		switch status {
		case 200:
			ok(w, map[string]any{"clusterId": "in01-new", "username": "db_admin", "password": "pw"})
		case -1: // drop the connection without an answer
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			_ = conn.Close()
		default:
			reply(w, status, map[string]any{"code": status * 100, "message": http.StatusText(status)})
		}
	}, &hits
}

func emptyClusterList(w http.ResponseWriter, r *http.Request) {
	if answerHas(w, r, false) {
		return
	}
	if r.URL.Path == "/v2/clusters" {
		ok(w, map[string]any{"count": 0, "currentPage": 1, "pageSize": 100, "clusters": []any{}})
		return
	}
	reply(w, 200, map[string]any{"code": 100, "message": "collection not found"})
}

func TestRetryRules(t *testing.T) {
	t.Parallel()
	type callFn func(ctx context.Context, c *Client, dp *DataPlane) error
	var (
		describe callFn = func(ctx context.Context, c *Client, _ *DataPlane) error {
			_, err := c.DescribeCluster(ctx, "in01-x")
			return err
		}
		create callFn = func(ctx context.Context, c *Client, _ *DataPlane) error {
			_, err := c.CreateCluster(ctx, CreateClusterRequest{Plan: "Standard", ClusterName: "c", ProjectID: "p", RegionID: "r"})
			return err
		}
		modify  callFn = func(ctx context.Context, c *Client, _ *DataPlane) error { return c.ModifyClusterCU(ctx, "in01-x", 2) }
		suspend callFn = func(ctx context.Context, c *Client, _ *DataPlane) error { return c.SuspendCluster(ctx, "in01-x") }
		resume  callFn = func(ctx context.Context, c *Client, _ *DataPlane) error { return c.ResumeCluster(ctx, "in01-x") }
		drop    callFn = func(ctx context.Context, c *Client, _ *DataPlane) error { return c.DropCluster(ctx, "in01-x") }
		rename  callFn = func(ctx context.Context, c *Client, _ *DataPlane) error { return c.RenameCluster(ctx, "in01-x", "n") }
		labels  callFn = func(ctx context.Context, c *Client, _ *DataPlane) error {
			return c.SetClusterLabels(ctx, "in01-x", nil)
		}
		descCol callFn = func(ctx context.Context, _ *Client, dp *DataPlane) error {
			_, err := dp.DescribeCollection(ctx, "", "c")
			return err
		}
		dropCol   callFn = func(ctx context.Context, _ *Client, dp *DataPlane) error { return dp.DropCollection(ctx, "", "c") }
		createCol callFn = func(ctx context.Context, _ *Client, dp *DataPlane) error {
			return dp.CreateCollection(ctx, CreateCollectionRequest{CollectionName: "c", Dimension: 4})
		}
	)
	const maxRetries = 3
	tests := []struct {
		name         string
		call         callFn
		path         string
		statuses     []int
		wantAttempts int
		wantStatus   int // 0: success
	}{
		{"GET 503 retried", describe, "/v2/clusters/in01-x", []int{503, 503, 200}, 3, 0},
		{"GET 500 retried", describe, "/v2/clusters/in01-x", []int{500, 200}, 2, 0},
		{"GET 502 retried until MaxRetries", describe, "/v2/clusters/in01-x", []int{502}, maxRetries + 1, 502},
		{"GET 504 retried", describe, "/v2/clusters/in01-x", []int{504, 200}, 2, 0},
		{"GET 429 retried", describe, "/v2/clusters/in01-x", []int{429, 200}, 2, 0},
		{"GET 501 not retried", describe, "/v2/clusters/in01-x", []int{501}, 1, 501},
		{"GET 400 not retried", describe, "/v2/clusters/in01-x", []int{400}, 1, 400},
		{"GET 404 not retried", describe, "/v2/clusters/in01-x", []int{404}, 1, 404},
		{"GET 401 not retried", describe, "/v2/clusters/in01-x", []int{401}, 1, 401},
		{"GET dropped connection retried", describe, "/v2/clusters/in01-x", []int{-1, 200}, 2, 0},
		{"create 503 retried", create, "/v2/clusters/createDedicated", []int{503, 200}, 2, 0},
		{"create 429 retried", create, "/v2/clusters/createDedicated", []int{429, 429, 200}, 3, 0},
		// A create is not retried by the transport after a 500/502/reset; CreateCluster
		// looks the name up, finds nothing, and only then sends the create again.
		{"create 500 re-sent after the lookup", create, "/v2/clusters/createDedicated", []int{500, 200}, 2, 0},
		{"create 502 re-sent after the lookup", create, "/v2/clusters/createDedicated", []int{502, 200}, 2, 0},
		{"create 400 not retried", create, "/v2/clusters/createDedicated", []int{400, 200}, 1, 400},
		{"create dropped connection re-sent after the lookup", create, "/v2/clusters/createDedicated", []int{-1, 200}, 2, 0},
		{"modify 500 not retried", modify, "/v2/clusters/in01-x/modify", []int{500, 200}, 1, 500},
		{"modify 504 not retried", modify, "/v2/clusters/in01-x/modify", []int{504, 200}, 1, 504},
		{"modify 503 retried", modify, "/v2/clusters/in01-x/modify", []int{503, 200}, 2, 0},
		{"suspend 500 not retried", suspend, "/v2/clusters/in01-x/suspend", []int{500, 200}, 1, 500},
		{"resume dropped connection not retried", resume, "/v2/clusters/in01-x/resume", []int{-1, 200}, 1, -1},
		{"resume 429 retried", resume, "/v2/clusters/in01-x/resume", []int{429, 200}, 2, 0},
		{"drop 500 retried", drop, "/v2/clusters/in01-x/drop", []int{500, 200}, 2, 0},
		{"drop dropped connection retried", drop, "/v2/clusters/in01-x/drop", []int{-1, 200}, 2, 0},
		{"rename 500 retried", rename, "/v2/clusters/in01-x/modifyProperties", []int{500, 200}, 2, 0},
		{"labels PUT 502 retried", labels, "/v2/clusters/in01-x/labels", []int{502, 200}, 2, 0},
		{"describe collection 503 retried", descCol, "/v1/vector/collections/describe", []int{503, 200}, 2, 0},
		{"drop collection 500 retried", dropCol, "/v1/vector/collections/drop", []int{500, 200}, 2, 0},
		{"create collection 500 re-sent after the describe", createCol, "/v1/vector/collections/create", []int{500, 200}, 2, 0},
		{"create collection 503 retried", createCol, "/v1/vector/collections/create", []int{503, 200}, 2, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			handle, hits := statusSequence(tc.path, tc.statuses, emptyClusterList)
			rec := newRecorder(t, handle)
			cfg := fastConfig(rec.srv.URL)
			cfg.MaxRetries = maxRetries
			c := newTestClient(t, cfg)
			dp, _ := c.DataPlane(rec.srv.URL, "")
			err := tc.call(t.Context(), c, dp)
			if got := int(hits.Load()); got != tc.wantAttempts {
				t.Errorf("attempts = %d, want %d (err %v)", got, tc.wantAttempts, err)
			}
			switch tc.wantStatus {
			case 0:
				if err != nil {
					t.Errorf("error = %v, want success", err)
				}
			case -1:
				var te *transportError
				if !errors.As(err, &te) || !IsUnavailable(err) {
					t.Errorf("error = %v (%T), want an unavailable transport error", err, err)
				}
			default:
				var ae *APIError
				if !errors.As(err, &ae) || ae.HTTPStatus != tc.wantStatus || ae.Code != tc.wantStatus*100 {
					t.Errorf("error = %v, want an APIError with HTTP %d", err, tc.wantStatus)
				}
			}
		})
	}
}

// TestBusinessErrorNotRetried: an HTTP 200 with an error code is an answer.
func TestBusinessErrorNotRetried(t *testing.T) {
	t.Parallel()
	for _, code := range []int{40013, 96018, 40003, 65535} {
		rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
			reply(w, 200, map[string]any{"code": code, "message": "m"})
		})
		c := newTestClient(t, fastConfig(rec.srv.URL))
		_, err := c.CreateCluster(t.Context(), CreateClusterRequest{Plan: "Free", ClusterName: "c"})
		var ae *APIError
		if !errors.As(err, &ae) || ae.Code != code {
			t.Errorf("code %d: error = %v", code, err)
		}
		_, _ = c.DescribeCluster(t.Context(), "in01-x")
		if n := rec.count(); n != 2 {
			t.Errorf("code %d: server saw %d requests, want 2 (one create, one describe; no retries, no lookup)", code, n)
		}
	}
}

func TestMaxRetriesBound(t *testing.T) {
	t.Parallel()
	tests := []struct {
		maxRetries, wantAttempts int
	}{
		{-1, 1},
		{1, 2},
		{4, 5},
		{0, DefaultMaxRetries + 1}, // the default, shared with the provider
	}
	for _, tc := range tests {
		handle, hits := statusSequence("/v2/clusters/in01-x", []int{503}, nil)
		rec := newRecorder(t, handle)
		cfg := fastConfig(rec.srv.URL)
		cfg.MaxRetries = tc.maxRetries
		c := newTestClient(t, cfg)
		_, err := c.DescribeCluster(t.Context(), "in01-x")
		if got := int(hits.Load()); got != tc.wantAttempts {
			t.Errorf("MaxRetries %d: attempts = %d, want %d", tc.maxRetries, got, tc.wantAttempts)
		}
		if !IsUnavailable(err) {
			t.Errorf("MaxRetries %d: error %v is not unavailable", tc.maxRetries, err)
		}
	}
}

// TestRetryAfterHonoured: a Retry-After larger than RetryWaitMax still sets the gap.
func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n == 1 {
			reply(w, 429, map[string]any{"code": 429, "message": "slow down"}, "Retry-After", "1")
			return
		}
		ok(w, []any{})
	})
	c := newTestClient(t, fastConfig(rec.srv.URL)) // RetryWaitMax is 5ms
	if _, err := c.ListProjects(t.Context()); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) != 2 {
		t.Fatalf("got %d requests, want 2", len(reqs))
	}
	if gap := reqs[1].At.Sub(reqs[0].At); gap < time.Second {
		t.Errorf("gap between attempts = %v, want >= 1s (Retry-After)", gap)
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 2, 9, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"3", 3 * time.Second, true},
		{" 10 ", 10 * time.Second, true},
		{"0", 0, false},
		{"-5", 0, false},
		{"600", maxRetryAfter, true},
		{"Sun, 09 Feb 2025 10:00:07 GMT", 7 * time.Second, true},
		{"Sun, 09 Feb 2025 11:00:00 GMT", maxRetryAfter, true},
		{"Sun, 09 Feb 2025 09:59:00 GMT", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	}
	for _, tc := range tests {
		got, gotOK := parseRetryAfter(tc.in, now)
		if got != tc.want || gotOK != tc.wantOK {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, gotOK, tc.want, tc.wantOK)
		}
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	minWait, maxWait := 500*time.Millisecond, 30*time.Second
	for attempt := range 12 {
		full := min(minWait<<attempt, maxWait)
		for range 50 {
			d := backoff(minWait, maxWait, attempt, nil)
			if d < full/2 || d > full {
				t.Fatalf("attempt %d: backoff %v outside [%v, %v]", attempt, d, full/2, full)
			}
		}
	}
	if d := backoff(minWait, maxWait, 100, nil); d > maxWait || d < maxWait/2 {
		t.Errorf("huge attempt: backoff %v", d)
	}
	resp := &http.Response{Header: http.Header{"Retry-After": {"45"}}}
	if d := backoff(minWait, maxWait, 0, resp); d != 45*time.Second {
		t.Errorf("Retry-After 45 beyond RetryWaitMax: backoff %v, want 45s", d)
	}
	resp = &http.Response{Header: http.Header{"Retry-After": {"3600"}}}
	if d := backoff(minWait, maxWait, 0, resp); d != 2*time.Minute {
		t.Errorf("Retry-After 3600: backoff %v, want the 2m cap", d)
	}
}

// TestContextStopsRetries: a cancelled or expired context ends the retries at
// once, even in the middle of a long backoff or Retry-After.
func TestContextStopsRetries(t *testing.T) {
	t.Parallel()
	for _, retryAfter := range []string{"", "3600"} {
		// The deadline passes once the first 503 has been answered, so the
		// client is in its backoff (an hour, or Retry-After capped at 2 min):
		// an event, not a 150 ms guess that a busy machine can overrun.
		ctx := newExpiringContext(t.Context())
		var expiredAt atomic.Int64
		rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
			reply(w, 503, map[string]any{"code": 503, "message": "busy"}, "Retry-After", retryAfter)
			expiredAt.Store(time.Now().UnixNano())
			ctx.expire()
		})
		cfg := fastConfig(rec.srv.URL)
		cfg.RetryWaitMin, cfg.RetryWaitMax = time.Hour, time.Hour
		c := newTestClient(t, cfg)
		_, err := c.DescribeCluster(ctx, "in01-x")
		// A generous bound, far below the backoff it must cut short.
		if elapsed := time.Since(time.Unix(0, expiredAt.Load())); elapsed > time.Minute {
			t.Errorf("Retry-After %q: call took %v after the context ended", retryAfter, elapsed)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Retry-After %q: error = %v, want context.DeadlineExceeded", retryAfter, err)
		}
		if IsUnavailable(err) {
			t.Errorf("Retry-After %q: the caller's own deadline must not look like an unavailable endpoint", retryAfter)
		}
		if n := rec.count(); n != 1 {
			t.Errorf("Retry-After %q: %d attempts, want 1", retryAfter, n)
		}
	}

	// Cancelled before the call: nothing is sent.
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) { ok(w, nil) })
	c := newTestClient(t, fastConfig(rec.srv.URL))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := c.DescribeCluster(ctx, "in01-x"); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if n := rec.count(); n != 0 {
		t.Errorf("%d requests sent with a cancelled context", n)
	}
}

// TestPerAttemptTimeout: a hung attempt is cut at RequestTimeout; reads retry it,
// a create does not (the server may be creating) and looks the cluster up.
func TestPerAttemptTimeout(t *testing.T) {
	t.Parallel()
	// The first attempt hangs until the client cuts it; the others answer at
	// once, well within a RequestTimeout of 2 s even on a busy machine (at
	// 100 ms an answer delayed by load was cut too, and retried).
	hang := func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			select {
			case <-r.Context().Done():
			case <-time.After(time.Minute):
			}
			return
		}
		if r.URL.Path == "/v2/clusters" {
			ok(w, map[string]any{"count": 0, "clusters": []any{}})
			return
		}
		ok(w, map[string]any{"clusterId": "in01-x", "status": "RUNNING"})
	}
	rec := newRecorder(t, hang)
	cfg := fastConfig(rec.srv.URL)
	cfg.RequestTimeout = 2 * time.Second
	c := newTestClient(t, cfg)
	cl, err := c.DescribeCluster(t.Context(), "in01-x")
	if err != nil || cl.Status != "RUNNING" {
		t.Fatalf("describe after a timed-out attempt: %v, %v", cl, err)
	}
	if n := rec.count(); n != 2 {
		t.Errorf("describe: %d attempts, want 2", n)
	}

	rec = newRecorder(t, hang)
	c = newTestClient(t, Config{BaseURL: rec.srv.URL, APIKey: testKey, RequestTimeout: 2 * time.Second, RetryWaitMin: time.Millisecond, RequestsPerSecond: -1})
	created, err := c.CreateCluster(t.Context(), CreateClusterRequest{Plan: "Free", ClusterName: "c"})
	if err != nil || created.ClusterID != "in01-x" {
		t.Fatalf("create after a timed-out attempt: %v, %v", created, err)
	}
	reqs := rec.requests()
	if len(reqs) != 3 || reqs[0].Path != "/v2/clusters/createFree" || reqs[1].Path != "/v2/clusters" || reqs[2].Path != "/v2/clusters/createFree" {
		t.Errorf("requests = %v, want a create, a lookup that finds nothing, and the create again", paths(reqs))
	}
}

func paths(reqs []seenRequest) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// TestConnectionRefused: a dial error certainly did not reach the server, so even
// a create is retried; the final error says the endpoint is unavailable and no
// lookup is attempted (nothing can have been created).
func TestConnectionRefused(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	logs := &logSink{}
	cfg := fastConfig("http://" + addr)
	cfg.Logger = logs.log
	c := newTestClient(t, cfg)
	_, err = c.CreateCluster(t.Context(), CreateClusterRequest{Plan: "Standard", ClusterName: "c", ProjectID: "p"})
	var te *transportError
	if !errors.As(err, &te) || te.Attempts != cfg.MaxRetries+1 {
		t.Fatalf("error = %v, want a transport error after %d attempts", err, cfg.MaxRetries+1)
	}
	if !IsUnavailable(err) || strings.Contains(err.Error(), "looking the cluster up") {
		t.Errorf("error = %v", err)
	}
	attempts := logs.withMsg("Zilliz API request")
	if len(attempts) != cfg.MaxRetries+1 {
		t.Errorf("logged %d attempts, want %d", len(attempts), cfg.MaxRetries+1)
	}
	for _, e := range attempts {
		if e.Fields["path"] != "/v2/clusters/createDedicated" {
			t.Errorf("attempt logged for %v", e.Fields["path"])
		}
	}
}

// TestCreateClusterAfterLostAnswer covers the lookup by name that keeps a lost
// create answer from turning into a second paid cluster.
func TestCreateClusterAfterLostAnswer(t *testing.T) {
	t.Parallel()
	now := time.Now().UTC()
	req := CreateClusterRequest{Plan: "Standard", ClusterName: "prod", ProjectID: "proj-1", RegionID: "aws-us-west-2", CUType: "Performance-optimized", CUSize: 1}
	ours := map[string]any{"clusterId": "in01-ours", "clusterName": "prod", "projectId": "proj-1", "regionId": "aws-us-west-2",
		"status": "CREATING", "createTime": now.Format(time.RFC3339)}
	with := func(m map[string]any, k string, v any) map[string]any {
		out := map[string]any{}
		for kk, vv := range m {
			out[kk] = vv
		}
		out[k] = v
		return out
	}
	tests := []struct {
		name      string
		createRes int // HTTP status of the create (-1: connection dropped)
		listed    []map[string]any
		wantID    string // "" = the original error is returned
		wantErr   int    // HTTP status of the returned APIError (0: transport error)
		wantList  bool   // whether the lookup must happen
	}{
		{"500, found", 500, []map[string]any{ours}, "in01-ours", 0, true},
		{"connection dropped, found", -1, []map[string]any{ours}, "in01-ours", 0, true},
		{"503 until retries run out, found", 503, []map[string]any{ours}, "in01-ours", 0, true},
		{"500, not found", 500, nil, "", 500, true},
		{"connection dropped, not found", -1, nil, "", 0, true},
		{"500, same name in another project", 500, []map[string]any{with(ours, "projectId", "proj-2")}, "", 500, true},
		{"500, same name in another region", 500, []map[string]any{with(ours, "regionId", "gcp-us-west1")}, "", 500, true},
		{"500, same name but DELETED", 500, []map[string]any{with(ours, "status", "DELETED")}, "", 500, true},
		{"500, same name but created long before", 500, []map[string]any{with(ours, "createTime", now.Add(-2*time.Hour).Format(time.RFC3339))}, "", 500, true},
		{"500, other names only", 500, []map[string]any{with(ours, "clusterName", "prod-2")}, "", 500, true},
		{"400, no lookup", 400, []map[string]any{ours}, "", 400, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var lists atomic.Int32
			handle, hits := statusSequence("/v2/clusters/createDedicated", []int{tc.createRes}, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/v2/clusters" || r.Method != http.MethodGet {
					t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
					return
				}
				lists.Add(1)
				clusters := []any{map[string]any{"clusterId": "in01-other", "clusterName": "other", "projectId": "proj-1", "status": "RUNNING"}}
				for _, c := range tc.listed {
					clusters = append(clusters, c)
				}
				ok(w, map[string]any{"count": len(clusters), "currentPage": 1, "pageSize": 100, "clusters": clusters})
			})
			rec := newRecorder(t, handle)
			logs := &logSink{}
			cfg := fastConfig(rec.srv.URL)
			cfg.Logger = logs.log
			c := newTestClient(t, cfg)
			got, err := c.CreateCluster(t.Context(), req)

			// Found (or a plain 400): one create. Not found: nothing was created, so
			// the create is sent again, createRounds times in all.
			rounds := 1
			if tc.wantID == "" && tc.wantList {
				rounds = createRounds
			}
			wantCreates := rounds
			if tc.createRes == 503 {
				wantCreates = rounds * (cfg.MaxRetries + 1)
			}
			if n := int(hits.Load()); n != wantCreates {
				t.Errorf("create sent %d times, want %d", n, wantCreates)
			}
			if (lists.Load() > 0) != tc.wantList {
				t.Errorf("lookup happened = %v, want %v", lists.Load() > 0, tc.wantList)
			}
			if tc.wantID != "" {
				if err != nil {
					t.Fatalf("error = %v, want the found cluster", err)
				}
				if got.ClusterID != tc.wantID || got.Username != "" || got.Password != "" || !strings.Contains(got.Prompt, "lost") {
					t.Errorf("response = %+v", *got)
				}
				return
			}
			if got != nil || err == nil {
				t.Fatalf("got %+v, %v; want the original error", got, err)
			}
			if tc.wantErr != 0 {
				var ae *APIError
				if !errors.As(err, &ae) || ae.HTTPStatus != tc.wantErr || ae.Path != "/v2/clusters/createDedicated" {
					t.Errorf("error = %v, want the create's HTTP %d", err, tc.wantErr)
				}
			} else {
				var te *transportError
				if !errors.As(err, &te) {
					t.Errorf("error = %v (%T), want the transport error", err, err)
				}
			}
		})
	}
}

func TestCreateClusterLookupFails(t *testing.T) {
	t.Parallel()
	handle, _ := statusSequence("/v2/clusters/createDedicated", []int{500}, func(w http.ResponseWriter, _ *http.Request) {
		reply(w, 401, map[string]any{"code": 21119, "message": "The apikey is illegal"})
	})
	rec := newRecorder(t, handle)
	c := newTestClient(t, fastConfig(rec.srv.URL))
	_, err := c.CreateCluster(t.Context(), CreateClusterRequest{Plan: "Standard", ClusterName: "c", ProjectID: "p"})
	var ae *APIError
	if !errors.As(err, &ae) || ae.HTTPStatus != 500 || !strings.Contains(err.Error(), "looking the cluster up by name afterwards also failed") {
		t.Errorf("error = %v, want the create's 500 plus the lookup failure", err)
	}
}

// TestCreateCollectionAfterLostAnswer: after a lost answer the identical
// create is sent again (createRounds times at most); the server answers it
// with success when the lost one made the collection.
func TestCreateCollectionAfterLostAnswer(t *testing.T) {
	t.Parallel()
	for _, made := range []bool{true, false} {
		statuses := []int{500, 200}
		if !made {
			statuses = []int{500}
		}
		handle, hits := statusSequence("/v1/vector/collections/create", statuses, func(w http.ResponseWriter, r *http.Request) {
			if !answerHas(w, r, false) {
				t.Errorf("unexpected %s %s?%s", r.Method, r.URL.Path, r.URL.RawQuery)
			}
		})
		rec := newRecorder(t, handle)
		c := newTestClient(t, fastConfig(rec.srv.URL))
		dp, _ := c.DataPlane(rec.srv.URL, "tok")
		err := dp.CreateCollection(t.Context(), CreateCollectionRequest{Database: "db1", CollectionName: "docs", Dimension: 4})
		wantCreates := 2
		if !made {
			wantCreates = createRounds
		}
		checks := 1
		if !made {
			checks = 2 // and one after the last lost answer
		}
		if int(hits.Load()) != wantCreates || rec.count() != checks+wantCreates {
			t.Errorf("made=%v: %d creates, %d requests; want %d creates after one name check", made, hits.Load(), rec.count(), wantCreates)
		}
		var ae *APIError
		switch {
		case made && err != nil:
			t.Errorf("made: error = %v, want nil", err)
		case !made && (!errors.As(err, &ae) || ae.HTTPStatus != 500):
			t.Errorf("never made: error = %v, want the create's 500", err)
		}
	}
}

// TestCreateClusterLostThenExists: the first answer is lost, nothing is listed
// yet, the create is sent again and the API says the name exists (40013): the
// cluster the lost attempt made is adopted, never a second one created.
func TestCreateClusterLostThenExists(t *testing.T) {
	t.Parallel()
	var lists atomic.Int32
	handle, hits := statusSequence("/v2/clusters/createDedicated", []int{500, 40013}, nil)
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch {
		case r.URL.Path == "/v2/clusters" && lists.Add(1) == 1:
			ok(w, map[string]any{"count": 0, "currentPage": 1, "pageSize": 100, "clusters": []any{}})
		case r.URL.Path == "/v2/clusters":
			ok(w, map[string]any{"count": 1, "currentPage": 1, "pageSize": 100, "clusters": []any{map[string]any{
				"clusterId": "in01-late", "clusterName": "c", "projectId": "p", "status": "CREATING",
				"createTime": time.Now().UTC().Format(time.RFC3339)}}})
		case r.URL.Path == "/v2/clusters/createDedicated" && hits.Load() == 1:
			hits.Add(1)
			reply(w, 200, map[string]any{"code": 40013, "message": "The specified cluster name already exists."})
		default:
			handle(w, r, n)
		}
	})
	c := newTestClient(t, fastConfig(rec.srv.URL))
	got, err := c.CreateCluster(t.Context(), CreateClusterRequest{Plan: "Standard", ClusterName: "c", ProjectID: "p"})
	if err != nil || got.ClusterID != "in01-late" {
		t.Fatalf("got %+v, %v; want the cluster the lost attempt created", got, err)
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("create sent %d times, want 2", n)
	}
}

// TestWithRetryLimit: a caller's limit cuts a call's retries short; other calls
// keep the client's MaxRetries.
func TestWithRetryLimit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		limit int // -1: no limit
		want  int
	}{
		{"client default", -1, 6},
		{"limit 1", 1, 2},
		{"limit 0", 0, 1},
		{"limit above MaxRetries", 50, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			handle, hits := statusSequence("/v2/clusters/in01-x", []int{503}, nil)
			rec := newRecorder(t, handle)
			cfg := fastConfig(rec.srv.URL)
			cfg.MaxRetries = 5
			c := newTestClient(t, cfg)
			ctx := t.Context()
			if tc.limit >= 0 {
				ctx = WithRetryLimit(ctx, tc.limit)
			}
			if _, err := c.DescribeCluster(ctx, "in01-x"); !IsUnavailable(err) {
				t.Fatalf("error = %v, want unavailable", err)
			}
			if n := int(hits.Load()); n != tc.want {
				t.Errorf("attempts = %d, want %d", n, tc.want)
			}
		})
	}
}

// TestRateLimitCodeRetried: Milvus refuses with HTTP 200 + code 1807 (or 8); the
// server did not act, so even a create is retried, and the answer after that is used.
func TestRateLimitCodeRetried(t *testing.T) {
	t.Parallel()
	for _, code := range []int{1807, 8} {
		var n atomic.Int32
		rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
			if answerHas(w, r, false) {
				return
			}
			if n.Add(1) <= 2 {
				reply(w, 200, map[string]any{"code": code, "message": "request is rejected by limiter"})
				return
			}
			reply(w, 200, map[string]any{"code": 200, "data": map[string]any{}})
		})
		c := newTestClient(t, fastConfig(rec.srv.URL))
		dp, err := c.DataPlane(rec.srv.URL, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := dp.CreateCollection(t.Context(), CreateCollectionRequest{CollectionName: "c", Dimension: 4}); err != nil {
			t.Fatalf("code %d: %v", code, err)
		}
		if got := n.Load(); got != 3 {
			t.Errorf("code %d: %d attempts, want 3", code, got)
		}
	}
}

// TestCreateCollectionLostThenDuplicate: the first answer is lost; the
// identical create is refused as a duplicate (as a gateway that does not
// treat identical creates as success would): the name was free before, so
// the collection is the lost attempt's, not an error.
func TestCreateCollectionLostThenDuplicate(t *testing.T) {
	t.Parallel()
	var creates atomic.Int32
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		switch r.URL.Path {
		case "/v1/vector/collections/create":
			if creates.Add(1) == 1 {
				reply(w, 500, map[string]any{"code": 500, "message": "lost"})
				return
			}
			reply(w, 200, map[string]any{"code": 65535, "message": "create duplicate collection with different parameters, collection: docs"})
		default:
			answerHas(w, r, false)
		}
	})
	c := newTestClient(t, fastConfig(rec.srv.URL))
	dp, _ := c.DataPlane(rec.srv.URL, "tok")
	if err := dp.CreateCollection(t.Context(), CreateCollectionRequest{CollectionName: "docs", Dimension: 4}); err != nil {
		t.Fatalf("error = %v, want the collection the lost attempt made", err)
	}
	if creates.Load() != 2 || rec.count() != 3 {
		t.Errorf("%d creates, %d requests; want 2 creates after one name check", creates.Load(), rec.count())
	}
}
