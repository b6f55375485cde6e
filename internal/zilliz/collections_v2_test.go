package zilliz

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func newV2DataPlane(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, n int)) (*recorder, *DataPlane) {
	t.Helper()
	rec := newRecorder(t, handle)
	// The client's own waits (load, create rounds) run on a fake clock.
	c := withClock(newTestClient(t, fastConfig(rec.srv.URL)), newStepClock())
	dp, err := c.DataPlane(rec.srv.URL, "db_admin:secret")
	if err != nil {
		t.Fatal(err)
	}
	return rec, dp
}

// TestCreateCollectionV2Body: every option lands under the key the server
// reads (schema.autoID, schema.enableDynamicField, elementTypeParams numbers).
func TestCreateCollectionV2Body(t *testing.T) {
	t.Parallel()
	rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if !answerHas(w, r, false) {
			ok(w, map[string]any{})
		}
	})
	err := dp.CreateCollectionV2(t.Context(), CreateCollectionV2Request{
		Database:           "db1",
		CollectionName:     "books",
		Description:        "my books",
		EnableDynamicField: true,
		Fields: []FieldSchema{
			{FieldName: "id", DataType: "VarChar", IsPrimary: true, AutoID: true, MaxLength: 36},
			{FieldName: "title", DataType: "VarChar", MaxLength: 512, Nullable: true, Description: "the title"},
			{FieldName: "tenant", DataType: "Int64", IsPartitionKey: true},
			{FieldName: "tags", DataType: "Array", ElementDataType: "VarChar", MaxCapacity: 100, MaxLength: 32},
			{FieldName: "meta", DataType: "JSON"},
			{FieldName: "vec", DataType: "FloatVector", Dim: 768},
		},
		Indexes: []IndexParam{
			{FieldName: "vec", IndexName: "vec_idx", MetricType: "COSINE", IndexType: "HNSW", Params: map[string]string{"M": "16", "efConstruction": "200"}},
			{FieldName: "title"},
		},
		ShardsNum:        2,
		ConsistencyLevel: "Strong",
		TTLSeconds:       86400,
	})
	if err != nil {
		t.Fatal(err)
	}
	reqs := withoutHas(rec.requests())
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if r.Method != http.MethodPost || r.Path != "/v2/vectordb/collections/create" ||
		r.Header.Get("Content-Type") != "application/json" || r.Header.Get("Authorization") != "Bearer db_admin:secret" {
		t.Errorf("request %s %s %v", r.Method, r.Path, r.Header)
	}
	jsonEqual(t, r.Body, map[string]any{
		"dbName":         "db1",
		"collectionName": "books",
		"description":    "my books",
		"schema": map[string]any{
			"autoID":             true,
			"enableDynamicField": true,
			"fields": []any{
				map[string]any{"fieldName": "id", "dataType": "VarChar", "isPrimary": true, "isPartitionKey": false, "nullable": false, "elementTypeParams": map[string]any{"max_length": 36}},
				map[string]any{"fieldName": "title", "dataType": "VarChar", "isPrimary": false, "isPartitionKey": false, "nullable": true, "description": "the title", "elementTypeParams": map[string]any{"max_length": 512}},
				map[string]any{"fieldName": "tenant", "dataType": "Int64", "isPrimary": false, "isPartitionKey": true, "nullable": false, "elementTypeParams": map[string]any{}},
				map[string]any{"fieldName": "tags", "dataType": "Array", "elementDataType": "VarChar", "isPrimary": false, "isPartitionKey": false, "nullable": false, "elementTypeParams": map[string]any{"max_capacity": 100, "max_length": 32}},
				map[string]any{"fieldName": "meta", "dataType": "JSON", "isPrimary": false, "isPartitionKey": false, "nullable": false, "elementTypeParams": map[string]any{}},
				map[string]any{"fieldName": "vec", "dataType": "FloatVector", "isPrimary": false, "isPartitionKey": false, "nullable": false, "elementTypeParams": map[string]any{"dim": 768}},
			},
		},
		"indexParams": []any{
			map[string]any{"fieldName": "vec", "indexName": "vec_idx", "metricType": "COSINE", "indexType": "HNSW", "params": map[string]any{"M": "16", "efConstruction": "200"}},
			map[string]any{"fieldName": "title"},
		},
		"params": map[string]any{"shardsNum": 2, "consistencyLevel": "Strong", "ttlSeconds": "86400"}, // a string: the server prints numbers with %v
	})
	if strings.Contains(string(r.Body), "enabledDynamicField") || strings.Contains(string(r.Body), `"autoId"`) {
		t.Errorf("body uses a key the server ignores: %s", r.Body)
	}
}

