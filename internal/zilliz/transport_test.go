package zilliz

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

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

// TestAnsweredRecently: any HTTP answer, an error one included, marks its
// host as within reach; a host that never answered is not.
func TestAnsweredRecently(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		reply(w, 503, map[string]any{"code": 503, "message": "busy"})
	})
	cfg := fastConfig(rec.srv.URL)
	cfg.MaxRetries = -1
	c := newTestClient(t, cfg)
	if c.AnsweredRecently(rec.srv.URL) {
		t.Fatal("answered before any request")
	}
	if _, err := c.ListProjects(t.Context()); err == nil {
		t.Fatal("want the 503")
	}
	if !c.AnsweredRecently(rec.srv.URL) || !c.AnsweredRecently(rec.srv.URL+"/") {
		t.Error("a host that answered 503 is not marked as answering")
	}
	if c.AnsweredRecently("http://127.0.0.1:9") {
		t.Error("a host never called counts as answering")
	}
}
