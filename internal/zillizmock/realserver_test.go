package zillizmock

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// Behaviours of the real server that a client must cope with (issue 11).

func threeIndexBody(name string) map[string]any {
	return schemaBody(name, []map[string]any{
		idField(), vecField(),
		fieldDef("title", "VarChar", map[string]any{"max_length": 64}, "description", "a title"),
	}, []map[string]any{
		vecIndex(),
		{"fieldName": "title", "indexName": "title_idx", "indexType": "INVERTED"},
		{"fieldName": "id", "indexName": "id_idx", "indexType": "STL_SORT"},
	}, nil)
}

// TestIndexOrderShuffled: describe (v1 and v2) returns a collection's
// indexes in no fixed order.
func TestIndexOrderShuffled(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "shuffle")
	wantCode(t, c.post("create", threeIndexBody("three")), http.StatusOK, codeV2OK)
	orders := map[string]bool{}
	for range 30 {
		var names []string
		for _, ix := range c.describe("three").Indexes {
			names = append(names, ix.FieldName)
		}
		orders[strings.Join(names, ",")] = true
	}
	if len(orders) < 2 {
		t.Errorf("30 describes returned the indexes in one order only: %v", orders)
	}
}

// TestV2CreateDescriptions: field descriptions are never stored; the
// collection description only by servers from Milvus PR #40023 on.
func TestV2CreateDescriptions(t *testing.T) {
	t.Parallel()
	for _, old := range []bool{false, true} {
		s := newTestServer(t, func(o *Options) { o.DropCollectionDescription = old })
		c := newV2Client(t, s, "desc")
		body := threeIndexBody("d")
		body["description"] = "my collection"
		wantCode(t, c.post("create", body), http.StatusOK, codeV2OK)
		d := c.describe("d")
		want := "my collection"
		if old {
			want = ""
		}
		if d.Description != want {
			t.Errorf("old server %v: description %q, want %q", old, d.Description, want)
		}
		for _, f := range d.Fields {
			if f.Description != "" {
				t.Errorf("field %s description %q, want empty", f.Name, f.Description)
			}
		}
	}
}

// TestLoadingPhase: after a create with indexes, and after a load, the
// collection is LoadStateLoading with loadProgress rising below 100 for
// LoadDuration, then LoadStateLoaded. The mock's clock alone moves the phase.
func TestLoadingPhase(t *testing.T) {
	t.Parallel()
	const phase = 300 * time.Millisecond
	s, clock := manualServer(t, func(o *Options) { o.LoadDuration = phase })
	c := newV2Client(t, s, "loading")
	wantCode(t, c.post("create", threeIndexBody("l")), http.StatusOK, codeV2OK)
	state := func() (string, int) {
		r := c.post("get_load_state", map[string]any{"collectionName": "l"})
		wantCode(t, r, http.StatusOK, codeV2OK)
		d := decodeData[struct {
			LoadState    string `json:"loadState"`
			LoadProgress int    `json:"loadProgress"`
		}](t, r)
		return d.LoadState, d.LoadProgress
	}
	if st, p := state(); st != loadStateLoading || p != 0 {
		t.Errorf("right after create: %s %d, want LoadStateLoading 0", st, p)
	}
	if d := c.describe("l"); d.Load != loadStateLoading {
		t.Errorf("describe right after create: %s", d.Load)
	}
	clock.Advance(phase / 2)
	if st, p := state(); st != loadStateLoading || p != 50 {
		t.Errorf("halfway: %s %d, want LoadStateLoading 50", st, p)
	}
	clock.Advance(phase/2 - time.Nanosecond)
	if st, p := state(); st != loadStateLoading || p != 99 {
		t.Errorf("just before the end: %s %d, want LoadStateLoading 99", st, p)
	}
	clock.Advance(time.Nanosecond)
	if st, p := state(); st != loadStateLoaded || p != 100 {
		t.Errorf("after the phase: %s %d", st, p)
	}
	wantCode(t, c.post("release", map[string]any{"collectionName": "l"}), http.StatusOK, codeV2OK)
	wantCode(t, c.post("load", map[string]any{"collectionName": "l"}), http.StatusOK, codeV2OK)
	if st, p := state(); st != loadStateLoading || p != 0 {
		t.Errorf("right after load: %s %d", st, p)
	}
	clock.Advance(phase)
	if st, p := state(); st != loadStateLoaded || p != 100 {
		t.Errorf("after the load's phase: %s %d", st, p)
	}
}

