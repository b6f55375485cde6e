package zillizmock

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// limitedServer is a test server enforcing the documented limits on a
// manual clock, so that tokens are counted, never timed.
func limitedServer(t *testing.T) (*Server, *ManualClock) {
	t.Helper()
	clk := NewManualClock(time.Time{})
	s := newTestServer(t, func(o *Options) { o.RateLimits = RateLimits{Clock: clk} })
	return s, clk
}

func refusedInLog(s *Server) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Fault == faultRateLimit {
			n++
		}
	}
	return n
}

// TestRateLimitCollectionOps: 5 collection operations per second per cluster,
// refused with the server's answer (v2: HTTP 200 code 1807; v1: code 8) and
// not carried out; reads are never refused; each cluster has its own bucket.
func TestRateLimitCollectionOps(t *testing.T) {
	t.Parallel()
	s, clk := limitedServer(t)
	a := newV2Client(t, s, "limited-a")
	b := newV2Client(t, s, "limited-b")

	create := func(c v2Client, name string) apiResp {
		return c.post("create", map[string]any{"collectionName": name, "dimension": 4})
	}
	for i := range 5 {
		wantCode(t, create(a, fmt.Sprintf("c%d", i)), http.StatusOK, 0)
	}
	r := create(a, "c5")
	wantCode(t, r, http.StatusOK, codeRejectedByLimiter)
	if !strings.HasPrefix(r.Message, "request is rejected by limiter") {
		t.Errorf("message %q", r.Message)
	}
	if has := a.post("has", map[string]any{"collectionName": "c5"}); !strings.Contains(string(has.Data), "false") {
		t.Errorf("a refused create was carried out: has = %s", has.Data)
	}
	// Reads are not limited; load, release and drop share the bucket.
	for range 20 {
		wantCode(t, a.post("describe", map[string]any{"collectionName": "c0"}), http.StatusOK, 0)
	}
	wantCode(t, a.post("release", map[string]any{"collectionName": "c0"}), http.StatusOK, codeRejectedByLimiter)
	v1 := call(t, http.MethodPost, a.ep+"/v1/vector/collections/drop", a.key, map[string]any{"collectionName": "c0"})
	wantCode(t, v1, http.StatusOK, codeRateLimit)

	// Another cluster has its own bucket.
	wantCode(t, create(b, "c0"), http.StatusOK, 0)

	// One token comes back every 200 ms.
	clk.Advance(199 * time.Millisecond)
	wantCode(t, create(a, "c5"), http.StatusOK, codeRejectedByLimiter)
	clk.Advance(time.Millisecond)
	wantCode(t, create(a, "c5"), http.StatusOK, 0)
	wantCode(t, create(a, "c6"), http.StatusOK, codeRejectedByLimiter)

	if n := s.RateLimitRefusals(); n != 5 || refusedInLog(s) != 5 {
		t.Errorf("RateLimitRefusals = %d, in the log %d; want 5", n, refusedInLog(s))
	}
}

// TestRateLimitPartitionOps: partition operations share one bucket of 1/s per
// cluster, apart from the collection one.
func TestRateLimitPartitionOps(t *testing.T) {
	t.Parallel()
	s, clk := limitedServer(t)
	c := newV2Client(t, s, "partitions")
	part := func(route string) apiResp {
		return call(t, http.MethodPost, c.ep+"/v2/vectordb/partitions/"+route, c.key,
			map[string]any{"collectionName": "c", "partitionName": "p"})
	}
	if r := part("create"); r.Code == codeRejectedByLimiter {
		t.Fatalf("the first partition create was refused: %s", r.Raw)
	}
	wantCode(t, part("create"), http.StatusOK, codeRejectedByLimiter)
	wantCode(t, part("drop"), http.StatusOK, codeRejectedByLimiter)
	wantCode(t, c.post("create", map[string]any{"collectionName": "c", "dimension": 4}), http.StatusOK, 0)
	clk.Advance(time.Second)
	if r := part("drop"); r.Code == codeRejectedByLimiter {
		t.Errorf("a second later the partition drop was refused: %s", r.Raw)
	}
}

// TestRateLimitControlPlane: 20 requests per second per route and key, then
// HTTP 429 with Retry-After; other routes and other keys have their own.
func TestRateLimitControlPlane(t *testing.T) {
	t.Parallel()
	s, clk := limitedServer(t)
	c := runningCluster(t, s, "ctl")
	used := 0
	for _, r := range s.Requests() {
		if r.Path == "/v2/clusters/"+c.ClusterID {
			used++ // runningCluster's polls
		}
	}
	for i := used; i < 20; i++ {
		wantCode(t, ctl(t, s, http.MethodGet, "/v2/clusters/"+c.ClusterID, nil), http.StatusOK, 0)
	}
	r := ctl(t, s, http.MethodGet, "/v2/clusters/"+c.ClusterID, nil)
	wantCode(t, r, http.StatusTooManyRequests, http.StatusTooManyRequests)
	if r.Header.Get("Retry-After") != "1" {
		t.Errorf("Retry-After = %q", r.Header.Get("Retry-After"))
	}
	// The route, not the cluster: another id is the same route.
	wantCode(t, ctl(t, s, http.MethodGet, "/v2/clusters/in01-0000000000000aa", nil), http.StatusTooManyRequests, http.StatusTooManyRequests)
	wantCode(t, ctl(t, s, http.MethodGet, "/v2/clusters", nil), http.StatusOK, 0)
	other := call(t, http.MethodGet, s.URL()+"/v2/clusters/"+c.ClusterID, s.OtherProjectAPIKey(), nil)
	if other.HTTP == http.StatusTooManyRequests {
		t.Errorf("another key shares the bucket: %s", other.Raw)
	}
	clk.Advance(50 * time.Millisecond)
	wantCode(t, ctl(t, s, http.MethodGet, "/v2/clusters/"+c.ClusterID, nil), http.StatusOK, 0)
}

// TestRateLimitsOff: Options.RateLimits.Off lets everything through.
func TestRateLimitsOff(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil) // fastOptions turns them off
	c := newV2Client(t, s, "unlimited")
	for i := range 12 {
		wantCode(t, c.post("create", map[string]any{"collectionName": fmt.Sprintf("c%d", i), "dimension": 4}), http.StatusOK, 0)
	}
	if n := s.RateLimitRefusals(); n != 0 {
		t.Errorf("%d refusals", n)
	}
}

func TestControlRoute(t *testing.T) {
	t.Parallel()
	for path, want := range map[string]string{
		"/v2/clusters":                                 "GET /v2/clusters",
		"/v2/clusters/in01-6183d6bac30f801":            "GET /v2/clusters/{id}",
		"/v2/clusters/in01-6183d6bac30f801/labels":     "GET /v2/clusters/{id}/labels",
		"/v2/projects/proj-4487580fcfe2c8a4391686":     "GET /v2/projects/{id}",
		"/v2/clusters/in05-1/backups/backup1_20260101": "GET /v2/clusters/{id}/backups/{id}",
	} {
		if got := controlRoute(http.MethodGet, path); got != want {
			t.Errorf("controlRoute(%q) = %q, want %q", path, got, want)
		}
	}
}
