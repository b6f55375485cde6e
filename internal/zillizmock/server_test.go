package zillizmock

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fast timings so the whole package runs in a few seconds.
func fastOptions() Options {
	return Options{
		CreateDuration:  5 * time.Millisecond,
		ModifyDuration:  5 * time.Millisecond,
		SuspendDuration: 5 * time.Millisecond,
		ResumeDuration:  5 * time.Millisecond,
		DeleteDuration:  5 * time.Millisecond,
		LoadDuration:    -1, // tests of the loading phase set their own
		Seed:            1,
		// Handler tests send faster than the service allows; ratelimit_test.go
		// tests the limits.
		RateLimits: RateLimits{Off: true},
	}
}

func newTestServer(t *testing.T, mod func(*Options)) *Server {
	t.Helper()
	opts := fastOptions()
	if mod != nil {
		mod(&opts)
	}
	s, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// manualServer is a test server whose asynchronous phases (creating,
// modifying, loading, ...) move only when the test moves the returned clock.
func manualServer(t *testing.T, mod func(*Options)) (*Server, *ManualClock) {
	t.Helper()
	clock := NewManualClock(time.Time{})
	s := newTestServer(t, func(o *Options) {
		o.Clock = clock
		if mod != nil {
			mod(o)
		}
	})
	return s, clock
}

// apiResp is a decoded answer of either plane.
type apiResp struct {
	HTTP    int
	Header  http.Header
	Raw     []byte
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

// noKeepAlive avoids connection reuse, so a dropped connection is never
// retried by the transport behind the test's back.
var noKeepAlive = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}

// do sends a request with "Authorization: Bearer token" (none if token is
// empty), a JSON body (none if body is nil; a string is sent verbatim) and
// optional extra headers as name, value pairs.
func do(t *testing.T, method, url, token string, body any, headers ...string) (apiResp, error) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := noKeepAlive.Do(req)
	if err != nil {
		return apiResp{}, err
	}
	defer func() { _ = res.Body.Close() }()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return apiResp{}, err
	}
	out := apiResp{HTTP: res.StatusCode, Header: res.Header, Raw: raw}
	if len(raw) > 0 && raw[0] == '{' { // /_mock/requests is a bare array
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%s %s: body is not an envelope: %v: %s", method, url, err, raw)
		}
	}
	return out, nil
}

// call is do for requests that must get an answer.
func call(t *testing.T, method, url, token string, body any, headers ...string) apiResp {
	t.Helper()
	r, err := do(t, method, url, token, body, headers...)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	return r
}

// ctl calls the control plane with the server's key.
func ctl(t *testing.T, s *Server, method, path string, body any) apiResp {
	t.Helper()
	return call(t, method, s.URL()+path, s.APIKey(), body)
}

func wantCode(t *testing.T, r apiResp, httpStatus, code int) {
	t.Helper()
	if r.HTTP != httpStatus || r.Code != code {
		t.Fatalf("got HTTP %d code %d (%s), want HTTP %d code %d", r.HTTP, r.Code, r.Raw, httpStatus, code)
	}
}

func decodeData[T any](t *testing.T, r apiResp) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.Data, &v); err != nil {
		t.Fatalf("decode data %s: %v", r.Data, err)
	}
	return v
}

func dedicatedBody(s *Server, name string) map[string]any {
	return map[string]any{
		"clusterName": name, "projectId": s.ProjectID(), "regionId": "gcp-us-west1",
		"plan": "Standard", "cuType": "Performance-optimized", "cuSize": 1,
	}
}

func serverlessBody(s *Server, name string) map[string]any {
	return map[string]any{"clusterName": name, "projectId": s.ProjectID(), "regionId": "gcp-us-west1"}
}

// createCluster creates a cluster through the API and returns the create data.
func createCluster(t *testing.T, s *Server, route string, body map[string]any) createResponse {
	t.Helper()
	r := ctl(t, s, http.MethodPost, "/v2/clusters/"+route, body)
	wantCode(t, r, http.StatusOK, 0)
	return decodeData[createResponse](t, r)
}