// TestCreateCollectionV2Minimal: unset options are left out, so the server's
// defaults apply; dbName is always sent.
func TestCreateCollectionV2Minimal(t *testing.T) {
	t.Parallel()
	rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if !answerHas(w, r, false) {
			ok(w, map[string]any{})
		}
	})
	err := dp.CreateCollectionV2(t.Context(), CreateCollectionV2Request{
		CollectionName: "c",
		Fields: []FieldSchema{
			{FieldName: "id", DataType: "Int64", IsPrimary: true},
			{FieldName: "v", DataType: "SparseFloatVector"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, withoutHas(rec.requests())[0].Body, map[string]any{
		"dbName":         "default",
		"collectionName": "c",
		"schema": map[string]any{
			"autoID": false, "enableDynamicField": false,
			"fields": []any{
				map[string]any{"fieldName": "id", "dataType": "Int64", "isPrimary": true, "isPartitionKey": false, "nullable": false, "elementTypeParams": map[string]any{}},
				map[string]any{"fieldName": "v", "dataType": "SparseFloatVector", "isPrimary": false, "isPartitionKey": false, "nullable": false, "elementTypeParams": map[string]any{}},
			},
		},
	})
}

// TestCreateCollectionV2Refused: requests the API cannot express fail
// before anything is sent.
func TestCreateCollectionV2Refused(t *testing.T) {
	t.Parallel()
	rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, _ *http.Request, _ int) { ok(w, map[string]any{}) })
	pk := FieldSchema{FieldName: "id", DataType: "Int64", IsPrimary: true}
	for _, tc := range []struct {
		name string
		req  CreateCollectionV2Request
		want string
	}{
		{"no name", CreateCollectionV2Request{Fields: []FieldSchema{pk}}, "collection name is empty"},
		{"no fields", CreateCollectionV2Request{CollectionName: "c"}, "no fields"},
		{"auto ID on a non-primary field", CreateCollectionV2Request{CollectionName: "c", Fields: []FieldSchema{pk, {FieldName: "n", DataType: "Int64", AutoID: true}}},
			`field "n": auto ID is only possible on the primary field`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := dp.CreateCollectionV2(t.Context(), tc.req); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want %q", err, tc.want)
			}
		})
	}
	if n := rec.count(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestCreateCollectionV2Errors: the name is checked first; business errors
// are answers (never re-sent); an answer that may be lost is followed by the
// identical create, which the server answers with success if the lost one
// made it; a failure after the collection exists says so.
func TestCreateCollectionV2Errors(t *testing.T) {
	t.Parallel()
	req := CreateCollectionV2Request{
		CollectionName: "c",
		Fields:         []FieldSchema{{FieldName: "id", DataType: "Int64", IsPrimary: true}, {FieldName: "v", DataType: "FloatVector", Dim: 4}},
	}
	const (
		success   = `{"code":0,"data":{}}`
		duplicate = `{"code":65535,"message":"create duplicate collection with different parameters, collection: c"}`
	)
	type answer struct {
		status int
		body   string
	}
	tests := []struct {
		name      string
		creates   []answer // answers to the creates, in order
		has       []bool   // answers to the name checks, in order
		wantErr   func(error) bool
		wantPaths []string
	}{
		{"taken before", nil, []bool{true}, IsCollectionExists, []string{"has"}},
		{"duplicate with another schema", []answer{{200, duplicate}}, []bool{false},
			func(err error) bool {
				return !CollectionCreated(err) && !IsCollectionExists(err) && bodyCode(err) == 65535
			}, []string{"has", "create"}},
		{"invalid data type", []answer{{200, `{"code":1100,"message":"invalid parameter, data type int64 is invalid(case sensitive)."}`}}, []bool{false, false},
			func(err error) bool { return !CollectionCreated(err) && bodyCode(err) == 1100 }, []string{"has", "create", "has"}},
		{"index on an unknown field, after the collection was made", []answer{{200, "{\"code\":1802,\"message\":\"missing required parameters, error: `x` hasn't defined in schema\"}"}}, []bool{false, true},
			func(err error) bool { return CollectionCreated(err) && bodyCode(err) == 1802 }, []string{"has", "create", "has"}},
		{"500, then the identical create succeeds", []answer{{500, `{"code":65535,"message":"internal"}`}, {200, success}}, []bool{false},
			nil, []string{"has", "create", "create"}},
		{"408 (the server went on), then the identical create succeeds", []answer{{408, `{"code":10001,"message":"request timeout"}`}, {200, success}}, []bool{false},
			nil, []string{"has", "create", "create"}},
		{"500, then refused as a duplicate: the lost one made it", []answer{{500, `{"code":65535,"message":"internal"}`}, {200, duplicate}}, []bool{false},
			nil, []string{"has", "create", "create"}},
		{"500 every time", []answer{{500, `{"code":65535,"message":"internal"}`}}, []bool{false},
			func(err error) bool { return bodyCode(err) == 65535 }, everyRound("has", "create", "has")},
		{"408 every time, the collection made", []answer{{408, `{"code":10001,"message":"request timeout"}`}}, []bool{false, true},
			nil, everyRound("has", "create", "has")},
		{"success answer that is not the envelope, then success", []answer{{200, `<html>ok</html>`}, {200, success}}, []bool{false},
			nil, []string{"has", "create", "create"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var creates, hases atomic.Int32
			rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				switch r.URL.Path {
				case "/v2/vectordb/collections/create":
					a := tc.creates[min(int(creates.Add(1))-1, len(tc.creates)-1)]
					reply(w, a.status, a.body)
				case hasPath:
					answerHas(w, r, tc.has[min(int(hases.Add(1))-1, len(tc.has)-1)])
				default:
					reply(w, 404, `{"code":404,"message":"no route"}`)
				}
			})
			err := dp.CreateCollectionV2(t.Context(), req)
			switch {
			case tc.wantErr == nil && err != nil:
				t.Fatalf("error = %v, want nil", err)
			case tc.wantErr != nil && !tc.wantErr(err):
				t.Errorf("error = %#v", err)
			}
			var paths []string
			for _, r := range rec.requests() {
				paths = append(paths, strings.TrimPrefix(r.Path, "/v2/vectordb/collections/"))
			}
			if !reflect.DeepEqual(paths, tc.wantPaths) {
				t.Errorf("requests %v, want %v", paths, tc.wantPaths)
			}
		})
	}
}

