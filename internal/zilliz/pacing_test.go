package zilliz

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestDataPlaneClass: every route falls into its class by its path, new
// routes of other resources included.
func TestDataPlaneClass(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		method, path string
		want         requestClass
	}{
		{"POST", "/v2/vectordb/collections/create", classCollectionDDL},
		{"POST", "/v2/vectordb/collections/drop", classCollectionDDL},
		{"POST", "/v2/vectordb/collections/load", classCollectionDDL},
		{"POST", "/v2/vectordb/collections/release", classCollectionDDL},
		{"POST", "/v1/vector/collections/create", classCollectionDDL},
		{"POST", "/v1/vector/collections/drop", classCollectionDDL},
		{"POST", "/v2/vectordb/partitions/create", classPartitionDDL},
		{"POST", "/v2/vectordb/partitions/drop", classPartitionDDL},
		{"POST", "/v2/vectordb/partitions/load", classPartitionDDL},
		{"POST", "/v2/vectordb/partitions/release", classPartitionDDL},
		{"POST", "/v2/vectordb/indexes/create", classIndexDDL},
		{"POST", "/v2/vectordb/indexes/drop", classIndexDDL},
		{"POST", "/v2/vectordb/databases/create", classDatabaseDDL},
		{"POST", "/v2/vectordb/databases/alter", classDatabaseDDL},
		{"POST", "/v2/vectordb/collections/describe", classRead},
		{"POST", "/v2/vectordb/collections/has", classRead},
		{"POST", "/v2/vectordb/collections/list", classRead},
		{"POST", "/v2/vectordb/collections/get_load_state", classRead},
		{"POST", "/v2/vectordb/collections/get_stats", classRead},
		{"POST", "/v2/vectordb/partitions/has", classRead},
		{"POST", "/v2/vectordb/indexes/describe", classRead},
		{"POST", "/v2/vectordb/users/describe", classRead},
		{"POST", "/v2/vectordb/roles/list", classRead},
		{"GET", "/v1/vector/collections/describe", classRead},
		{"GET", "/v1/vector/collections", classRead},
		{"POST", "/v2/vectordb/collections/rename", classWrite},
		{"POST", "/v2/vectordb/collections/alter_properties", classWrite},
		{"POST", "/v2/vectordb/collections/fields/add", classWrite},
		{"POST", "/v2/vectordb/aliases/create", classWrite},
		{"POST", "/v2/vectordb/users/create", classWrite},
		{"POST", "/v2/vectordb/roles/grant_privilege", classWrite},
	} {
		if got := dataPlaneClass(tc.method, tc.path); got != tc.want {
			t.Errorf("%s %s: class %v, want %v", tc.method, tc.path, got, tc.want)
		}
	}
}