// describe returns the describe data of a cluster (and the raw answer).
// describe decodes into the newer docs' form; replica and labels stay zero
// unless the server runs with DescribeReplicaAndLabels.
func describe(t *testing.T, s *Server, id string) (describeDataNewer, apiResp) {
	t.Helper()
	r := ctl(t, s, http.MethodGet, "/v2/clusters/"+id, nil)
	if r.Code != 0 {
		return describeDataNewer{}, r
	}
	return decodeData[describeDataNewer](t, r), r
}

// waitRunning polls describe until the cluster is RUNNING (on the wall
// clock, with the millisecond phases of fastOptions), failing only after a
// generous 30 s. Tests of a phase itself use manualServer and step its clock.
func waitRunning(t *testing.T, s *Server, id string) describeDataNewer {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		d, r := describe(t, s, id)
		if r.Code != 0 {
			t.Fatalf("describe %s: %s", id, r.Raw)
		}
		if d.Status == StatusRunning {
			return d
		}
		if time.Now().After(deadline) {
			t.Fatalf("cluster %s still %s after 30s, want RUNNING", id, d.Status)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// eventually polls cond until it holds (true) or a generous 30 s have passed
// (false): for events that come at once on an idle machine and later on a
// busy one.
func eventually(cond func() bool) bool {
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
	return true
}

// runningCluster creates a dedicated cluster and waits until it runs; on a
// manual clock it moves the clock past the CREATING phase first.
func runningCluster(t *testing.T, s *Server, name string) createResponse {
	t.Helper()
	c := createCluster(t, s, "createDedicated", dedicatedBody(s, name))
	if clock, ok := s.opts.Clock.(*ManualClock); ok {
		clock.Advance(s.opts.CreateDuration)
	}
	waitRunning(t, s, c.ClusterID)
	return c
}

func TestNewValidatesOptions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opts Options
	}{
		{"bad project id", Options{ProjectID: "proj-123"}},
		{"upper-case project id", Options{ProjectID: "proj-4487580FCFE2C8A4391686"}},
		{"fault rate above 1", Options{Faults: Faults{Rate429: 1.5}}},
		{"negative fault rate", Options{Faults: Faults{RateDrop: -0.1}}},
		{"bad address", Options{Addr: "no-such-host-zzz.invalid:0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := New(tc.opts)
			if err == nil {
				s.Close()
				t.Fatal("New accepted bad options")
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	if s.APIKey() != DefaultAPIKey || s.ProjectID() != DefaultProjectID {
		t.Errorf("got key %q project %q", s.APIKey(), s.ProjectID())
	}
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") || strings.HasSuffix(s.URL(), "/") {
		t.Errorf("URL %q", s.URL())
	}
	if s.opts.CreateDuration != 2*time.Second || s.opts.DeleteDuration != time.Second {
		t.Errorf("durations %v %v", s.opts.CreateDuration, s.opts.DeleteDuration)
	}
}

func TestControlPlaneAuth(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	recorded := `{"code":21119,"message":"The apikey is illegal"}`
	for _, tc := range []struct {
		name   string
		header string
	}{
		{"no header", ""},
		{"wrong key", "Bearer nope"},
		{"empty bearer", "Bearer "},
		{"not bearer", "Basic " + s.APIKey()},
		{"key without scheme", s.APIKey()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req, _ := http.NewRequest(http.MethodGet, s.URL()+"/v2/projects", nil)
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			res, err := noKeepAlive.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = res.Body.Close() }()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusUnauthorized || string(body) != recorded {
				t.Fatalf("got HTTP %d %s, want 401 %s", res.StatusCode, body, recorded)
			}
		})
	}
	t.Run("good key", func(t *testing.T) {
		t.Parallel()
		wantCode(t, ctl(t, s, http.MethodGet, "/v2/projects", nil), http.StatusOK, 0)
	})
	t.Run("auth before routing", func(t *testing.T) {
		t.Parallel()
		wantCode(t, call(t, http.MethodGet, s.URL()+"/v2/nowhere", "", nil), http.StatusUnauthorized, codeIllegalAPIKey)
	})
}

func TestUnknownRouteAndMethod(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{http.MethodGet, "/v2/nowhere", http.StatusNotFound},
		{http.MethodGet, "/v1/clusters", http.StatusNotFound},
		{http.MethodGet, "/v2/clusters/in01-0123456789abcde/nothing", http.StatusNotFound},
		{http.MethodPost, "/v2/clusters", http.StatusMethodNotAllowed},
		{http.MethodGet, "/v2/clusters/createDedicated", http.StatusMethodNotAllowed},
		{http.MethodPost, "/v2/clusters/in01-0123456789abcde/drop", http.StatusMethodNotAllowed},
		{http.MethodDelete, "/v2/clusters/in01-0123456789abcde", http.StatusMethodNotAllowed},
		{http.MethodPost, "/v2/regions", http.StatusMethodNotAllowed},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			t.Parallel()
			r := ctl(t, s, tc.method, tc.path, nil)
			wantCode(t, r, tc.status, tc.status)
			if r.Message == "" {
				t.Errorf("no message: %s", r.Raw)
			}
		})
	}
}