// bodyCode is the body code of an API error, or -1.
func bodyCode(err error) int {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Code
	}
	return -1
}

// TestDescribeCollectionV2Decoding: param values arrive as strings or
// numbers and become strings; a large collectionID keeps every digit.
func TestDescribeCollectionV2Decoding(t *testing.T) {
	t.Parallel()
	const body = `{"code":0,"message":"","data":{
	"collectionName":"books","collectionID":449123456789012345,"description":"my books","autoId":true,
	"fields":[
	  {"id":100,"name":"id","type":"VarChar","primaryKey":true,"autoId":true,"partitionKey":false,"clusteringKey":false,"nullable":false,"description":"","params":[{"key":"max_length","value":"36"}]},
	  {"id":101,"name":"tags","type":"Array","elementType":"VarChar","primaryKey":false,"autoId":false,"partitionKey":false,"clusteringKey":false,"nullable":true,"description":"labels",
	   "params":[{"key":"max_capacity","value":100},{"key":"max_length","value":"32"}]},
	  {"id":"102","name":"tenant","type":"Int64","partitionKey":true,"clusteringKey":true},
	  {"id":103,"name":"vec","type":"FloatVector","params":[{"key":"dim","value":768}]}
	],
	"functions":[],"aliases":[],
	"indexes":[{"fieldName":"vec","indexName":"vec_idx","metricType":"COSINE"}],
	"load":"LoadStateLoaded","shardsNum":2,"partitionsNum":64,"consistencyLevel":"Strong","enableDynamicField":true,
	"properties":[{"key":"collection.ttl.seconds","value":"86400"},{"key":"mmap.enabled","value":true}]}}`
	rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, _ *http.Request, _ int) { reply(w, 200, body) })
	got, err := dp.DescribeCollectionV2(t.Context(), "", "books")
	if err != nil {
		t.Fatal(err)
	}
	want := &CollectionV2{
		Name: "books", Description: "my books", Load: "LoadStateLoaded", ConsistencyLevel: "Strong",
		CollectionID: 449123456789012345, AutoID: true, EnableDynamicField: true, ShardsNum: 2, PartitionsNum: 64,
		Fields: []FieldV2{
			{ID: 100, Name: "id", Type: "VarChar", PrimaryKey: true, AutoID: true, Params: map[string]string{"max_length": "36"}},
			{ID: 101, Name: "tags", Type: "Array", ElementType: "VarChar", Nullable: true, Description: "labels",
				Params: map[string]string{"max_capacity": "100", "max_length": "32"}},
			{ID: 102, Name: "tenant", Type: "Int64", PartitionKey: true, ClusteringKey: true, Params: map[string]string{}},
			{ID: 103, Name: "vec", Type: "FloatVector", Params: map[string]string{"dim": "768"}},
		},
		Indexes:    []CollectionIndex{{FieldName: "vec", IndexName: "vec_idx", MetricType: "COSINE"}},
		Properties: map[string]string{"collection.ttl.seconds": "86400", "mmap.enabled": "true"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("collection =\n%+v\nwant\n%+v", got, want)
	}
	r := rec.requests()[0]
	if r.Method != http.MethodPost || r.Path != "/v2/vectordb/collections/describe" {
		t.Errorf("request %s %s", r.Method, r.Path)
	}
	jsonEqual(t, r.Body, map[string]any{"dbName": "default", "collectionName": "books"})
}

