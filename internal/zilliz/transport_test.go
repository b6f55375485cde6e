package zilliz

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestRateLimiter: all requests of a client, control and data plane, share one
// limiter: with 20 rps (burst 20), 30 requests need at least 10/20 s beyond the burst.
func TestRateLimiter(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if strings.HasPrefix(r.URL.Path, "/v1/") {
			reply(w, 200, map[string]any{"code": 200, "data": []string{}})
			return
		}
		ok(w, []any{})
	})
	cfg := fastConfig(rec.srv.URL)
	cfg.RequestsPerSecond = 20
	c := newTestClient(t, cfg)
	dp, _ := c.DataPlane(rec.srv.URL, "")
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, 30)
	for i := range 30 {
		wg.Go(func() {
			var err error
			if i%2 == 0 {
				_, err = c.ListClouds(t.Context())
			} else {
				_, err = dp.ListCollections(t.Context(), "")
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	if elapsed < 450*time.Millisecond {
		t.Errorf("30 requests at 20 rps took %v, want >= ~500ms", elapsed)
	}
	if elapsed > 3*time.Second {
		t.Errorf("30 requests at 20 rps took %v: the limiter is too slow", elapsed)
	}

	// Disabled limiter: the same burst is fast.
	cfg.RequestsPerSecond = -1
	c = newTestClient(t, cfg)
	start = time.Now()
	for range 30 {
		if _, err := c.ListClouds(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if elapsed := time.Since(start); elapsed > 400*time.Millisecond {
		t.Errorf("30 unlimited requests took %v", elapsed)
	}
}

// TestRateLimiterDeadline: a wait that cannot end before the deadline fails at
// once, without sending, and is not retried.
func TestRateLimiterDeadline(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) { ok(w, []any{}) })
	cfg := fastConfig(rec.srv.URL)
	cfg.RequestsPerSecond = 0.5 // one token, refilled every 2s
	c := newTestClient(t, cfg)
	if _, err := c.ListClouds(t.Context()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.ListClouds(ctx)
	var le *limiterError
	if !errors.As(err, &le) {
		t.Errorf("error = %v, want the limiter's", err)
	}
	if time.Since(start) > 150*time.Millisecond || rec.count() != 1 {
		t.Errorf("took %v with %d requests; want an immediate failure and no request", time.Since(start), rec.count())
	}
}

// TestLoggerNeverSeesSecrets runs calls whose requests and answers carry the key,
// a data-plane token and a password, and scans every logged field.
func TestLoggerNeverSeesSecrets(t *testing.T) {
	t.Parallel()
	const (
		apiKey   = "sk-SUPER-SECRET-api-key-42"
		token    = "db_admin:Token-Pass-99"
		password = "Ow5)R;Uu7q(aK(LN"
	)
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch {
		case r.URL.Path == "/v2/clusters/createDedicated":
			ok(w, map[string]any{"clusterId": "in01-x", "username": "db_admin", "password": password, "prompt": "p"})
		case r.URL.Path == "/v2/clusters/createFree" && n < 5:
			reply(w, 503, map[string]any{"code": 503, "message": "token " + token + " busy"}, "requestid", "rid-503")
		case r.URL.Path == "/v2/clusters/createFree":
			ok(w, map[string]any{"clusterId": "in03-x", "password": password})
		case strings.HasPrefix(r.URL.Path, "/v1/"):
			reply(w, 200, map[string]any{"code": 200, "data": map[string]any{"collectionName": "c"}})
		default:
			reply(w, 401, map[string]any{"code": 21119, "message": "The apikey is illegal: " + apiKey})
		}
	})
	logs := &logSink{}
	cfg := fastConfig(rec.srv.URL)
	cfg.APIKey = apiKey
	cfg.Logger = logs.log
	c := newTestClient(t, cfg)
	ctx := t.Context()
	if _, err := c.CreateCluster(ctx, CreateClusterRequest{Plan: "Standard", ClusterName: "c", ProjectID: "p"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateCluster(ctx, CreateClusterRequest{Plan: "Free", ClusterName: "f", ProjectID: "p"}); err != nil {
		t.Fatal(err)
	}
	_, _ = c.ListProjects(ctx)
	dp, _ := c.DataPlane(rec.srv.URL, token)
	if _, err := dp.DescribeCollection(ctx, "", "c"); err != nil {
		t.Fatal(err)
	}
	_ = dp.CreateCollection(ctx, CreateCollectionRequest{CollectionName: "c", Dimension: 2})

	entries := logs.all()
	if len(entries) < 8 {
		t.Fatalf("only %d log entries:\n%s", len(entries), logs)
	}
	for _, e := range entries {
		text := e.Msg + " " + fmt.Sprint(e.Fields)
		for _, secret := range []string{apiKey, token, "Token-Pass-99", password, "Bearer"} {
			if strings.Contains(text, secret) {
				t.Errorf("log entry leaks %q: %s", secret, text)
			}
		}
	}

	// One entry per attempt, with the documented fields.
	attempts := logs.withMsg("Zilliz API request")
	if want := rec.count(); len(attempts) != want {
		t.Errorf("%d attempt entries for %d requests", len(attempts), want)
	}
	var sawRetry503 bool
	for _, e := range attempts {
		for _, k := range []string{"method", "path", "host", "status", "attempt", "duration_ms"} {
			if _, ok := e.Fields[k]; !ok {
				t.Errorf("attempt entry lacks %q: %v", k, e.Fields)
			}
		}
		if e.Fields["status"] == 503 {
			sawRetry503 = true
			if e.Fields["code"] != 503 || e.Fields["request_id"] != "rid-503" || e.Fields["path"] != "/v2/clusters/createFree" {
				t.Errorf("503 attempt entry = %v", e.Fields)
			}
		}
	}
	if !sawRetry503 {
		t.Error("no attempt entry for the 503s")
	}
	decisions := logs.withMsg("Zilliz API retry decision")
	if len(decisions) != 3 {
		t.Fatalf("%d retry decisions, want 3 (for the three 503s):\n%s", len(decisions), logs)
	}
	for i, d := range decisions {
		if d.Fields["retry"] != true || !strings.Contains(fmt.Sprint(d.Fields["reason"]), "503") || d.Fields["attempt"] != i+1 {
			t.Errorf("decision %d = %v", i, d.Fields)
		}
	}
}

// TestResponseTooLarge: answers are read up to a bound, and an oversized one is an
// error, not retried.
func TestResponseTooLarge(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"code":0,"data":"`))
		_, _ = w.Write([]byte(strings.Repeat("x", maxResponseBytes)))
		_, _ = w.Write([]byte(`"}`))
	})
	c := newTestClient(t, fastConfig(rec.srv.URL))
	_, err := c.ListProjects(t.Context())
	if err == nil || !strings.Contains(err.Error(), "response body larger than") || IsUnavailable(err) {
		t.Errorf("error = %v", err)
	}
	if n := rec.count(); n != 1 {
		t.Errorf("%d attempts, want 1", n)
	}
}

// TestRateLimitPerHost: each host has its own bucket, so a busy cluster endpoint
// does not slow the control plane down.
func TestRateLimitPerHost(t *testing.T) {
	t.Parallel()
	a := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) { ok(w, map[string]any{"clusterId": "in01-x"}) })
	b := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) { ok(w, map[string]any{"clusterId": "in01-x"}) })
	cfg := fastConfig(a.srv.URL)
	cfg.RequestsPerSecond = 5
	c := newTestClient(t, cfg)
	other, err := NewClient(Config{BaseURL: b.srv.URL, APIKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	other.retry = c.retry // the same transport and limiters, another host
	start := time.Now()
	for i := 0; i < 5; i++ {
		if _, err := c.DescribeCluster(t.Context(), "in01-x"); err != nil {
			t.Fatal(err)
		}
		if _, err := other.DescribeCluster(t.Context(), "in01-x"); err != nil {
			t.Fatal(err)
		}
	}
	// Ten requests at 5/s with a burst of 5 would take a second on one bucket;
	// five per host fit in each host's burst.
	if elapsed := time.Since(start); elapsed > 500*time.Millisecond {
		t.Errorf("10 requests to two hosts took %s: the hosts share one limit", elapsed)
	}
	start = time.Now()
	for i := 0; i < 5; i++ {
		if _, err := c.DescribeCluster(t.Context(), "in01-x"); err != nil {
			t.Fatal(err)
		}
	}
	if elapsed := time.Since(start); elapsed < 700*time.Millisecond {
		t.Errorf("5 more requests to a host whose burst is spent took %s, want about 1s at 5/s", elapsed)
	}
}