// TestTTLSecondsParsedLikeMilvus: a JSON number of 1e6 or more is printed
// by %v in exponent form and refused; a string is taken as written.
func TestTTLSecondsParsedLikeMilvus(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "ttl")
	for _, tc := range []struct {
		name string
		ttl  any
		code int
		want string
	}{
		{"num_small", 3600, codeV2OK, "3600"},
		{"num_30d", 2592000, codeInvalidParameter, ""},
		{"str_30d", "2592000", codeV2OK, "2592000"},
		{"str_bad", "abc", codeInvalidParameter, ""},
		{"str_big", "3155760001", codeInvalidParameter, ""},
	} {
		r := c.post("create", schemaBody(tc.name, []map[string]any{idField(), vecField()}, nil, map[string]any{"ttlSeconds": tc.ttl}))
		wantCode(t, r, http.StatusOK, tc.code)
		if tc.code == codeInvalidParameter && tc.ttl == 2592000 && !strings.Contains(string(r.Raw), "collection TTL is not a valid positive integer") {
			t.Errorf("%s: %s", tc.name, r.Raw)
		}
		if tc.code == codeV2OK {
			if p := c.describe(tc.name).Properties; len(p) != 1 || p[0].Value != tc.want {
				t.Errorf("%s: properties %v", tc.name, p)
			}
		}
	}
}

// TestFault408: the handler runs, the answer is the timeout middleware's.
func TestFault408(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "timeout")
	s.SetFaults(Faults{Rate408: 1, PathPrefix: "/v2/vectordb/collections/create"})
	r := c.post("create", threeIndexBody("late"))
	if r.HTTP != http.StatusRequestTimeout || !strings.Contains(string(r.Raw), `"code":10001`) {
		t.Fatalf("create: HTTP %d %s, want 408 code 10001", r.HTTP, r.Raw)
	}
	s.SetFaults(Faults{})
	if d := c.describe("late"); d.CollectionName != "late" {
		t.Errorf("the create behind the 408 did not happen: %+v", d)
	}
}

// TestV1IdenticalCreate: a v1 create identical to the existing collection
// succeeds; a different one fails.
func TestV1IdenticalCreate(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "v1dup")
	body := map[string]any{"collectionName": "books", "dimension": 5, "metricType": "IP", "description": "d"}
	url := c.ep + "/v1/vector/collections/create"
	wantCode(t, call(t, http.MethodPost, url, c.key, body), http.StatusOK, codeV1OK)
	wantCode(t, call(t, http.MethodPost, url, c.key, body), http.StatusOK, codeV1OK)
	body["metricType"] = "L2"
	wantCode(t, call(t, http.MethodPost, url, c.key, body), http.StatusOK, codeUnexpected)
}

// TestDescribeIndex: /v2/vectordb/indexes/describe returns type and metric,
// and, as the newest server does, every key-value param of the index
// (index_type and metric_type among them).
func TestDescribeIndex(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "dix")
	body := threeIndexBody("ix")
	body["indexParams"] = []map[string]any{
		{"fieldName": "vec", "indexName": "vec_idx", "metricType": "L2", "params": map[string]any{"index_type": "HNSW", "M": 16, "efConstruction": "200"}},
		{"fieldName": "title", "indexName": "title_idx", "indexType": "INVERTED"},
	}
	wantCode(t, c.post("create", body), http.StatusOK, codeV2OK)
	r := call(t, http.MethodPost, c.ep+"/v2/vectordb/indexes/describe", c.key, map[string]any{"collectionName": "ix", "indexName": "vec_idx"})
	wantCode(t, r, http.StatusOK, codeV2OK)
	got := decodeData[[]struct {
		IndexName  string     `json:"indexName"`
		FieldName  string     `json:"fieldName"`
		IndexType  string     `json:"indexType"`
		MetricType string     `json:"metricType"`
		Params     []keyValue `json:"params"`
	}](t, r)
	if len(got) != 1 || got[0].IndexType != "HNSW" || got[0].MetricType != "L2" || got[0].FieldName != "vec" ||
		!slices.Equal(got[0].Params, []keyValue{{"M", "16"}, {"efConstruction", "200"}, {"index_type", "HNSW"}, {"metric_type", "L2"}}) {
		t.Errorf("describe index: %s", r.Raw)
	}
	wantCode(t, call(t, http.MethodPost, c.ep+"/v2/vectordb/indexes/describe", c.key, map[string]any{"collectionName": "ix", "indexName": "nope"}), http.StatusOK, codeIndexNotFound)
	wantCode(t, call(t, http.MethodPost, c.ep+"/v2/vectordb/indexes/describe", c.key, map[string]any{"collectionName": "ix"}), http.StatusOK, codeMissingParameters)
}

// TestFaultCount: a burst of exactly Count faults, then normal answers.
func TestFaultCount(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "burst")
	s.SetFaults(Faults{Rate429: 1, Count: 3, PathPrefix: "/v2/vectordb/collections/list"})
	var statuses []int
	for range 5 {
		statuses = append(statuses, c.post("list", map[string]any{}).HTTP)
	}
	if want := []int{429, 429, 429, 200, 200}; !slices.Equal(statuses, want) {
		t.Errorf("statuses %v, want %v", statuses, want)
	}
}