// TestDescribeCollectionV2Sparse: an answer without optional parts still
// gives non-nil slices and maps.
func TestDescribeCollectionV2Sparse(t *testing.T) {
	t.Parallel()
	_, dp := newV2DataPlane(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		reply(w, 200, `{"code":0,"data":{"collectionName":"c","fields":[{"name":"id","type":"Int64","primaryKey":true}]}}`)
	})
	got, err := dp.DescribeCollectionV2(t.Context(), "db", "c")
	if err != nil {
		t.Fatal(err)
	}
	if got.Indexes == nil || got.Properties == nil || got.Fields[0].Params == nil {
		t.Errorf("nil parts: %+v", got)
	}
}

func TestCollectionV2NameCalls(t *testing.T) {
	t.Parallel()
	var (
		hasAnswer  atomic.Value
		loadAnswer atomic.Value
	)
	rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		switch strings.TrimPrefix(r.URL.Path, "/v2/vectordb/collections/") {
		case "has":
			reply(w, 200, hasAnswer.Load().(string))
		case "get_load_state":
			reply(w, 200, loadAnswer.Load().(string))
		case "load", "release":
			reply(w, 200, `{"code":0,"data":{}}`)
		default:
			reply(w, 404, `{"code":404,"message":"no route"}`)
		}
	})
	ctx := t.Context()

	hasAnswer.Store(`{"code":0,"data":{"has":true}}`)
	if has, err := dp.HasCollection(ctx, "db1", "c"); err != nil || !has {
		t.Errorf("HasCollection = %v, %v", has, err)
	}
	hasAnswer.Store(`{"code":0,"data":{"has":false}}`)
	if has, err := dp.HasCollection(ctx, "", "c"); err != nil || has {
		t.Errorf("HasCollection = %v, %v", has, err)
	}
	hasAnswer.Store(`{"code":0,"data":{}}`)
	if _, err := dp.HasCollection(ctx, "", "c"); err == nil {
		t.Error("HasCollection without a has field gave no error")
	}
	hasAnswer.Store(`{"code":800,"message":"database not found[database=nope]"}`)
	if _, err := dp.HasCollection(ctx, "nope", "c"); !IsNotFound(err) {
		t.Errorf("unknown database: %v", err)
	}

	if err := dp.LoadCollection(ctx, "", "c"); err != nil {
		t.Error(err)
	}
	if err := dp.ReleaseCollection(ctx, "db1", "c"); err != nil {
		t.Error(err)
	}

	for _, tc := range []struct {
		answer       string
		state        string
		progress     int
		wantNotFound bool
	}{
		{`{"code":0,"data":{"loadState":"LoadStateNotLoad"}}`, "LoadStateNotLoad", 0, false},
		{`{"code":0,"data":{"loadProgress":100,"loadState":"LoadStateLoaded"},"message":""}`, "LoadStateLoaded", 100, false},
		{`{"code":0,"data":{"loadProgress":"42","loadState":"LoadStateLoading"},"message":""}`, "LoadStateLoading", 42, false},
		{`{"code":200,"data":{"loadState":"LoadStateNotLoad"}}`, "LoadStateNotLoad", 0, false}, // older servers answered 200
		{`{"code":100,"message":"collection not found[collection=c]"}`, "", 0, true},
	} {
		loadAnswer.Store(tc.answer)
		state, progress, err := dp.GetLoadState(ctx, "", "c")
		if tc.wantNotFound {
			if !IsNotFound(err) {
				t.Errorf("%s: error %v, want not found", tc.answer, err)
			}
			continue
		}
		if err != nil || state != tc.state || progress != tc.progress {
			t.Errorf("%s: GetLoadState = %q, %d, %v", tc.answer, state, progress, err)
		}
	}

	wantBodies := map[string]map[string]any{
		"has":     {"dbName": "db1", "collectionName": "c"},
		"load":    {"dbName": "default", "collectionName": "c"},
		"release": {"dbName": "db1", "collectionName": "c"},
	}
	for _, r := range rec.requests() {
		if r.Method != http.MethodPost {
			t.Errorf("%s %s", r.Method, r.Path)
		}
		if want, ok := wantBodies[strings.TrimPrefix(r.Path, "/v2/vectordb/collections/")]; ok {
			jsonEqual(t, r.Body, want)
			delete(wantBodies, strings.TrimPrefix(r.Path, "/v2/vectordb/collections/"))
		}
	}

	for name, call := range map[string]func() error{
		"describe": func() error { _, err := dp.DescribeCollectionV2(ctx, "", " "); return err },
		"has":      func() error { _, err := dp.HasCollection(ctx, "", ""); return err },
		"load":     func() error { return dp.LoadCollection(ctx, "", "") },
		"release":  func() error { return dp.ReleaseCollection(ctx, "", "") },
		"state":    func() error { _, _, err := dp.GetLoadState(ctx, "", ""); return err },
	} {
		if err := call(); err == nil || !strings.Contains(err.Error(), "collection name is empty") {
			t.Errorf("%s with an empty name: %v", name, err)
		}
	}
}

