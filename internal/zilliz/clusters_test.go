package zilliz

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
)

func TestClusterStatusMapping(t *testing.T) {
	t.Parallel()
	tests := []struct{ api, want string }{
		{"STOPPED", "SUSPENDED"},
		{"STOPPING", "SUSPENDING"},
		{"SUSPENDED", "SUSPENDED"},
		{"RUNNING", "RUNNING"},
		{"CREATING", "CREATING"},
		{"DELETED", "DELETED"},
	}
	for _, tc := range tests {
		t.Run(tc.api, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				cl := map[string]any{"clusterId": "in01-x", "status": tc.api}
				if r.URL.Path == "/v2/clusters" {
					ok(w, map[string]any{"count": 1, "clusters": []any{cl}})
					return
				}
				ok(w, cl)
			})
			c := newTestClient(t, fastConfig(rec.srv.URL))
			cl, err := c.DescribeCluster(t.Context(), "in01-x")
			if err != nil || cl.Status != tc.want {
				t.Errorf("DescribeCluster status = %v (%v), want %s", cl, err, tc.want)
			}
			page, err := c.ListClusters(t.Context(), 10, 1)
			if err != nil || page.Clusters[0].Status != tc.want {
				t.Errorf("ListClusters status = %v (%v), want %s", page, err, tc.want)
			}
		})
	}
}

// TestListAllClusters follows pages until count is reached, with pageSize 100.
func TestListAllClusters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		total     int
		perPage   int  // what the server actually returns per page
		sendCount bool // whether the server reports count
		wantCalls int
	}{
		{"one partial page", 42, 100, true, 1},
		{"exactly one full page", 100, 100, true, 1},
		{"three pages", 250, 100, true, 3},
		{"server ignores pageSize", 25, 10, true, 3},
		{"no count: stop at a short page", 150, 100, false, 2},
		{"no count, full last page: stop at the empty page", 200, 100, false, 3},
		{"none", 0, 100, true, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				q := r.URL.Query()
				if q.Get("pageSize") != "100" {
					t.Errorf("pageSize = %q, want 100", q.Get("pageSize"))
				}
				page, _ := strconv.Atoi(q.Get("currentPage"))
				clusters := []any{}
				for i := (page - 1) * tc.perPage; i < min(page*tc.perPage, tc.total); i++ {
					clusters = append(clusters, map[string]any{"clusterId": fmt.Sprintf("in01-%03d", i), "status": "STOPPED"})
				}
				data := map[string]any{"currentPage": page, "pageSize": tc.perPage, "clusters": clusters}
				if tc.sendCount {
					data["count"] = tc.total
				}
				ok(w, data)
			})
			c := newTestClient(t, fastConfig(rec.srv.URL))
			all, err := c.ListAllClusters(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != tc.total {
				t.Fatalf("got %d clusters, want %d", len(all), tc.total)
			}
			for i, cl := range all {
				if cl.ClusterID != fmt.Sprintf("in01-%03d", i) || cl.Status != "SUSPENDED" {
					t.Fatalf("cluster %d = %+v", i, cl)
				}
			}
			reqs := rec.requests()
			if len(reqs) != tc.wantCalls {
				t.Errorf("%d list calls, want %d", len(reqs), tc.wantCalls)
			}
			for i, r := range reqs {
				if r.RawQuery != fmt.Sprintf("currentPage=%d&pageSize=100", i+1) {
					t.Errorf("call %d query = %q", i, r.RawQuery)
				}
			}
		})
	}
}
