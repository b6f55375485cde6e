package zillizmock

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFault429(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		retryAfter time.Duration
		want       string
	}{
		{0, "0"},
		{time.Millisecond, "1"},
		{time.Second, "1"},
		{1500 * time.Millisecond, "2"},
		{30 * time.Second, "30"},
	} {
		t.Run(tc.retryAfter.String(), func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t, func(o *Options) { o.Faults = Faults{Rate429: 1, RetryAfter: tc.retryAfter} })
			r := ctl(t, s, http.MethodGet, "/v2/projects", nil)
			if r.HTTP != http.StatusTooManyRequests || string(r.Raw) != `{"code":429,"message":"Too many requests"}` {
				t.Fatalf("got HTTP %d %s", r.HTTP, r.Raw)
			}
			if got := r.Header.Get("Retry-After"); got != tc.want {
				t.Errorf("Retry-After %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFault503AndPathPrefix(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, func(o *Options) { o.Faults = Faults{Rate5xx: 1, PathPrefix: "/v2/clusters"} })
	r := ctl(t, s, http.MethodGet, "/v2/clusters", nil)
	if r.HTTP != http.StatusServiceUnavailable || string(r.Raw) != `{"code":503,"message":"Service unavailable"}` {
		t.Fatalf("got HTTP %d %s", r.HTTP, r.Raw)
	}
	// Faults come before auth: even a bad key gets the fault.
	wantCode(t, call(t, http.MethodGet, s.URL()+"/v2/clusters", "bad", nil), http.StatusServiceUnavailable, 503)
	// Outside the prefix, and on /_mock/, nothing is injected.
	wantCode(t, ctl(t, s, http.MethodGet, "/v2/projects", nil), http.StatusOK, 0)
	if r := call(t, http.MethodGet, s.URL()+"/_mock/requests", "", nil); r.HTTP != http.StatusOK {
		t.Fatalf("/_mock/requests faulted: HTTP %d", r.HTTP)
	}
	reqs := s.Requests()
	if len(reqs) != 3 || reqs[0].Fault != "503" || reqs[0].Code != 503 || reqs[0].HTTPStatus != 503 || reqs[2].Fault != "" {
		t.Errorf("log %+v", reqs)
	}

	s.SetFaults(Faults{})
	wantCode(t, ctl(t, s, http.MethodGet, "/v2/clusters", nil), http.StatusOK, 0)
}

func TestFaultDrop(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, func(o *Options) { o.Faults = Faults{RateDrop: 1} })
	_, err := do(t, http.MethodPost, s.URL()+"/v2/clusters/createDedicated", s.APIKey(), dedicatedBody(s, "dropped"))
	if err == nil {
		t.Fatal("a dropped request got an answer")
	}
	if n := len(s.Clusters()); n != 0 {
		t.Fatalf("a request dropped before handling created %d clusters", n)
	}
	reqs := s.Requests()
	if len(reqs) != 1 || !reqs[0].Dropped || reqs[0].Fault != "drop" || reqs[0].Code != 0 || reqs[0].HTTPStatus != 0 {
		t.Fatalf("log %+v", reqs)
	}
}

func TestFaultDropAfter(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	s := newTestServer(t, func(o *Options) { o.Faults = Faults{RateDropAfter: 1}; o.Log = &out })
	_, err := do(t, http.MethodPost, s.URL()+"/v2/clusters/createDedicated", s.APIKey(), dedicatedBody(s, "lost-answer"))
	if err == nil {
		t.Fatal("the answer arrived")
	}
	cl := s.Clusters()
	if len(cl) != 1 || cl[0].ClusterName != "lost-answer" {
		t.Fatalf("the create did not happen: %+v", cl)
	}
	reqs := s.Requests()
	if len(reqs) != 1 || !reqs[0].Dropped || reqs[0].Fault != "drop-after" {
		t.Fatalf("log %+v", reqs)
	}
	if !strings.Contains(out.String(), "dropped after handling (answer would have been HTTP 200, code 0)") {
		t.Errorf("log line %q", out.String())
	}

	// The retry finds the name taken, as the real API would say.
	s.SetFaults(Faults{})
	wantCode(t, ctl(t, s, http.MethodPost, "/v2/clusters/createDedicated", dedicatedBody(s, "lost-answer")), http.StatusOK, codeClusterNameExists)
}

func TestFaultOnDataPlane(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := runningCluster(t, s, "faulty-data")
	s.SetFaults(Faults{Rate429: 1, RetryAfter: 2 * time.Second, PathPrefix: "/v1/"})
	r := call(t, http.MethodGet, endpoint(s, c.ClusterID)+"/v1/vector/collections", s.APIKey(), nil)
	if r.HTTP != http.StatusTooManyRequests || r.Header.Get("Retry-After") != "2" {
		t.Fatalf("got HTTP %d %v", r.HTTP, r.Header)
	}
	reqs := s.Requests()
	last := reqs[len(reqs)-1]
	if last.ClusterID != c.ClusterID || last.Fault != "429" || last.Database != "default" {
		t.Errorf("log entry %+v", last)
	}
}

// TestLatency: the latency is waited before every answer, and SetLatency
// changes it for the requests that follow. Only lower bounds on real time are
// checked (a busy machine makes answers later, never sooner); a request that
// must not wait is bounded by the client's generous timeout, which fails loudly.
func TestLatency(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, func(o *Options) { o.Latency = 60 * time.Millisecond })
	start := time.Now()
	ctl(t, s, http.MethodGet, "/v2/clouds", nil)
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Errorf("answered in %v despite 60ms latency", d)
	}

	// An hour's latency: the client gives up long before any answer.
	s.SetLatency(time.Hour)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+"/v2/clouds", nil)
	req.Header.Set("Authorization", "Bearer "+s.APIKey())
	if resp, err := noKeepAlive.Do(req); err == nil {
		_ = resp.Body.Close()
		t.Fatalf("answered HTTP %d despite an hour's latency", resp.StatusCode)
	}

	// No latency: answered (within the test client's 10 s timeout).
	s.SetLatency(0)
	if r := ctl(t, s, http.MethodGet, "/v2/clouds", nil); r.HTTP != http.StatusOK {
		t.Errorf("with no latency: HTTP %d", r.HTTP)
	}
}