func TestDescribeCollectionV2NotFound(t *testing.T) {
	t.Parallel()
	_, dp := newV2DataPlane(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		reply(w, 200, `{"code":100,"message":"collection not found[collection=c]"}`)
	})
	_, err := dp.DescribeCollectionV2(t.Context(), "", "c")
	var ae *APIError
	if !IsNotFound(err) || !errors.As(err, &ae) || ae.Path != "/v2/vectordb/collections/describe" || ae.Message != "collection not found[collection=c]" {
		t.Errorf("error = %v", err)
	}
}

// TestCollectionV2RetryRules: reads, load and release are retried on 5xx
// and dropped connections; create only when the server certainly did not act.
func TestCollectionV2RetryRules(t *testing.T) {
	t.Parallel()
	type callFn func(ctx context.Context, dp *DataPlane) error
	create := func(ctx context.Context, dp *DataPlane) error {
		return dp.CreateCollectionV2(ctx, CreateCollectionV2Request{CollectionName: "c", Fields: []FieldSchema{{FieldName: "id", DataType: "Int64", IsPrimary: true}}})
	}
	describe := func(ctx context.Context, dp *DataPlane) error {
		_, err := dp.DescribeCollectionV2(ctx, "", "c")
		return err
	}
	has := func(ctx context.Context, dp *DataPlane) error { _, err := dp.HasCollection(ctx, "", "c"); return err }
	load := func(ctx context.Context, dp *DataPlane) error { return dp.LoadCollection(ctx, "", "c") }
	release := func(ctx context.Context, dp *DataPlane) error { return dp.ReleaseCollection(ctx, "", "c") }
	state := func(ctx context.Context, dp *DataPlane) error { _, _, err := dp.GetLoadState(ctx, "", "c"); return err }
	const maxRetries = 3
	tests := []struct {
		name         string
		call         callFn
		route        string
		statuses     []int // -1 drops the connection; 200 answers success
		wantAttempts int
		wantErr      bool
	}{
		{"describe 503 retried", describe, "describe", []int{503, 200}, 2, false},
		{"describe 500 retried", describe, "describe", []int{500, 500, 200}, 3, false},
		{"describe dropped connection retried", describe, "describe", []int{-1, 200}, 2, false},
		{"has 502 retried", has, "has", []int{502, 200}, 2, false},
		{"get_load_state 504 retried", state, "get_load_state", []int{504, 200}, 2, false},
		{"load 500 retried", load, "load", []int{500, 200}, 2, false},
		{"release dropped connection retried", release, "release", []int{-1, 200}, 2, false},
		{"describe 400 not retried", describe, "describe", []int{400, 200}, 1, true},
		{"create 503 retried", create, "create", []int{503, 200}, 2, false},
		{"create 429 retried", create, "create", []int{429, 200}, 2, false},
		// Not retried by the transport; the create re-sends the identical
		// request, which the server answers with success whether or not the
		// first one got through.
		{"create 500 re-sent", create, "create", []int{500, 200}, 2, false},
		{"create 502 re-sent", create, "create", []int{502, 200}, 2, false},
		{"create dropped connection re-sent", create, "create", []int{-1, 200}, 2, false},
		{"create 408 re-sent", create, "create", []int{408, 200}, 2, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var hits atomic.Int32
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				route := strings.TrimPrefix(r.URL.Path, "/v2/vectordb/collections/")
				if route != tc.route {
					reply(w, 200, `{"code":0,"data":{"has":false}}`)
					return
				}
				i := int(hits.Add(1)) - 1
				switch status := tc.statuses[min(i, len(tc.statuses)-1)]; status {
				case 200:
					reply(w, 200, `{"code":0,"data":{"has":true,"loadState":"LoadStateLoaded","loadProgress":100,"collectionName":"c"}}`)
				case -1:
					hj, _ := w.(http.Hijacker)
					conn, _, _ := hj.Hijack()
					_ = conn.Close()
				default:
					reply(w, status, map[string]any{"code": status, "message": http.StatusText(status)})
				}
			})
			cfg := fastConfig(rec.srv.URL)
			cfg.MaxRetries = maxRetries
			dp, _ := newTestClient(t, cfg).DataPlane(rec.srv.URL, "")
			err := tc.call(t.Context(), dp)
			if got := int(hits.Load()); got != tc.wantAttempts {
				t.Errorf("attempts = %d, want %d (err %v)", got, tc.wantAttempts, err)
			}
			if (err != nil) != tc.wantErr {
				t.Errorf("error = %v, want error %v", err, tc.wantErr)
			}
		})
	}
}

