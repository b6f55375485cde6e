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

	"golang.org/x/time/rate"
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
	// Upper bounds are wide (a loaded CI machine is slow, never fast): they
	// catch a limiter that is stuck, not one that is a little late.
	if elapsed > 15*time.Second {
		t.Errorf("30 requests at 20 rps took %v: the limiter is too slow", elapsed)
	}

	// Disabled limiter: 100 requests, which a 20 rps limiter would spread over
	// at least 4 s, are done well within 3 s.
	cfg.RequestsPerSecond = -1
	c = newTestClient(t, cfg)
	start = time.Now()
	for range 100 {
		if _, err := c.ListClouds(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("100 unlimited requests took %v", elapsed)
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
	// The next token comes in 2 s; the deadline is 1.9 s away. Failing at once
	// (not after waiting out the deadline) shows with a wide margin.
	ctx, cancel := context.WithTimeout(t.Context(), 1900*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.ListClouds(ctx)
	var le *limiterError
	if !errors.As(err, &le) {
		t.Errorf("error = %v, want the limiter's", err)
	}
	if time.Since(start) > time.Second || rec.count() != 1 {
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
	cfg.RequestsPerSecond = 0.25 // a burst of one, the next token after 4 s
	c := newTestClient(t, cfg)
	other, err := NewClient(Config{BaseURL: b.srv.URL, APIKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	other.retry = c.retry // the same transport and limiters, another host
	// One request per host: each host's own token. A shared bucket would make the
	// second one wait 4 s; the deadline of 2 s would refuse it at once.
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	if _, err := c.DescribeCluster(ctx, "in01-x"); err != nil {
		t.Fatal(err)
	}
	if _, err := other.DescribeCluster(ctx, "in01-x"); err != nil {
		t.Fatalf("a request to another host was limited: %v (the hosts share one limit)", err)
	}
	// A second request to the first host: its token is spent, refused at once.
	var le *limiterError
	if _, err := c.DescribeCluster(ctx, "in01-x"); !errors.As(err, &le) {
		t.Errorf("second request to a host whose burst is spent: error %v, want the limiter's", err)
	}
	if a.count() != 1 || b.count() != 1 {
		t.Errorf("requests sent: %d and %d, want 1 and 1", a.count(), b.count())
	}
}

// TestHostLimitersClock checks the buckets with explicit times instead of
// sleeping: rate, burst and one bucket per host.
func TestHostLimitersClock(t *testing.T) {
	t.Parallel()
	h := &hostLimiters{limit: 5, burst: 5, byHost: map[string]*rate.Limiter{}}
	t0 := time.Unix(1_000_000, 0)
	for i := range 5 {
		if d := h.get("a:443").ReserveN(t0, 1).DelayFrom(t0); d != 0 {
			t.Fatalf("request %d within the burst waits %v", i, d)
		}
	}
	if d := h.get("b:443").ReserveN(t0, 1).DelayFrom(t0); d != 0 {
		t.Errorf("another host waits %v: the hosts share one bucket", d)
	}
	if d := h.get("a:443").ReserveN(t0, 1).DelayFrom(t0); d != 200*time.Millisecond {
		t.Errorf("the 6th request at 5/s waits %v, want 200ms", d)
	}
	t1 := t0.Add(time.Second)
	if d := h.get("a:443").ReserveN(t1, 1).DelayFrom(t1); d != 0 {
		t.Errorf("after a second (4 tokens back) the next request waits %v", d)
	}
}