func TestFaultRates(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, func(o *Options) { o.Faults = Faults{Rate429: 0.5}; o.Seed = 42 })
	n429 := 0
	const n = 200
	for range n {
		if ctl(t, s, http.MethodGet, "/v2/clouds", nil).HTTP == http.StatusTooManyRequests {
			n429++
		}
	}
	if n429 < n/4 || n429 > 3*n/4 {
		t.Errorf("%d of %d requests got 429 at rate 0.5", n429, n)
	}
}

// TestSlowFaultStillActs: a client that gives up on a slow answer has not
// stopped the request: the cluster is created all the same.
func TestSlowFaultStillActs(t *testing.T) {
	t.Parallel()
	// An hour late: the answer can never beat the client's timeout.
	s := newTestServer(t, func(o *Options) {
		o.Faults = Faults{RateSlow: 1, SlowBy: time.Hour, PathPrefix: "/v2/clusters/create"}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	body := strings.NewReader(`{"clusterName":"slow","projectId":"` + s.ProjectID() + `","regionId":"gcp-us-west1"}`)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/v2/clusters/createServerless", body)
	req.Header.Set("Authorization", "Bearer "+s.APIKey())
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		_ = resp.Body.Close()
		t.Fatal("the slow answer arrived before the client's timeout")
	}
	// The mock notices the client has gone and carries the create out: wait
	// for that event (a generous bound: waiting out SlowBy would take an hour).
	eventually(func() bool { return len(s.Clusters()) > 0 })
	if got := s.Clusters(); len(got) != 1 || got[0].ClusterName != "slow" {
		t.Fatalf("clusters after the abandoned slow create: %+v", got)
	}
	if r := s.Requests(); len(r) != 1 || r[0].Fault != "slow" {
		t.Fatalf("request log: %+v", r)
	}
}