// TestWaitLoaded: LoadStateLoading (with a progress) is waited out; Loaded
// ends the wait; a collection that stays not loaded is an error.
func TestWaitLoaded(t *testing.T) {
	t.Parallel()
	var polls atomic.Int32
	_, dp := newV2DataPlane(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if polls.Add(1) < 3 {
			reply(w, 200, `{"code":0,"data":{"loadState":"LoadStateLoading","loadProgress":40},"message":""}`)
			return
		}
		reply(w, 200, `{"code":0,"data":{"loadState":"LoadStateLoaded","loadProgress":100},"message":""}`)
	})
	if err := dp.WaitLoaded(t.Context(), "", "c"); err != nil {
		t.Fatal(err)
	}
	if n := polls.Load(); n != 3 {
		t.Errorf("%d polls, want 3", n)
	}
}

// TestWaitLoadedNotLoadGrace: LoadStateNotLoad is taken for a load that does
// not show yet for notLoadGrace (5 s on the client's clock), then for a load
// that stopped. Polls come a second apart, so a load that shows at the fourth
// poll is waited out, and one that never shows fails at the poll at 5 s.
func TestWaitLoadedNotLoadGrace(t *testing.T) {
	t.Parallel()
	const (
		notLoad = `{"code":0,"data":{"loadState":"LoadStateNotLoad"},"message":""}`
		loading = `{"code":0,"data":{"loadState":"LoadStateLoading","loadProgress":10},"message":""}`
		loaded  = `{"code":0,"data":{"loadState":"LoadStateLoaded","loadProgress":100},"message":""}`
	)
	for _, tc := range []struct {
		name    string
		answers []string // in turn, the last repeating
		polls   int
		wantErr string
	}{
		{"shows within the grace", []string{notLoad, notLoad, notLoad, loading, loaded}, 5, ""},
		{"never shows", []string{notLoad}, 6, "collection c is LoadStateNotLoad, not loading"},
		{"stops after loading", []string{loading, notLoad}, 6, "collection c is LoadStateNotLoad, not loading"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var polls atomic.Int32
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				reply(w, 200, tc.answers[min(int(polls.Add(1))-1, len(tc.answers)-1)])
			})
			clk := newStepClock()
			dp, err := withClock(newTestClient(t, fastConfig(rec.srv.URL)), clk).DataPlane(rec.srv.URL, "tok")
			if err != nil {
				t.Fatal(err)
			}
			start := clk.Now()
			err = dp.WaitLoaded(t.Context(), "", "c")
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("error = %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error = %v, want %q", err, tc.wantErr)
			}
			if n := int(polls.Load()); n != tc.polls {
				t.Errorf("%d polls, want %d", n, tc.polls)
			}
			if took := clk.Now().Sub(start); tc.wantErr != "" && took != notLoadGrace {
				t.Errorf("gave up after %v on the client's clock, want notLoadGrace (%v)", took, notLoadGrace)
			}
		})
	}
}

