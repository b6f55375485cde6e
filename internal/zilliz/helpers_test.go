package zilliz

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

const testKey = "sk-test-KEY-0123456789"

// seenRequest is what a test server received.
type seenRequest struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	Body     []byte
	At       time.Time
}

// recorder is a test server that records every request and answers with handle.
type recorder struct {
	srv    *httptest.Server
	mu     sync.Mutex
	reqs   []seenRequest
	handle func(w http.ResponseWriter, r *http.Request, n int) // n counts requests from 1
}

func newRecorder(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, n int)) *recorder {
	t.Helper()
	rec := &recorder{handle: handle}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, seenRequest{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), body, time.Now()})
		n := len(rec.reqs)
		rec.mu.Unlock()
		rec.handle(w, r, n)
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

func (r *recorder) requests() []seenRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]seenRequest(nil), r.reqs...)
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.reqs)
}

// reply writes a JSON body with a status and optional headers.
func reply(w http.ResponseWriter, status int, body any, headers ...string) {
	for i := 0; i+1 < len(headers); i += 2 {
		w.Header().Set(headers[i], headers[i+1])
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	switch b := body.(type) {
	case string:
		_, _ = io.WriteString(w, b)
	default:
		_ = json.NewEncoder(w).Encode(b)
	}
}

// ok answers the success envelope with data.
func ok(w http.ResponseWriter, data any) {
	reply(w, 200, map[string]any{"code": 0, "data": data})
}

// fastConfig is a Config with millisecond retries and pacing at 1000/s, so
// tests are quick (a refusal halves that: a pause of 2 ms); pacing_test.go
// tests the pacing.
func fastConfig(baseURL string) Config {
	return Config{
		BaseURL:                baseURL,
		APIKey:                 testKey,
		UserAgent:              "zilliz-test/1.0",
		MaxRetries:             3,
		RetryWaitMin:           time.Millisecond,
		RetryWaitMax:           5 * time.Millisecond,
		RequestTimeout:         5 * time.Second,
		RequestsPerSecond:      -1,
		CollectionOpsPerSecond: 1000,
		PartitionOpsPerSecond:  1000,
		ControlPlanePerSecond:  1000,
	}
}

func newTestClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

// logSink collects Logger calls.
type logSink struct {
	mu      sync.Mutex
	entries []logEntry
}

type logEntry struct {
	Msg    string
	Fields map[string]any
}

func (l *logSink) log(_ context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	cp := map[string]any{}
	for k, v := range fields {
		cp[k] = v
	}
	l.entries = append(l.entries, logEntry{msg, cp})
}

func (l *logSink) all() []logEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]logEntry(nil), l.entries...)
}

func (l *logSink) withMsg(msg string) []logEntry {
	var out []logEntry
	for _, e := range l.all() {
		if e.Msg == msg {
			out = append(out, e)
		}
	}
	return out
}

func (l *logSink) String() string {
	s := ""
	for _, e := range l.all() {
		s += fmt.Sprintf("%s %v\n", e.Msg, e.Fields)
	}
	return s
}

// jsonEqual compares a JSON body with a value.
func jsonEqual(t *testing.T, got []byte, want any) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body %q is not JSON: %v", got, err)
	}
	wb, _ := json.Marshal(want)
	_ = json.Unmarshal(wb, &w)
	gb, _ := json.Marshal(g)
	wb, _ = json.Marshal(w)
	if string(gb) != string(wb) {
		t.Errorf("body = %s, want %s", gb, wb)
	}
}

// hasPath is the name check every collection create starts with.
const hasPath = "/v2/vectordb/collections/has"

// answerHas answers the name check with has, reporting whether r was one.
func answerHas(w http.ResponseWriter, r *http.Request, has bool) bool {
	if r.URL.Path != hasPath {
		return false
	}
	reply(w, 200, map[string]any{"code": 0, "data": map[string]any{"has": has}})
	return true
}

// withoutHas drops the name checks from a request list.
func withoutHas(reqs []seenRequest) []seenRequest {
	var out []seenRequest
	for _, r := range reqs {
		if r.Path != hasPath {
			out = append(out, r)
		}
	}
	return out
}
