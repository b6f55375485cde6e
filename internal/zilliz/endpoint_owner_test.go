package zilliz

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

func TestClusterIDFromEndpoint(t *testing.T) {
	t.Parallel()
	for endpoint, want := range map[string]string{
		"https://in01-6183d6bac30f801.gcp-us-west1.vectordb.zillizcloud.com:443": "in01-6183d6bac30f801",
		"https://in05-0a1b2c3d4e5f6a7.serverless.gcp-us-west1.cloud.zilliz.com":  "in05-0a1b2c3d4e5f6a7",
		"https://IN03-ABC.aws-us-east-1.vectordb.zillizcloud.com":                "in03-abc",
		"http://127.0.0.1:39211":                     "",
		"https://my-proxy.example.com/in01-6183d6ba": "",
	} {
		got, ok := ClusterIDFromEndpoint(endpoint)
		if got != want || ok != (want != "") {
			t.Errorf("ClusterIDFromEndpoint(%q) = %q, %v; want %q", endpoint, got, ok, want)
		}
	}
	if NormalizeEndpoint("HTTPS://Host.example:443/") != NormalizeEndpoint("https://host.example") {
		t.Error("NormalizeEndpoint does not equate two spellings of one endpoint")
	}
}

// TestClusterForEndpoint: which cluster serves an endpoint costs no request
// when the host names it or a describe showed it, and otherwise one cluster
// list per client, shared by concurrent callers; the list is read again only
// after this client created a cluster.
func TestClusterForEndpoint(t *testing.T) {
	t.Parallel()
	var lists atomic.Int32
	clusters := []map[string]any{
		{"clusterId": "in01-aaa", "connectAddress": "http://10.0.0.1:19530"},
		{"clusterId": "in01-bbb", "connectAddress": "https://proxy.example.com:443"},
	}
	var mu sync.Mutex
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		mu.Lock()
		defer mu.Unlock()
		switch r.URL.Path {
		case "/v2/clusters":
			lists.Add(1)
			ok(w, map[string]any{"count": len(clusters), "clusters": clusters})
		case "/v2/clusters/createServerless":
			clusters = append(clusters, map[string]any{"clusterId": "in05-ccc", "connectAddress": "http://10.0.0.3:19530"})
			ok(w, map[string]any{"clusterId": "in05-ccc"})
		case "/v2/clusters/in01-ddd":
			ok(w, map[string]any{"clusterId": "in01-ddd", "connectAddress": "http://10.0.0.4:19530", "status": "RUNNING"})
		}
	})
	c := newTestClient(t, fastConfig(rec.srv.URL))
	lookup := func(endpoint string) string {
		t.Helper()
		id, err := c.ClusterForEndpoint(t.Context(), endpoint)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}

	if id := lookup("https://in01-6183d6bac30f801.gcp-us-west1.vectordb.zillizcloud.com:443"); id != "in01-6183d6bac30f801" || rec.count() != 0 {
		t.Errorf("an endpoint naming its cluster: %q after %d requests", id, rec.count())
	}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			want, endpoint := "in01-aaa", "http://10.0.0.1:19530/"
			if i%2 == 1 {
				want, endpoint = "in01-bbb", "https://PROXY.example.com"
			}
			if got := lookup(endpoint); got != want {
				t.Errorf("lookup(%q) = %q, want %q", endpoint, got, want)
			}
		})
	}
	wg.Wait()
	if id := lookup("http://10.9.9.9:1"); id != "" {
		t.Errorf("an endpoint of no cluster: %q", id)
	}
	if n := lists.Load(); n != 1 {
		t.Errorf("%d cluster lists for 21 lookups, want 1", n)
	}
	if _, err := c.DescribeCluster(t.Context(), "in01-ddd"); err != nil {
		t.Fatal(err)
	}
	if id := lookup("http://10.0.0.4:19530"); id != "in01-ddd" || lists.Load() != 1 {
		t.Errorf("a described cluster's endpoint: %q after %d lists", id, lists.Load())
	}
	// A cluster created by this client may be missing from the list: the
	// next miss reads it again, once.
	if _, err := c.CreateCluster(t.Context(), CreateClusterRequest{Plan: "Serverless", ClusterName: "new", ProjectID: "p"}); err != nil {
		t.Fatal(err)
	}
	if id := lookup("http://10.0.0.3:19530"); id != "in05-ccc" || lists.Load() != 2 {
		t.Errorf("the created cluster's endpoint: %q after %d lists, want in05-ccc after 2", id, lists.Load())
	}
	if id := lookup("http://10.9.9.9:1"); id != "" || lists.Load() != 2 {
		t.Errorf("a miss after the new list: %q after %d lists, want none after 2", id, lists.Load())
	}
}

// TestListAllClustersConsistent: absence from a list is proof only when the
// list is one moment's: one page, or two reads across pages that agree. A
// cluster dropped between the pages of a read can hide another one.
func TestListAllClustersConsistent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		total     int
		dropAfter int // drop the first cluster after this many page reads (0: never)
		wantReads int
		want      bool
	}{
		{"one page", 42, 0, 1, true},
		{"two pages, stable", 150, 0, 4, true},
		{"two pages, a cluster dropped between the pages", 150, 1, 4, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ids := make([]string, tc.total)
			for i := range ids {
				ids[i] = fmt.Sprintf("in01-%04d", i)
			}
			var mu sync.Mutex
			reads := 0
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				mu.Lock()
				defer mu.Unlock()
				page, _ := strconv.Atoi(r.URL.Query().Get("currentPage"))
				size, _ := strconv.Atoi(r.URL.Query().Get("pageSize"))
				lo, hi := min((page-1)*size, len(ids)), min(page*size, len(ids))
				var out []map[string]any
				for _, id := range ids[lo:hi] {
					out = append(out, map[string]any{"clusterId": id})
				}
				ok(w, map[string]any{"count": len(ids), "clusters": out})
				reads++
				if reads == tc.dropAfter {
					ids = ids[1:] // every later entry moves up one place
				}
			})
			c := newTestClient(t, fastConfig(rec.srv.URL))
			all, consistent, err := c.ListAllClustersConsistent(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if consistent != tc.want || rec.count() != tc.wantReads {
				t.Errorf("consistent = %v after %d page reads, want %v after %d (%d clusters)", consistent, rec.count(), tc.want, tc.wantReads, len(all))
			}
		})
	}
}