// TestPacingScopes: the control plane is paced per route and key, a cluster
// endpoint per class and host.
func TestPacingScopes(t *testing.T) {
	t.Parallel()
	p := newPacing(map[requestClass]float64{classControl: 20, classCollectionDDL: 5}, 0, 0)
	req := func(method, url, key string) *http.Request {
		r := httptest.NewRequest(method, url, nil)
		r.Header.Set("Authorization", "Bearer "+key)
		return r
	}
	scope := func(r *http.Request) string {
		class, s := p.classify(r)
		return class.String() + " " + s
	}
	a := scope(req("GET", "https://api.example:443/v2/clusters/in01-aaaa1111", "k1"))
	b := scope(req("GET", "https://api.example:443/v2/clusters/in01-bbbb2222", "k1"))
	if a != b || !strings.Contains(a, "GET /v2/clusters/{id}") || strings.Contains(a, "k1") {
		t.Errorf("describe of two clusters: scopes %q and %q, want one route and no key in clear", a, b)
	}
	if c := scope(req("GET", "https://api.example:443/v2/clusters/in01-aaaa1111", "k2")); c == a {
		t.Errorf("another key shares the scope %q", c)
	}
	if c := scope(req("GET", "https://api.example:443/v2/clusters", "k1")); c == a {
		t.Errorf("another route shares the scope %q", c)
	}
	if got := controlRoute("POST", "/v2/clusters/in01-1/backups/b1x/restoreCluster"); got != "POST /v2/clusters/{id}/backups/{id}/restoreCluster" {
		t.Errorf("controlRoute = %q", got)
	}
	d1 := scope(req("POST", "https://in01-a.example/v2/vectordb/collections/create", "k1"))
	d2 := scope(req("POST", "https://in01-b.example/v2/vectordb/collections/drop", "k1"))
	if d1 == d2 || !strings.HasPrefix(d1, "collection operations") {
		t.Errorf("two clusters' collection operations: %q and %q", d1, d2)
	}
}

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// TestPacerSchedule: a paced class starts one request per interval, without
// a burst; a turn after the deadline is refused without taking it.
func TestPacerSchedule(t *testing.T) {
	t.Parallel()
	p := newPacer(5)
	for i := range 6 {
		start, _, ok := p.reserve(t0, time.Time{})
		if !ok || !start.Equal(t0.Add(ms(200*i))) {
			t.Fatalf("request %d starts at +%v (ok %v), want +%v", i, start.Sub(t0), ok, ms(200*i))
		}
	}
	// The next turn is at +1.2s: a deadline at +1s refuses it and keeps it free.
	if _, _, ok := p.reserve(t0, t0.Add(time.Second)); ok {
		t.Error("a turn after the deadline was given")
	}
	if start, _, _ := p.reserve(t0, time.Time{}); !start.Equal(t0.Add(ms(1200))) {
		t.Errorf("after a refused turn the next starts at +%v, want +1.2s", start.Sub(t0))
	}
	// An idle pacer starts at once.
	if start, _, _ := p.reserve(t0.Add(time.Hour), time.Time{}); !start.Equal(t0.Add(time.Hour)) {
		t.Errorf("an idle pacer delays the request to %v", start)
	}
	// An unpaced class never waits.
	u := newPacer(0)
	for range 100 {
		if start, _, _ := u.reserve(t0, time.Time{}); !start.Equal(t0) {
			t.Fatal("an unpaced class waits")
		}
	}
}

// TestPacerRefusals: a refusal halves the rate once for the requests that
// were in flight together, pauses for Retry-After, re-schedules queued
// requests, and the rate climbs back within pacingRecovery.
func TestPacerRefusals(t *testing.T) {
	t.Parallel()
	p := newPacer(5)
	_, gen, _ := p.reserve(t0, time.Time{})
	_, _, _ = p.reserve(t0, time.Time{})
	near := func(got, want float64) bool { return got > want-0.01 && got < want+0.01 }
	p.refuse(t0.Add(ms(10)), 0)
	if p.rate != 2.5 {
		t.Fatalf("rate after a refusal = %v, want 2.5", p.rate)
	}
	if p.current(gen) {
		t.Error("a request scheduled before the refusal keeps its turn")
	}
	p.refuse(t0.Add(ms(20)), 0) // in flight with the first: no second cut
	if !near(p.rate, 2.5) {
		t.Errorf("a second refusal within one interval cut again: rate %v", p.rate)
	}
	// The pause is one interval at the new rate, counted from the last refusal.
	if start, _, _ := p.reserve(t0.Add(ms(30)), time.Time{}); start.Sub(t0) < ms(415) || start.Sub(t0) > ms(420) {
		t.Errorf("after the refusal the next starts at +%v, want about +420ms", start.Sub(t0))
	}
	// A later refusal cuts again (from the rate recovered meanwhile), with the
	// server's Retry-After as the pause; a shorter pause does not end it.
	p.refuse(t0.Add(ms(500)), 2*time.Second)
	if p.rate > 1.35 || p.rate < 1.3 {
		t.Errorf("rate after a second cut = %v, want about 1.31 (half of 2.62)", p.rate)
	}
	p.refuse(t0.Add(ms(600)), 0)
	if start, _, _ := p.reserve(t0.Add(ms(700)), time.Time{}); !start.Equal(t0.Add(ms(2500))) {
		t.Errorf("next start +%v, want +2.5s (Retry-After 2s from +500ms)", start.Sub(t0))
	}
	// Linear recovery: half-way after half of pacingRecovery, whole after it.
	p.mu.Lock()
	cut := p.cutRate
	p.recover(t0.Add(ms(500) + pacingRecovery/2))
	mid := p.rate
	p.recover(t0.Add(ms(500) + pacingRecovery))
	end := p.rate
	p.mu.Unlock()
	if !near(mid, cut+(5-cut)/2) || end != 5 {
		t.Errorf("rates during recovery %v then %v, want %v then 5", mid, end, cut+(5-cut)/2)
	}
	if p.refusals != 4 {
		t.Errorf("%d refusals counted, want 4", p.refusals)
	}
}