func TestRequestLog(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	s := newTestServer(t, func(o *Options) { o.Log = &out })

	c := runningCluster(t, s, "logged")
	s.ResetRequests()
	out.Reset()

	call(t, http.MethodGet, s.URL()+"/v2/clusters", "bad", nil)
	ctl(t, s, http.MethodGet, "/v2/clusters?pageSize=5", nil)
	call(t, http.MethodPost, endpoint(s, c.ClusterID)+"/v1/vector/collections/create", s.APIKey(),
		map[string]any{"collectionName": "books", "dimension": 4})
	call(t, http.MethodGet, endpoint(s, c.ClusterID)+"/v1/vector/collections/describe?collectionName=books&dbName=other", s.APIKey(), nil)
	ctl(t, s, http.MethodDelete, "/v2/clusters/"+c.ClusterID+"/drop", nil)

	got := s.Requests()
	want := []Request{
		{Method: "GET", Path: "/v2/clusters", HTTPStatus: 401, Code: codeIllegalAPIKey},
		{Method: "GET", Path: "/v2/clusters", Query: "pageSize=5", HTTPStatus: 200, Code: 0},
		{Method: "POST", Path: "/v1/vector/collections/create", ClusterID: c.ClusterID, Collection: "books", Database: "default", HTTPStatus: 200, Code: 200},
		{Method: "GET", Path: "/v1/vector/collections/describe", Query: "collectionName=books&dbName=other", ClusterID: c.ClusterID, Collection: "books", Database: "other", HTTPStatus: 200, Code: codeDatabaseNotFound},
		{Method: "DELETE", Path: "/v2/clusters/" + c.ClusterID + "/drop", HTTPStatus: 200, Code: 0},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d requests, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g := got[i]
		if g.Time.IsZero() {
			t.Errorf("request %d has no time", i)
		}
		g.Time = time.Time{}
		if g != want[i] {
			t.Errorf("request %d:\n got %+v\nwant %+v", i, g, want[i])
		}
	}

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(want) || lines[0] != "GET /v2/clusters -> HTTP 401, code 21119" ||
		lines[4] != "DELETE /v2/clusters/"+c.ClusterID+"/drop -> HTTP 200, code 0" {
		t.Errorf("log lines:\n%s", out.String())
	}

	// The JSON view of the same log, with no key needed, and not logged itself.
	r := call(t, http.MethodGet, s.URL()+"/_mock/requests", "", nil)
	var fromJSON []map[string]any
	if err := json.Unmarshal(r.Raw, &fromJSON); err != nil || r.HTTP != 200 {
		t.Fatalf("/_mock/requests: HTTP %d %v %s", r.HTTP, err, r.Raw)
	}
	if len(fromJSON) != len(want) {
		t.Fatalf("/_mock/requests has %d entries, want %d", len(fromJSON), len(want))
	}
	for _, key := range []string{"time", "method", "path", "query", "clusterId", "collection", "database", "httpStatus", "code", "dropped", "fault"} {
		if _, ok := fromJSON[2][key]; !ok {
			t.Errorf("/_mock/requests entry lacks key %q: %v", key, fromJSON[2])
		}
	}
	if fromJSON[2]["clusterId"] != c.ClusterID || fromJSON[2]["collection"] != "books" {
		t.Errorf("entry 2: %v", fromJSON[2])
	}

	if r := call(t, http.MethodPost, s.URL()+"/_mock/reset-requests", "", nil); r.HTTP != http.StatusNoContent {
		t.Fatalf("reset: HTTP %d", r.HTTP)
	}
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("%d requests after reset", n)
	}
	r = call(t, http.MethodGet, s.URL()+"/_mock/requests", "", nil)
	if string(r.Raw) != "[]" {
		t.Fatalf("empty log is %s, want []", r.Raw)
	}
}