// TestCreateCollectionRoundPauses: after each answer that may be lost the
// identical create is sent again after a longer pause (0.5 s, 1 s, 1.5 s,
// 2 s); a deadline that passes during a pause sends nothing more.
func TestCreateCollectionRoundPauses(t *testing.T) {
	t.Parallel()
	req := CreateCollectionV2Request{
		CollectionName: "c",
		Fields:         []FieldSchema{{FieldName: "id", DataType: "Int64", IsPrimary: true}, {FieldName: "v", DataType: "FloatVector", Dim: 4}},
	}
	run := func(expireAt int) (*stepClock, []string, error) {
		rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
			if r.URL.Path == hasPath {
				answerHas(w, r, false)
				return
			}
			reply(w, 500, `{"code":65535,"message":"internal"}`)
		})
		clk := newStepClock()
		ctx := newExpiringContext(t.Context())
		clk.onWait = func(n int) {
			if n == expireAt {
				ctx.expire()
			}
		}
		dp, err := withClock(newTestClient(t, fastConfig(rec.srv.URL)), clk).DataPlane(rec.srv.URL, "tok")
		if err != nil {
			t.Fatal(err)
		}
		err = dp.CreateCollectionV2(ctx, req)
		var paths []string
		for _, r := range rec.requests() {
			paths = append(paths, strings.TrimPrefix(r.Path, "/v2/vectordb/collections/"))
		}
		return clk, paths, err
	}
	ms := time.Millisecond
	// Every round: the name check (polled at once), then a pause before each
	// create after the first.
	clk, paths, err := run(-1)
	if want := []time.Duration{0, 500 * ms, 1000 * ms, 1500 * ms, 2000 * ms}; !reflect.DeepEqual(clk.waited(), want) {
		t.Errorf("pauses %v, want %v", clk.waited(), want)
	}
	if want := everyRound("has", "create", "has"); !reflect.DeepEqual(paths, want) || bodyCode(err) != 65535 {
		t.Errorf("requests %v, error %v; want %v and the create's 500", paths, err, want)
	}
	// The deadline passes in the second pause: two creates, nothing after.
	_, paths, err = run(3)
	if want := []string{"has", "create", "create"}; !reflect.DeepEqual(paths, want) || bodyCode(err) != 65535 {
		t.Errorf("requests %v, error %v; want %v and the last create's 500", paths, err, want)
	}
}