// TestPacerUnpacedRefused: a class without a documented rate is paced at
// half the rate it was sending at once refused, and unpaced again after
// pacingRecovery without a refusal.
func TestPacerUnpacedRefused(t *testing.T) {
	t.Parallel()
	p := newPacer(0)
	for i := range 12 {
		_, _, _ = p.reserve(t0.Add(ms(i*50)), time.Time{}) // 12 in 600 ms
	}
	p.refuse(t0.Add(ms(600)), 0)
	if p.rate != 6 {
		t.Fatalf("rate after the first refusal = %v, want 6 (half of 12 in the last second)", p.rate)
	}
	a, _, _ := p.reserve(t0.Add(ms(600)), time.Time{})
	b, _, _ := p.reserve(t0.Add(ms(600)), time.Time{})
	if b.Sub(a) != interval(6) {
		t.Errorf("paced requests %v apart, want %v", b.Sub(a), interval(6))
	}
	later := t0.Add(ms(600) + pacingRecovery)
	if s1, _, _ := p.reserve(later, time.Time{}); !s1.Equal(later) {
		t.Errorf("after recovery the class still waits until %v", s1)
	}
	if s2, _, _ := p.reserve(later, time.Time{}); !s2.Equal(later) || p.rate != 0 {
		t.Errorf("after recovery the class is still paced (rate %v)", p.rate)
	}
}

// TestHostCap: max_requests_per_second adds a pacer per host over every class.
func TestHostCap(t *testing.T) {
	t.Parallel()
	p := newPacing(map[requestClass]float64{}, 2, 0)
	r := httptest.NewRequest("POST", "https://in01-a.example/v2/vectordb/collections/describe", nil)
	_, pc, hc := p.pacersFor(r)
	if pc.base != 0 || hc == nil || hc.base != 2 {
		t.Fatalf("class pacer %+v, host pacer %+v", pc, hc)
	}
	_, _, hc2 := p.pacersFor(httptest.NewRequest("POST", "https://in01-a.example/v1/vector/collections/create", nil))
	if hc2 != hc {
		t.Error("two classes of one host have separate caps")
	}
	if _, _, none := newPacing(nil, 0, 0).pacersFor(r); none != nil {
		t.Error("a host cap without max_requests_per_second")
	}
}

// TestRefusalsNotCountedAsRetries: a refused request is sent again however
// low MaxRetries is, because the server did not act on it, and a create is
// not duplicated (the server created nothing until it accepted one).
func TestRefusalsNotCountedAsRetries(t *testing.T) {
	t.Parallel()
	for _, refusal := range []struct {
		name   string
		status int
		body   map[string]any
		header []string
	}{
		{"HTTP 200 code 1807", 200, map[string]any{"code": 1807, "message": "request is rejected by limiter, error: rate limit exceeded[rate=5]"}, nil},
		{"HTTP 429 code 1807", 429, map[string]any{"code": 1807, "message": "request is rejected by limiter"}, nil},
		{"HTTP 200 code 8", 200, map[string]any{"code": 8, "message": "rate limit exceeded[rate=5]"}, nil},
		{"HTTP 429 gateway", 429, map[string]any{"message": "Too Many Requests"}, []string{"Retry-After", "0"}},
	} {
		t.Run(refusal.name, func(t *testing.T) {
			t.Parallel()
			var creates, made atomic.Int32
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				if answerHas(w, r, false) {
					return
				}
				if creates.Add(1) <= 4 {
					reply(w, refusal.status, refusal.body, refusal.header...)
					return
				}
				made.Add(1)
				reply(w, 200, map[string]any{"code": 0, "data": map[string]any{}})
			})
			cfg := fastConfig(rec.srv.URL)
			cfg.MaxRetries = -1              // no retries of failures at all
			cfg.CollectionOpsPerSecond = 100 // refusals halve it: pauses of 20, 40, 80, 160 ms
			c := newTestClient(t, cfg)
			dp, _ := c.DataPlane(rec.srv.URL, "")
			// The provider's creates run under their timeout: refusals are
			// waited out within it, whatever max_retries says.
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			err := dp.CreateCollectionV2(ctx, CreateCollectionV2Request{CollectionName: "c",
				Fields: []FieldSchema{{FieldName: "id", DataType: "Int64", IsPrimary: true}}})
			if err != nil {
				t.Fatal(err)
			}
			if creates.Load() != 5 || made.Load() != 1 {
				t.Errorf("%d create attempts, %d carried out; want 5 and 1", creates.Load(), made.Load())
			}
		})
	}
}

