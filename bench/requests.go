package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// clusterIDSegment is a cluster id in a path, e.g. in01-6183d6bac30f801.
var clusterIDSegment = regexp.MustCompile(`^in[0-9]{2}-[0-9a-z]+$`)

// endpoint is a request's method and path pattern: "GET /v2/clusters/{id}".
func endpoint(r zillizmock.Request) string {
	segs := strings.Split(r.Path, "/")
	for i, s := range segs {
		if clusterIDSegment.MatchString(s) {
			segs[i] = "{id}"
		}
	}
	return r.Method + " " + strings.Join(segs, "/")
}

// resourceOf attributes a request to the Terraform type that sends it: the data
// plane (a cluster endpoint) serves collections, the control plane clusters.
func resourceOf(r zillizmock.Request) string {
	if r.ClusterID != "" {
		return "zilliz_collection"
	}
	return "zilliz_cluster"
}

// since returns the requests logged after the first n.
func since(m *zillizmock.Server, n int) []zillizmock.Request {
	all := m.Requests()
	if n > len(all) {
		return nil
	}
	return all[n:]
}

// endpointCounts counts requests by endpoint.
type endpointCounts map[string]int

func countByEndpoint(reqs []zillizmock.Request) endpointCounts {
	c := endpointCounts{}
	for _, r := range reqs {
		c[endpoint(r)]++
	}
	return c
}

func (c endpointCounts) total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// String is "POST /v1/vector/collections/create ×200, …", most frequent first.
func (c endpointCounts) String() string {
	if len(c) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if c[keys[i]] != c[keys[j]] {
			return c[keys[i]] > c[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("`%s` ×%d", k, c[k])
	}
	return strings.Join(parts, ", ")
}

// faults counts requests that were not answered normally (none are injected
// here, so any is a sign of trouble).
func faults(reqs []zillizmock.Request) int {
	n := 0
	for _, r := range reqs {
		if r.Fault != "" || r.Dropped || r.HTTPStatus >= 400 {
			n++
		}
	}
	return n
}

// errorCodes counts answers with a business error code (neither 0 nor 200).
func errorCodes(reqs []zillizmock.Request) map[string]int {
	out := map[string]int{}
	for _, r := range reqs {
		if r.Code != 0 && r.Code != 200 {
			out[fmt.Sprintf("%s -> code %d", endpoint(r), r.Code)]++
		}
	}
	return out
}

// rate is requests per second over the span of the log slice.
func rate(reqs []zillizmock.Request) float64 {
	if len(reqs) < 2 {
		return 0
	}
	span := reqs[len(reqs)-1].Time.Sub(reqs[0].Time)
	if span <= 0 {
		return 0
	}
	return float64(len(reqs)-1) / span.Seconds()
}

// maxConcurrent is the most requests in flight at once, each taken to last from
// its arrival to arrival + latency (the mock sleeps the latency first).
func maxConcurrent(reqs []zillizmock.Request, latency time.Duration) int {
	if latency <= 0 {
		return 0
	}
	type edge struct {
		t time.Time
		d int
	}
	edges := make([]edge, 0, 2*len(reqs))
	for _, r := range reqs {
		edges = append(edges, edge{r.Time, 1}, edge{r.Time.Add(latency), -1})
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].t.Equal(edges[j].t) {
			return edges[i].d < edges[j].d
		}
		return edges[i].t.Before(edges[j].t)
	})
	cur, best := 0, 0
	for _, e := range edges {
		cur += e.d
		best = max(best, cur)
	}
	return best
}

// repeats finds a request for the same object sent again right after an answer:
// the same endpoint and target (cluster id in the path, or collection) twice in a
// row for one object within window. Waiting polls are expected; callers filter.
func repeats(reqs []zillizmock.Request, window time.Duration) endpointCounts {
	last := map[string]zillizmock.Request{}
	out := endpointCounts{}
	for _, r := range reqs {
		obj := r.Path
		if r.ClusterID != "" {
			obj = r.ClusterID + "/" + r.Database + "/" + r.Collection
		}
		if p, ok := last[obj]; ok && endpoint(p) == endpoint(r) && r.Time.Sub(p.Time) < window {
			out[endpoint(r)]++
		}
		last[obj] = r
	}
	return out
}