// TestDescribeIndex: type and metric always; params only when the server
// reports them (older servers do not: nil, not empty).
func TestDescribeIndex(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, data string
		params     map[string]string
	}{
		{"with params", `[{"indexName":"v_idx","fieldName":"v","indexType":"HNSW","metricType":"L2","params":[{"key":"M","value":"16"},{"key":"efConstruction","value":200}]}]`,
			map[string]string{"M": "16", "efConstruction": "200"}},
		{"without params", `[{"indexName":"v_idx","fieldName":"v","indexType":"HNSW","metricType":"L2","indexState":"Finished"}]`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, dp := newV2DataPlane(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				reply(w, 200, `{"code":0,"data":`+tc.data+`}`)
			})
			got, err := dp.DescribeIndex(t.Context(), "", "c", "v_idx")
			if err != nil {
				t.Fatal(err)
			}
			if got.IndexType != "HNSW" || got.MetricType != "L2" || got.FieldName != "v" || !reflect.DeepEqual(got.Params, tc.params) {
				t.Errorf("got %+v", got)
			}
			r := rec.requests()[0]
			if r.Path != "/v2/vectordb/indexes/describe" {
				t.Errorf("path %s", r.Path)
			}
			jsonEqual(t, r.Body, map[string]any{"dbName": "default", "collectionName": "c", "indexName": "v_idx"})
		})
	}
}

// everyRound is the request list of a create that ran all its rounds: first,
// then the create createRounds times, then last.
func everyRound(first, create, last string) []string {
	out := []string{first}
	for range createRounds {
		out = append(out, create)
	}
	return append(out, last)
}