// TestRefusalsWithoutDeadlineCountAsRetries: a call with no deadline (a
// refresh during plan) that the server refuses every time fails after
// max_retries instead of waiting without end.
func TestRefusalsWithoutDeadlineCountAsRetries(t *testing.T) {
	t.Parallel()
	var describes atomic.Int32
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		describes.Add(1)
		reply(w, 200, map[string]any{"code": 1807, "message": "request is rejected by limiter"})
	})
	cfg := fastConfig(rec.srv.URL)
	cfg.MaxRetries = 3
	c := newTestClient(t, cfg)
	dp, _ := c.DataPlane(rec.srv.URL, "")
	_, err := dp.DescribeCollectionV2(t.Context(), "default", "c")
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != 1807 {
		t.Fatalf("error = %v, want the refusal (code 1807)", err)
	}
	if n := describes.Load(); n != 4 {
		t.Errorf("%d describes sent, want 4 (the first and 3 retries)", n)
	}
}

// TestRefusedUntilDeadline: a server that refuses every time gets the
// request again until the deadline allows no further turn; the error says
// so and wraps the deadline. A probe's limit does not apply to refusals.
func TestRefusedUntilDeadline(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		n.Add(1)
		reply(w, 200, map[string]any{"code": 1807, "message": "request is rejected by limiter"})
	})
	cfg := fastConfig(rec.srv.URL)
	cfg.MaxRetries = -1
	cfg.CollectionOpsPerSecond = 50 // refusals halve it: 20 ms, 40 ms, 80 ms, ...
	c := newTestClient(t, cfg)
	dp, _ := c.DataPlane(rec.srv.URL, "")
	ctx, cancel := context.WithTimeout(WithProbe(t.Context()), time.Second)
	defer cancel()
	err := dp.DropCollection(ctx, "", "c")
	if !errors.Is(err, context.DeadlineExceeded) || !IsTransient(err) && !strings.Contains(err.Error(), "rate limit") {
		t.Errorf("error = %v, want the rate limit and the deadline", err)
	}
	if n.Load() < 3 {
		t.Errorf("%d attempts: refusals were not sent again", n.Load())
	}
}

// TestMaxInFlightPerHost: no more than MaxInFlightPerHost requests are open
// at once to one host; the others wait for a slot.
func TestMaxInFlightPerHost(t *testing.T) {
	t.Parallel()
	var (
		mu         sync.Mutex
		open, most int
	)
	arrived, release, done := make(chan struct{}, 64), make(chan struct{}), make(chan struct{})
	defer close(done)
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		mu.Lock()
		open++
		most = max(most, open)
		mu.Unlock()
		arrived <- struct{}{}
		select {
		case <-release:
		case <-done: // the test is over: never leave the server hanging
		}
		mu.Lock()
		open--
		mu.Unlock()
		ok(w, []any{})
	})
	cfg := fastConfig(rec.srv.URL)
	cfg.MaxInFlightPerHost = 2
	cfg.RequestTimeout = time.Hour // a slow machine must not make the client give up and retry
	c := newTestClient(t, cfg)
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			if _, err := c.ListProjects(t.Context()); err != nil {
				t.Error(err)
			}
		})
	}
	// Two arrive and hold their slots; each release lets one more in.
	<-arrived
	<-arrived
	for i := range 6 {
		release <- struct{}{}
		if i < 4 {
			<-arrived
		}
	}
	wg.Wait()
	if most != 2 {
		t.Errorf("at most %d requests open at once, want 2", most)
	}
}