// endpoint is the connect address (data-plane URL) of a cluster.
func endpoint(s *Server, id string) string {
	cl, _ := s.Cluster(id)
	return cl.ConnectAddress
}

// syncBuffer is a bytes.Buffer safe for the server's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func (b *syncBuffer) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.b.Reset()
}

func TestConcurrentClients(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	const n = 16
	var wg sync.WaitGroup
	ids := make(chan string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := do(t, http.MethodPost, s.URL()+"/v2/clusters/createServerless", s.APIKey(),
				serverlessBody(s, "c-"+strings.Repeat("x", i+1)))
			if err != nil || r.Code != 0 {
				t.Errorf("create %d: %v %s", i, err, r.Raw)
				return
			}
			var d createResponse
			_ = json.Unmarshal(r.Data, &d)
			ids <- d.ClusterID
			for range 5 {
				_, _ = do(t, http.MethodGet, s.URL()+"/v2/clusters/"+d.ClusterID, s.APIKey(), nil)
				_, _ = do(t, http.MethodGet, s.URL()+"/v2/clusters", s.APIKey(), nil)
			}
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		if seen[id] {
			t.Errorf("duplicate id %s", id)
		}
		seen[id] = true
	}
	if got := len(s.Clusters()); got != n {
		t.Errorf("%d clusters, want %d", got, n)
	}
}

// TestCloseStopsEverything is not parallel: it counts goroutines, which
// only works while no other test runs.
func TestCloseStopsEverything(t *testing.T) {
	before := runtime.NumGoroutine()
	s, err := New(fastOptions())
	if err != nil {
		t.Fatal(err)
	}
	c := runningCluster(t, s, "closing")
	createCluster(t, s, "createFree", serverlessBody(s, "closing-free"))
	addr := endpoint(s, c.ClusterID)
	// A request stuck in an hour's latency must not hold Close up. Close is
	// called once the request is waiting (an event, not a guess at how long
	// it takes to get there), and must return long before the hour.
	s.SetLatency(time.Hour)
	answered := make(chan struct{})
	go func() {
		defer close(answered)
		// No client timeout: only Close can end this request before the hour.
		req, _ := http.NewRequest(http.MethodGet, addr+"/v1/vector/collections", nil)
		req.Header.Set("Authorization", "Bearer "+s.APIKey())
		if resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req); err == nil {
			_ = resp.Body.Close()
		}
	}()
	if !eventually(func() bool { return s.sleeping.Load() == 1 }) {
		t.Fatal("the request never reached the latency wait")
	}
	closed := make(chan struct{})
	go func() { defer close(closed); s.Close() }()
	for what, ch := range map[string]chan struct{}{"Close": closed, "the request": answered} {
		select {
		case <-ch:
		case <-time.After(30 * time.Second):
			t.Fatalf("%s still waits on the hour's latency after 30s", what)
		}
	}
	eventually(func() bool { return runtime.NumGoroutine() <= before })
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after Close, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
	s.Close() // idempotent
	if _, err := do(t, http.MethodGet, s.URL()+"/v2/clusters", s.APIKey(), nil); err == nil {
		t.Error("control plane still answers after Close")
	}
	if _, err := do(t, http.MethodGet, addr+"/v1/vector/collections", s.APIKey(), nil); err == nil {
		t.Error("data plane still answers after Close")
	}
}
