package zillizmock

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// v2Client calls one cluster's /v2/vectordb/collections/* routes.
type v2Client struct {
	t   *testing.T
	s   *Server
	ep  string
	key string
}

func newV2Client(t *testing.T, s *Server, clusterName string) v2Client {
	t.Helper()
	c := runningCluster(t, s, clusterName)
	return v2Client{t: t, s: s, ep: endpoint(s, c.ClusterID), key: s.APIKey()}
}

func (c v2Client) post(route string, body any, headers ...string) apiResp {
	c.t.Helper()
	return call(c.t, http.MethodPost, c.ep+"/v2/vectordb/collections/"+route, c.key, body, headers...)
}

// describeV2 is the v2 describe data as a test reads it.
type describeV2 struct {
	CollectionName     string `json:"collectionName"`
	CollectionID       int64  `json:"collectionID"`
	Description        string `json:"description"`
	AutoID             bool   `json:"autoId"`
	EnableDynamicField bool   `json:"enableDynamicField"`
	Fields             []struct {
		ID            int64      `json:"id"`
		Name          string     `json:"name"`
		Type          string     `json:"type"`
		ElementType   *string    `json:"elementType"`
		PrimaryKey    bool       `json:"primaryKey"`
		AutoID        bool       `json:"autoId"`
		PartitionKey  bool       `json:"partitionKey"`
		ClusteringKey bool       `json:"clusteringKey"`
		Nullable      bool       `json:"nullable"`
		Description   string     `json:"description"`
		Params        []keyValue `json:"params"`
	} `json:"fields"`
	Functions        []any      `json:"functions"`
	Aliases          []string   `json:"aliases"`
	Indexes          []v1Index  `json:"indexes"`
	Load             string     `json:"load"`
	ShardsNum        int        `json:"shardsNum"`
	PartitionsNum    int64      `json:"partitionsNum"`
	ConsistencyLevel string     `json:"consistencyLevel"`
	Properties       []keyValue `json:"properties"`
}

func (c v2Client) describe(name string) describeV2 {
	c.t.Helper()
	r := c.post("describe", map[string]any{"collectionName": name})
	wantCode(c.t, r, http.StatusOK, codeV2OK)
	return decodeData[describeV2](c.t, r)
}

func (c v2Client) loadState(name string) string {
	c.t.Helper()
	r := c.post("get_load_state", map[string]any{"collectionName": name})
	wantCode(c.t, r, http.StatusOK, codeV2OK)
	return decodeData[struct {
		LoadState string `json:"loadState"`
	}](c.t, r).LoadState
}

// fieldDef builds a schema field the way the API documents it.
func fieldDef(name, dataType string, params map[string]any, extra ...any) map[string]any {
	f := map[string]any{"fieldName": name, "dataType": dataType}
	if params != nil {
		f["elementTypeParams"] = params
	}
	for i := 0; i+1 < len(extra); i += 2 {
		f[extra[i].(string)] = extra[i+1]
	}
	return f
}

// schemaBody is a schema-mode create of name with fields and indexes.
func schemaBody(name string, fields []map[string]any, indexes []map[string]any, params map[string]any) map[string]any {
	b := map[string]any{
		"collectionName": name,
		"schema":         map[string]any{"autoID": false, "enableDynamicField": true, "fields": fields},
	}
	if indexes != nil {
		b["indexParams"] = indexes
	}
	if params != nil {
		b["params"] = params
	}
	return b
}

func idField() map[string]any { return fieldDef("id", "Int64", nil, "isPrimary", true) }
func vecField() map[string]any {
	return fieldDef("vec", "FloatVector", map[string]any{"dim": 8})
}
func vecIndex() map[string]any {
	return map[string]any{"fieldName": "vec", "indexName": "vec_idx", "metricType": "L2"}
}

// everyTypeFields is one field of every data type, with the type params
// each needs, some as numbers and some as strings.
func everyTypeFields() []map[string]any {
	return []map[string]any{
		fieldDef("pk", "VarChar", map[string]any{"max_length": 64}, "isPrimary", true),
		fieldDef("f_bool", "Bool", nil, "nullable", true),
		fieldDef("f_int8", "Int8", nil),
		fieldDef("f_int16", "Int16", nil),
		fieldDef("f_int32", "Int32", nil),
		fieldDef("f_int64", "Int64", nil, "isPartitionKey", true),
		fieldDef("f_float", "Float", nil, "isClusteringKey", true),
		fieldDef("f_double", "Double", nil),
		fieldDef("f_varchar", "VarChar", map[string]any{"max_length": "512"}, "description", "a title"),
		fieldDef("f_json", "JSON", nil),
		fieldDef("f_array", "Array", map[string]any{"max_capacity": 100, "max_length": 32}, "elementDataType", "VarChar"),
		fieldDef("v_float", "FloatVector", map[string]any{"dim": 8}),
		fieldDef("v_binary", "BinaryVector", map[string]any{"dim": "16"}),
		fieldDef("v_f16", "Float16Vector", map[string]any{"dim": 4}),
		fieldDef("v_sparse", "SparseFloatVector", nil),
	}
}

func TestVectorDBV2Lifecycle(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "v2-lifecycle")

	if r := c.post("list", map[string]any{}); string(r.Raw) != `{"code":0,"data":[]}` {
		t.Fatalf("empty list: %s", r.Raw)
	}
	body := schemaBody("books", everyTypeFields(), []map[string]any{
		{"fieldName": "v_float", "indexName": "v_float_idx", "metricType": "COSINE", "indexType": "AUTOINDEX", "params": map[string]any{"M": 16}},
		{"fieldName": "v_binary", "metricType": "HAMMING"},
		{"fieldName": "v_f16"}, // metric defaults per type
		{"fieldName": "v_sparse", "metricType": "IP"},
		{"fieldName": "f_varchar", "indexType": "INVERTED"},
	}, map[string]any{"shardsNum": 2, "consistencyLevel": "Strong", "ttlSeconds": 3600, "partitionsNum": 16})
	body["description"] = "my books"
	if r := c.post("create", body); string(r.Raw) != `{"code":0,"data":{}}` {
		t.Fatalf("create: %s", r.Raw)
	}

	d := c.describe("books")
	if d.CollectionName != "books" || d.CollectionID <= 0 || d.Description != "my books" || d.AutoID ||
		!d.EnableDynamicField || d.Load != loadStateLoaded || d.ShardsNum != 2 || d.PartitionsNum != 16 ||
		d.ConsistencyLevel != "Strong" || d.Functions == nil || len(d.Functions) != 0 || d.Aliases == nil || len(d.Aliases) != 0 {
		t.Errorf("describe: %+v", d)
	}
	if want := []keyValue{{"collection.ttl.seconds", "3600"}}; !reflect.DeepEqual(d.Properties, want) {
		t.Errorf("properties = %v, want %v", d.Properties, want)
	}
	wantTypes := []string{"VarChar", "Bool", "Int8", "Int16", "Int32", "Int64", "Float", "Double", "VarChar", "JSON", "Array", "FloatVector", "BinaryVector", "Float16Vector", "SparseFloatVector"}
	for i, f := range d.Fields {
		if f.ID != int64(100+i) || f.Type != wantTypes[i] {
			t.Errorf("field %d: id %d type %s", i, f.ID, f.Type)
		}
		if (f.ElementType != nil) != (f.Type == "Array") {
			t.Errorf("field %s: elementType %v", f.Name, f.ElementType)
		}
	}
	params := func(i int) []keyValue { return d.Fields[i].Params }
	for _, tc := range []struct {
		i    int
		want []keyValue
	}{
		{0, []keyValue{{"max_length", "64"}}},
		{1, nil},
		{8, []keyValue{{"max_length", "512"}}},
		{10, []keyValue{{"max_capacity", "100"}, {"max_length", "32"}}},
		{11, []keyValue{{"dim", "8"}}},
		{12, []keyValue{{"dim", "16"}}},
		{14, nil},
	} {
		if !reflect.DeepEqual(params(tc.i), tc.want) {
			t.Errorf("field %s params = %v, want %v", d.Fields[tc.i].Name, params(tc.i), tc.want)
		}
	}
	pk, boolF, part, clus, title, arr := d.Fields[0], d.Fields[1], d.Fields[5], d.Fields[6], d.Fields[8], d.Fields[10]
	if !pk.PrimaryKey || pk.AutoID || !boolF.Nullable || !part.PartitionKey || !clus.ClusteringKey ||
		title.Description != "" || *arr.ElementType != "VarChar" { // v2 create stores no field description
		t.Errorf("field flags: %+v", d.Fields)
	}
	wantIdx := []v1Index{
		{"v_float", "v_float_idx", "COSINE"},
		{"v_binary", "v_binary", "HAMMING"},
		{"v_f16", "v_f16", "COSINE"},
		{"v_sparse", "v_sparse", "IP"},
		{"f_varchar", "f_varchar", "COSINE"}, // a scalar index shows REST's default metric
	}
	if !reflect.DeepEqual(sortedIndexes(d.Indexes), sortedIndexes(wantIdx)) { // describe shuffles them
		t.Errorf("indexes = %+v\nwant      %+v", d.Indexes, wantIdx)
	}

	wantCode(t, c.post("has", map[string]any{"collectionName": "books"}), http.StatusOK, codeV2OK)
	if r := c.post("has", map[string]any{"collectionName": "books"}); string(r.Raw) != `{"code":0,"data":{"has":true}}` {
		t.Errorf("has: %s", r.Raw)
	}
	if r := c.post("list", map[string]any{"dbName": "default"}); string(r.Raw) != `{"code":0,"data":["books"]}` {
		t.Errorf("list: %s", r.Raw)
	}
	if r := c.post("get_load_state", map[string]any{"collectionName": "books"}); string(r.Raw) != `{"code":0,"data":{"loadProgress":100,"loadState":"LoadStateLoaded"},"message":""}` {
		t.Errorf("get_load_state loaded: %s", r.Raw)
	}
	if r := c.post("release", map[string]any{"collectionName": "books"}); string(r.Raw) != `{"code":0,"data":{}}` {
		t.Errorf("release: %s", r.Raw)
	}
	if r := c.post("get_load_state", map[string]any{"collectionName": "books"}); string(r.Raw) != `{"code":0,"data":{"loadState":"LoadStateNotLoad"}}` {
		t.Errorf("get_load_state released: %s", r.Raw)
	}
	wantCode(t, c.post("release", map[string]any{"collectionName": "books"}), http.StatusOK, codeV2OK) // twice is fine
	if d := c.describe("books"); d.Load != loadStateNotLoad {
		t.Errorf("describe after release: load %s", d.Load)
	}
	wantCode(t, c.post("load", map[string]any{"collectionName": "books"}), http.StatusOK, codeV2OK)
	if st := c.loadState("books"); st != loadStateLoaded {
		t.Errorf("after load: %s", st)
	}

	for i := 0; i < 2; i++ { // v2 drop is idempotent
		if r := c.post("drop", map[string]any{"collectionName": "books"}); string(r.Raw) != `{"code":0,"data":{}}` {
			t.Fatalf("drop #%d: %s", i+1, r.Raw)
		}
	}
	if r := c.post("has", map[string]any{"collectionName": "books"}); string(r.Raw) != `{"code":0,"data":{"has":false}}` {
		t.Errorf("has after drop: %s", r.Raw)
	}
	const notFound = `{"code":100,"message":"collection not found[collection=books]"}`
	for _, route := range []string{"describe", "get_load_state", "load", "release"} {
		if r := c.post(route, map[string]any{"collectionName": "books"}); r.HTTP != 200 || string(r.Raw) != notFound {
			t.Errorf("%s after drop: HTTP %d %s", route, r.HTTP, r.Raw)
		}
	}
}

// TestVectorDBV2EveryDataType: each type of the enum is accepted, and the
// spelling is exact: anything else is 1100 "... is invalid(case sensitive).".
func TestVectorDBV2EveryDataType(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "v2-types")
	tests := []struct {
		dataType string
		field    map[string]any
		index    map[string]any // for vector types, their own index
	}{
		{"Bool", fieldDef("x", "Bool", nil), nil},
		{"Int8", fieldDef("x", "Int8", nil), nil},
		{"Int16", fieldDef("x", "Int16", nil), nil},
		{"Int32", fieldDef("x", "Int32", nil), nil},
		{"Int64", fieldDef("x", "Int64", nil), nil},
		{"Float", fieldDef("x", "Float", nil), nil},
		{"Double", fieldDef("x", "Double", nil), nil},
		{"VarChar", fieldDef("x", "VarChar", map[string]any{"max_length": 10}), nil},
		{"Array", fieldDef("x", "Array", map[string]any{"max_capacity": 4}, "elementDataType", "Int32"), nil},
		{"JSON", fieldDef("x", "JSON", nil), nil},
		{"BinaryVector", fieldDef("x", "BinaryVector", map[string]any{"dim": 8}), map[string]any{"fieldName": "x", "metricType": "JACCARD"}},
		{"FloatVector", fieldDef("x", "FloatVector", map[string]any{"dim": 2}), map[string]any{"fieldName": "x", "metricType": "IP"}},
		{"Float16Vector", fieldDef("x", "Float16Vector", map[string]any{"dim": 4}), map[string]any{"fieldName": "x"}},
		{"BFloat16Vector", fieldDef("x", "BFloat16Vector", map[string]any{"dim": 4}), map[string]any{"fieldName": "x"}},
		{"SparseFloatVector", fieldDef("x", "SparseFloatVector", nil), map[string]any{"fieldName": "x", "metricType": "BM25"}},
		{"Int8Vector", fieldDef("x", "Int8Vector", map[string]any{"dim": 4}), map[string]any{"fieldName": "x"}},
	}
	for _, tc := range tests {
		t.Run(tc.dataType, func(t *testing.T) {
			t.Parallel()
			name := "t_" + tc.dataType
			fields := []map[string]any{idField(), vecField(), tc.field}
			indexes := []map[string]any{vecIndex()}
			if tc.index != nil {
				indexes = append(indexes, tc.index)
			}
			wantCode(t, c.post("create", schemaBody(name, fields, indexes, nil)), http.StatusOK, codeV2OK)
			d := c.describe(name)
			if got := d.Fields[2].Type; got != tc.dataType || d.Load != loadStateLoaded {
				t.Errorf("type %s, load %s", got, d.Load)
			}
		})
	}
	for _, bad := range []string{"int64", "INT64", "Varchar", "varchar", "floatvector", "Float_Vector", "String", "None", "Text", ""} {
		t.Run("rejects "+bad, func(t *testing.T) {
			t.Parallel()
			r := c.post("create", schemaBody("bad_type", []map[string]any{idField(), vecField(), fieldDef("x", bad, nil)}, nil, nil))
			wantCode(t, r, http.StatusOK, codeInvalidParameter)
			if want := "invalid parameter, data type " + bad + " is invalid(case sensitive)."; r.Message != want {
				t.Errorf("message %q, want %q", r.Message, want)
			}
		})
	}
	r := c.post("create", schemaBody("bad_elem", []map[string]any{idField(), vecField(),
		fieldDef("x", "Array", map[string]any{"max_capacity": 4}, "elementDataType", "int32")}, nil, nil))
	wantCode(t, r, http.StatusOK, codeInvalidParameter)
	if want := "invalid parameter, element data type int32 is invalid(case sensitive)."; r.Message != want {
		t.Errorf("message %q, want %q", r.Message, want)
	}
	if got := s.Collections(clusterOf(t, s, c), "default"); slices.Contains(got, "bad_type") || slices.Contains(got, "bad_elem") {
		t.Errorf("rejected creates left collections: %v", got)
	}
}

// clusterOf finds the cluster id behind a v2Client's endpoint.
func clusterOf(t *testing.T, s *Server, c v2Client) string {
	t.Helper()
	for _, cl := range s.Clusters() {
		if cl.ConnectAddress == c.ep {
			return cl.ClusterID
		}
	}
	t.Fatalf("no cluster at %s", c.ep)
	return ""
}

// TestVectorDBV2CreateValidation: every rejected create answers HTTP 200
// with the Milvus code and creates nothing.
func TestVectorDBV2CreateValidation(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "v2-validation")
	with := func(extra ...map[string]any) []map[string]any {
		return append([]map[string]any{idField(), vecField()}, extra...)
	}
	schema := func(fields []map[string]any) map[string]any {
		return schemaBody("rejected", fields, []map[string]any{vecIndex()}, nil)
	}
	withParams := func(params map[string]any) map[string]any {
		return schemaBody("rejected", with(), []map[string]any{vecIndex()}, params)
	}
	fiveVectors := with()
	for _, n := range []string{"v2", "v3", "v4", "v5"} {
		fiveVectors = append(fiveVectors, fieldDef(n, "FloatVector", map[string]any{"dim": 4}))
	}
	tests := []struct {
		name    string
		body    any
		headers []string
		code    int
		message string // checked when set
	}{
		{"empty body", "", nil, codeNotJSON, "can only accept json format request, error: EOF"},
		{"not JSON", "collectionName=x", nil, codeNotJSON, ""},
		{"dimension as a string", map[string]any{"collectionName": "rejected", "dimension": "8"}, nil, codeNotJSON, ""},
		{"no collectionName", map[string]any{"dimension": 8}, nil, codeMissingParameters,
			"missing required parameters, error: Key: 'CollectionReq.CollectionName' Error:Field validation for 'CollectionName' failed on the 'required' tag"},
		{"unknown dbName", map[string]any{"collectionName": "rejected", "dimension": 8, "dbName": "other"}, nil, codeDatabaseNotFound, "database not found[database=other]"},
		{"unknown DB-Name header", map[string]any{"collectionName": "rejected", "dimension": 8}, []string{"DB-Name", "other"}, codeDatabaseNotFound, ""},
		{"quick setup without dimension", map[string]any{"collectionName": "rejected"}, nil, codeInvalidParameter, ""},
		{"quick setup bad idType", map[string]any{"collectionName": "rejected", "dimension": 8, "idType": "String"}, nil, codeInvalidParameter, ""},
		{"quick setup VarChar id without max_length", map[string]any{"collectionName": "rejected", "dimension": 8, "idType": "VarChar"}, nil, codeInvalidParameter, ""},
		{"quick setup dimension too large", map[string]any{"collectionName": "rejected", "dimension": 32769}, nil, codeInvalidParameter, ""},
		{"bad collection name", schemaBody("1abc", with(), nil, nil), nil, codeInvalidParameter, ""},
		{"bad field name", schema(with(fieldDef("a-b", "Int32", nil))), nil, codeInvalidParameter, ""},
		{"duplicate field name", schema(with(fieldDef("vec", "Int32", nil))), nil, codeInvalidParameter, "invalid parameter: duplicated field name vec found"},
		{"no primary key", schema([]map[string]any{fieldDef("id", "Int64", nil), vecField()}), nil, codeInvalidParameter, "invalid parameter: primary key is not specified"},
		{"two primary keys", schema(with(fieldDef("id2", "Int64", nil, "isPrimary", true))), nil, codeInvalidParameter, ""},
		{"Float primary key", schema([]map[string]any{fieldDef("id", "Float", nil, "isPrimary", true), vecField()}), nil, codeInvalidParameter, ""},
		{"nullable primary key", schema([]map[string]any{fieldDef("id", "Int64", nil, "isPrimary", true, "nullable", true), vecField()}), nil, codeInvalidParameter, ""},
		{"VarChar without max_length", schema(with(fieldDef("s", "VarChar", nil))), nil, codeInvalidParameter,
			"invalid parameter: type param(max_length) should be specified for the field(s) of collection rejected"},
		{"VarChar max_length 0", schema(with(fieldDef("s", "VarChar", map[string]any{"max_length": 0}))), nil, codeInvalidParameter, ""},
		{"VarChar max_length 65536", schema(with(fieldDef("s", "VarChar", map[string]any{"max_length": 65536}))), nil, codeInvalidParameter, ""},
		{"VarChar max_length not a number", schema(with(fieldDef("s", "VarChar", map[string]any{"max_length": "long"}))), nil, codeInvalidParameter, ""},
		{"vector without dim", schema(with(fieldDef("v2", "FloatVector", nil))), nil, codeInvalidParameter, ""},
		{"vector dim 1", schema(with(fieldDef("v2", "FloatVector", map[string]any{"dim": 1}))), nil, codeInvalidParameter, ""},
		{"vector dim 32769", schema(with(fieldDef("v2", "FloatVector", map[string]any{"dim": 32769}))), nil, codeInvalidParameter, ""},
		{"binary dim not a multiple of 8", schema(with(fieldDef("b", "BinaryVector", map[string]any{"dim": 12}))), nil, codeInvalidParameter, ""},
		{"sparse with dim", schema(with(fieldDef("sp", "SparseFloatVector", map[string]any{"dim": 8}))), nil, codeInvalidParameter, ""},
		{"nullable vector", schema(with(fieldDef("v2", "FloatVector", map[string]any{"dim": 8}, "nullable", true))), nil, codeInvalidParameter, ""},
		{"Array without elementDataType", schema(with(fieldDef("a", "Array", map[string]any{"max_capacity": 4}))), nil, codeInvalidParameter,
			"invalid parameter, element data type  is invalid(case sensitive)."},
		{"Array of JSON", schema(with(fieldDef("a", "Array", map[string]any{"max_capacity": 4}, "elementDataType", "JSON"))), nil, codeInvalidParameter, ""},
		{"Array without max_capacity", schema(with(fieldDef("a", "Array", nil, "elementDataType", "Int64"))), nil, codeInvalidParameter, ""},
		{"Array max_capacity 4097", schema(with(fieldDef("a", "Array", map[string]any{"max_capacity": 4097}, "elementDataType", "Int64"))), nil, codeInvalidParameter, ""},
		{"Array of VarChar without max_length", schema(with(fieldDef("a", "Array", map[string]any{"max_capacity": 4}, "elementDataType", "VarChar"))), nil, codeInvalidParameter, ""},
		{"two partition keys", schema(with(fieldDef("p1", "Int64", nil, "isPartitionKey", true), fieldDef("p2", "Int64", nil, "isPartitionKey", true))), nil, codeInvalidParameter, ""},
		{"Float partition key", schema(with(fieldDef("p", "Float", nil, "isPartitionKey", true))), nil, codeInvalidParameter, ""},
		{"nullable partition key", schema(with(fieldDef("p", "Int64", nil, "isPartitionKey", true, "nullable", true))), nil, codeInvalidParameter, ""},
		{"too many partitions", schemaBody("rejected", with(fieldDef("p", "Int64", nil, "isPartitionKey", true)), nil, map[string]any{"partitionsNum": 2000}), nil, codeInvalidParameter, ""},
		{"two clustering keys", schema(with(fieldDef("c1", "Int64", nil, "isClusteringKey", true), fieldDef("c2", "Int64", nil, "isClusteringKey", true))), nil, codeInvalidParameter, ""},
		{"no vector field", schema([]map[string]any{idField(), fieldDef("x", "Int32", nil)}), nil, codeInvalidParameter, "invalid parameter: schema does not contain vector field"},
		{"five vector fields", schema(fiveVectors), nil, codeInvalidParameter, ""},
		{"functions", map[string]any{"collectionName": "rejected", "schema": map[string]any{"fields": with(), "functions": []any{map[string]any{"name": "bm25"}}}}, nil, codeInvalidParameter, ""},
		{"consistencyLevel lower case", withParams(map[string]any{"consistencyLevel": "strong"}), nil, codeInvalidParameter, ""},
		{"shardsNum 17", withParams(map[string]any{"shardsNum": 17}), nil, codeInvalidParameter, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := c.post("create", tc.body, tc.headers...)
			wantCode(t, r, http.StatusOK, tc.code)
			if r.Message == "" || r.Data != nil {
				t.Errorf("error answer %s", r.Raw)
			}
			if tc.message != "" && r.Message != tc.message {
				t.Errorf("message %q\nwant    %q", r.Message, tc.message)
			}
		})
	}
	t.Cleanup(func() {
		if got := s.Collections(clusterOf(t, s, c), "default"); len(got) != 0 {
			t.Errorf("rejected creates left collections %v", got)
		}
	})
}

// TestVectorDBV2FailuresAfterCreate: like Milvus, the index fieldName check,
// index creation and load run after the collection exists, so these errors
// leave a collection behind, not loaded.
func TestVectorDBV2FailuresAfterCreate(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "v2-after-create")
	tests := []struct {
		name    string
		fields  []map[string]any
		indexes []map[string]any
		code    int
		message string
	}{
		{"index on an unknown field", []map[string]any{idField(), vecField()},
			[]map[string]any{{"fieldName": "nope", "metricType": "L2"}}, codeMissingParameters,
			"missing required parameters, error: `nope` hasn't defined in schema"},
		{"metric in lower case", []map[string]any{idField(), vecField()},
			[]map[string]any{{"fieldName": "vec", "metricType": "cosine"}}, codeInvalidParameter, ""},
		{"binary metric on a float vector", []map[string]any{idField(), vecField()},
			[]map[string]any{{"fieldName": "vec", "metricType": "HAMMING"}}, codeInvalidParameter, ""},
		{"two different indexes on one field", []map[string]any{idField(), vecField()},
			[]map[string]any{{"fieldName": "vec", "metricType": "L2"}, {"fieldName": "vec", "metricType": "IP"}}, codeUnexpected, ""},
		{"second vector field without index", []map[string]any{idField(), vecField(), fieldDef("v2", "FloatVector", map[string]any{"dim": 4})},
			[]map[string]any{vecIndex()}, codeIndexNotFound,
			"index not found[collection=%s]: there is no vector index on field: [v2], please create index firstly"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			name := "after_" + string(rune('a'+i))
			r := c.post("create", schemaBody(name, tc.fields, tc.indexes, nil))
			wantCode(t, r, http.StatusOK, tc.code)
			if want := strings.ReplaceAll(tc.message, "%s", name); want != "" && r.Message != want {
				t.Errorf("message %q\nwant    %q", r.Message, want)
			}
			if d := c.describe(name); d.Load != loadStateNotLoad {
				t.Errorf("collection left %s, want %s", d.Load, loadStateNotLoad)
			}
			// load keeps failing until every vector field has an index
			if tc.code == codeIndexNotFound {
				wantCode(t, c.post("load", map[string]any{"collectionName": name}), http.StatusOK, codeIndexNotFound)
			}
		})
	}
}

func TestVectorDBV2NoIndexNotLoaded(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "v2-noindex")
	if r := c.post("create", schemaBody("plain", []map[string]any{idField(), vecField()}, nil, nil)); string(r.Raw) != `{"code":0,"data":{}}` {
		t.Fatalf("create: %s", r.Raw)
	}
	d := c.describe("plain")
	if d.Load != loadStateNotLoad || len(d.Indexes) != 0 || d.Indexes == nil {
		t.Errorf("load %s, indexes %#v", d.Load, d.Indexes)
	}
	if st := c.loadState("plain"); st != loadStateNotLoad {
		t.Errorf("get_load_state %s", st)
	}
	r := c.post("load", map[string]any{"collectionName": "plain"})
	wantCode(t, r, http.StatusOK, codeIndexNotFound)
	// The same create with indexParams is the same schema: it adds the index and loads.
	wantCode(t, c.post("create", schemaBody("plain", []map[string]any{idField(), vecField()}, []map[string]any{vecIndex()}, nil)), http.StatusOK, codeV2OK)
	if st := c.loadState("plain"); st != loadStateLoaded {
		t.Errorf("after indexed re-create: %s", st)
	}
}

func TestVectorDBV2Duplicate(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "v2-dup")
	body := func(maxLen any, dim any) map[string]any {
		return schemaBody("dup", []map[string]any{
			idField(),
			fieldDef("title", "VarChar", map[string]any{"max_length": maxLen}),
			fieldDef("vec", "FloatVector", map[string]any{"dim": dim}),
		}, []map[string]any{vecIndex()}, map[string]any{"consistencyLevel": "Session"})
	}
	wantCode(t, c.post("create", body(128, 8)), http.StatusOK, codeV2OK)
	id := c.describe("dup").CollectionID
	// Same schema again, with the params now as strings: idempotent.
	wantCode(t, c.post("create", body("128", "8")), http.StatusOK, codeV2OK)
	if got := c.describe("dup").CollectionID; got != id {
		t.Errorf("idempotent create changed the collection id %d → %d", id, got)
	}
	const diff = `{"code":65535,"message":"create duplicate collection with different parameters, collection: dup"}`
	for _, tc := range []struct {
		name string
		body map[string]any
	}{
		{"other max_length", body(256, 8)},
		{"other dim", body(128, 16)},
		{"other consistency", schemaBody("dup", []map[string]any{idField(), fieldDef("title", "VarChar", map[string]any{"max_length": 128}), vecField()}, nil, nil)},
		{"quick setup", map[string]any{"collectionName": "dup", "dimension": 8}},
	} {
		if r := c.post("create", tc.body); string(r.Raw) != diff {
			t.Errorf("%s: %s", tc.name, r.Raw)
		}
	}
	// Quick setup repeated is the same schema too.
	for i := 0; i < 2; i++ {
		wantCode(t, c.post("create", map[string]any{"collectionName": "quick", "dimension": 4}), http.StatusOK, codeV2OK)
	}
}

func TestVectorDBV2QuickSetupDefaults(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "v2-quick")
	wantCode(t, c.post("create", map[string]any{"collectionName": "quick", "dimension": 5}), http.StatusOK, codeV2OK)
	r := c.post("describe", map[string]any{"collectionName": "quick"})
	var got map[string]any
	if err := json.Unmarshal(r.Raw, &got); err != nil {
		t.Fatal(err)
	}
	data := got["data"].(map[string]any)
	if id, ok := data["collectionID"].(float64); !ok || id <= 0 {
		t.Errorf("collectionID %v", data["collectionID"])
	}
	data["collectionID"] = 0
	b, _ := json.Marshal(got)
	const want = `{"code":0,"data":{"aliases":[],"autoId":false,"collectionID":0,"collectionName":"quick","consistencyLevel":"Bounded","description":"",` +
		`"enableDynamicField":true,"fields":[` +
		`{"autoId":false,"clusteringKey":false,"description":"","id":100,"name":"id","nullable":false,"partitionKey":false,"primaryKey":true,"type":"Int64"},` +
		`{"autoId":false,"clusteringKey":false,"description":"","id":101,"name":"vector","nullable":false,"params":[{"key":"dim","value":"5"}],"partitionKey":false,"primaryKey":false,"type":"FloatVector"}],` +
		`"functions":[],"indexes":[{"fieldName":"vector","indexName":"vector","metricType":"COSINE"}],"load":"LoadStateLoaded","partitionsNum":1,"properties":[],"shardsNum":1},"message":""}`
	if string(b) != want {
		t.Errorf("describe =\n%s\nwant\n%s", b, want)
	}

	wantCode(t, c.post("create", map[string]any{
		"collectionName": "quick_varchar", "dimension": 4, "idType": "VarChar", "autoID": true,
		"metricType": "L2", "primaryFieldName": "pk", "vectorFieldName": "emb",
		"params": map[string]any{"max_length": 36, "enableDynamicField": false},
	}), http.StatusOK, codeV2OK)
	d := c.describe("quick_varchar")
	if d.Fields[0].Name != "pk" || d.Fields[0].Type != "VarChar" || !d.AutoID || !d.Fields[0].AutoID ||
		!reflect.DeepEqual(d.Fields[0].Params, []keyValue{{"max_length", "36"}}) || d.EnableDynamicField ||
		d.Indexes[0] != (v1Index{"emb", "emb", "L2"}) {
		t.Errorf("quick setup with options: %+v", d)
	}
}

// TestVectorDBV2SchemaOptions: dynamic field key spelling, partition counts.
func TestVectorDBV2SchemaOptions(t *testing.T) {
	t.Parallel()
	var log syncBuffer
	s := newTestServer(t, func(o *Options) { o.Log = &log })
	c := newV2Client(t, s, "v2-options")

	misspelt := map[string]any{
		"collectionName": "misspelt",
		"schema":         map[string]any{"autoID": true, "enabledDynamicField": true, "fields": []map[string]any{idField(), vecField()}},
	}
	wantCode(t, c.post("create", misspelt), http.StatusOK, codeV2OK)
	if d := c.describe("misspelt"); d.EnableDynamicField || !d.AutoID || !d.Fields[0].AutoID {
		t.Errorf("enabledDynamicField must be ignored and autoID applied to the primary key: %+v", d)
	}
	if !strings.Contains(log.String(), `ignoring schema key "enabledDynamicField"`) {
		t.Errorf("log does not mention the ignored key:\n%s", log.String())
	}
	// Go matches keys case-insensitively, as Milvus (gin) does.
	wantCode(t, c.post("create", map[string]any{
		"collectionName": "camel",
		"schema":         map[string]any{"autoId": true, "EnableDynamicField": true, "fields": []map[string]any{idField(), vecField()}},
	}), http.StatusOK, codeV2OK)
	if d := c.describe("camel"); !d.EnableDynamicField || !d.AutoID {
		t.Errorf("case-insensitive keys: %+v", d)
	}

	part := []map[string]any{idField(), vecField(), fieldDef("tenant", "VarChar", map[string]any{"max_length": 16}, "isPartitionKey", true)}
	wantCode(t, c.post("create", schemaBody("part_default", part, nil, nil)), http.StatusOK, codeV2OK)
	wantCode(t, c.post("create", schemaBody("part_16", part, nil, map[string]any{"partitionsNum": "16"})), http.StatusOK, codeV2OK)
	wantCode(t, c.post("create", schemaBody("no_part", []map[string]any{idField(), vecField()}, nil, map[string]any{"partitionsNum": 16, "shardsNum": "3"})), http.StatusOK, codeV2OK)
	for name, want := range map[string]int64{"part_default": 64, "part_16": 16, "no_part": 1} {
		if got := c.describe(name).PartitionsNum; got != want {
			t.Errorf("%s: partitionsNum %d, want %d", name, got, want)
		}
	}
	if got := c.describe("no_part").ShardsNum; got != 3 {
		t.Errorf("shardsNum from a string: %d", got)
	}
}

// TestVectorDBV2SharedStoreWithV1: v1 and v2 see the same collections.
func TestVectorDBV2SharedStoreWithV1(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "v2-shared")
	v1 := func(method, path string, body any) apiResp {
		t.Helper()
		return call(t, method, c.ep+path, c.key, body)
	}

	wantCode(t, v1("POST", "/v1/vector/collections/create", map[string]any{"collectionName": "from_v1", "dimension": 5, "metricType": "IP", "description": "v1 made"}), 200, codeV1OK)
	d := c.describe("from_v1")
	if d.Description != "v1 made" || !d.AutoID || !d.EnableDynamicField || d.Load != loadStateLoaded ||
		len(d.Fields) != 2 || d.Fields[0].ID != 100 || d.Fields[1].ID != 101 || d.Fields[1].Type != "FloatVector" ||
		!reflect.DeepEqual(d.Fields[1].Params, []keyValue{{"dim", "5"}}) || d.Fields[0].Params != nil ||
		!reflect.DeepEqual(d.Indexes, []v1Index{{"vector", "vector", "IP"}}) || d.ConsistencyLevel != "Bounded" || d.ShardsNum != 1 {
		t.Errorf("v1 collection in v2 describe: %+v", d)
	}

	wantCode(t, c.post("create", schemaBody("from_v2", []map[string]any{
		fieldDef("pk", "VarChar", map[string]any{"max_length": 64}, "isPrimary", true), vecField(),
		fieldDef("sparse", "SparseFloatVector", nil),
	}, []map[string]any{vecIndex(), {"fieldName": "sparse", "metricType": "IP"}}, nil)), 200, codeV2OK)
	if r := v1("GET", "/v1/vector/collections", nil); string(r.Raw) != `{"code":200,"data":["from_v1","from_v2"]}` {
		t.Errorf("v1 list: %s", r.Raw)
	}
	if r := c.post("list", map[string]any{}); string(r.Raw) != `{"code":0,"data":["from_v1","from_v2"]}` {
		t.Errorf("v2 list: %s", r.Raw)
	}
	const fromV2 = `{"code":200,"data":{"collectionName":"from_v2","description":"","enableDynamicField":true,"fields":[` +
		`{"autoId":false,"description":"","name":"pk","partitionKey":false,"primaryKey":true,"type":"VarChar(64)"},` +
		`{"autoId":false,"description":"","name":"vec","partitionKey":false,"primaryKey":false,"type":"FloatVector(8)"},` +
		`{"autoId":false,"description":"","name":"sparse","partitionKey":false,"primaryKey":false,"type":"SparseFloatVector(0)"}],` +
		`"indexes":[{"fieldName":"vec","indexName":"vec_idx","metricType":"L2"},{"fieldName":"sparse","indexName":"sparse","metricType":"IP"}],` +
		`"load":"LoadStateLoaded","shardsNum":1}}`
	const fromV2Swapped = `{"code":200,"data":{"collectionName":"from_v2","description":"","enableDynamicField":true,"fields":[` +
		`{"autoId":false,"description":"","name":"pk","partitionKey":false,"primaryKey":true,"type":"VarChar(64)"},` +
		`{"autoId":false,"description":"","name":"vec","partitionKey":false,"primaryKey":false,"type":"FloatVector(8)"},` +
		`{"autoId":false,"description":"","name":"sparse","partitionKey":false,"primaryKey":false,"type":"SparseFloatVector(0)"}],` +
		`"indexes":[{"fieldName":"sparse","indexName":"sparse","metricType":"IP"},{"fieldName":"vec","indexName":"vec_idx","metricType":"L2"}],` +
		`"load":"LoadStateLoaded","shardsNum":1}}`
	if r := v1("GET", "/v1/vector/collections/describe?collectionName=from_v2", nil); string(r.Raw) != fromV2 && string(r.Raw) != fromV2Swapped {
		t.Errorf("v1 describe of a v2 collection:\n%s\nwant\n%s", r.Raw, fromV2)
	}

	// v1 drop of a v2 collection works; a second v1 drop is code 100, while v2 drop stays 0.
	wantCode(t, v1("POST", "/v1/vector/collections/drop", map[string]any{"collectionName": "from_v2"}), 200, codeV1OK)
	wantCode(t, v1("POST", "/v1/vector/collections/drop", map[string]any{"collectionName": "from_v2"}), 200, codeCollectionNotFound)
	wantCode(t, c.post("drop", map[string]any{"collectionName": "from_v2"}), 200, codeV2OK)
	wantCode(t, c.post("drop", map[string]any{"collectionName": "from_v1"}), 200, codeV2OK)
	wantCode(t, v1("GET", "/v1/vector/collections/describe?collectionName=from_v1", nil), 200, codeCollectionNotFound)
}

// TestVectorDBV2RequestChecks: body, name, database, method, auth and
// readiness on every route.
func TestVectorDBV2RequestChecks(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "v2-checks")
	wantCode(t, c.post("create", map[string]any{"collectionName": "c1", "dimension": 4}), 200, codeV2OK)
	named := []string{"describe", "has", "drop", "load", "release", "get_load_state"}
	for _, route := range append(named, "list") {
		t.Run(route, func(t *testing.T) {
			t.Parallel()
			wantCode(t, c.post(route, ""), 200, codeNotJSON)
			wantCode(t, c.post(route, "{"), 200, codeNotJSON)
			wantCode(t, c.post(route, map[string]any{"collectionName": "c1", "dbName": "other"}), 200, codeDatabaseNotFound)
			wantCode(t, c.post(route, map[string]any{"collectionName": "c1"}, "DB-Name", "other"), 200, codeDatabaseNotFound)
			wantCode(t, call(t, http.MethodGet, c.ep+"/v2/vectordb/collections/"+route, c.key, nil), http.StatusMethodNotAllowed, http.StatusMethodNotAllowed)
			r := call(t, http.MethodPost, c.ep+"/v2/vectordb/collections/"+route, "", map[string]any{"collectionName": "c1"})
			if r.HTTP != http.StatusUnauthorized || string(r.Raw) != `{"code":1800,"message":"user hasn't authenticated"}` {
				t.Errorf("no token: HTTP %d %s", r.HTTP, r.Raw)
			}
			if route == "list" {
				return
			}
			r = c.post(route, map[string]any{"dbName": "default"})
			wantCode(t, r, 200, codeMissingParameters)
			if want := "missing required parameters, error: Key: 'CollectionNameReq.CollectionName' Error:Field validation for 'CollectionName' failed on the 'required' tag"; r.Message != want {
				t.Errorf("message %q", r.Message)
			}
		})
	}
	t.Run("DB-Name header", func(t *testing.T) {
		t.Parallel()
		wantCode(t, c.post("has", map[string]any{"collectionName": "c1"}, "DB-Name", "default"), 200, codeV2OK)
		// The body's dbName wins over the header.
		wantCode(t, c.post("has", map[string]any{"collectionName": "c1", "dbName": "default"}, "DB-Name", "other"), 200, codeV2OK)
		wantCode(t, c.post("has", map[string]any{"collectionName": "c1", "dbName": "other"}, "DB-Name", "default"), 200, codeDatabaseNotFound)
	})
	t.Run("unknown route", func(t *testing.T) {
		t.Parallel()
		wantCode(t, c.post("compact", map[string]any{"collectionName": "c1"}), http.StatusNotFound, http.StatusNotFound)
	})
}

func TestVectorDBV2Readiness(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "v2-ready")
	id := clusterOf(t, s, c)
	if err := s.SetClusterStatus(id, StatusSuspended); err != nil {
		t.Fatal(err)
	}
	r := c.post("list", map[string]any{})
	wantCode(t, r, http.StatusServiceUnavailable, http.StatusServiceUnavailable)
	if err := s.SetClusterStatus(id, StatusRunning); err != nil {
		t.Fatal(err)
	}
	wantCode(t, c.post("list", map[string]any{}), http.StatusOK, codeV2OK)
}

// TestVectorDBV2RequestLog: v2 requests are logged with their collection
// and database, the database from the body, the DB-Name header or "default".
func TestVectorDBV2RequestLog(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "v2-log")
	s.ResetRequests()
	c.post("has", map[string]any{"collectionName": "a"})
	c.post("describe", map[string]any{"collectionName": "b", "dbName": "default"})
	c.post("load", map[string]any{"collectionName": "c"}, "DB-Name", "other")
	c.post("list", map[string]any{})
	type entry struct{ Path, Collection, Database string }
	var got []entry
	for _, r := range s.Requests() {
		got = append(got, entry{r.Path, r.Collection, r.Database})
	}
	want := []entry{
		{"/v2/vectordb/collections/has", "a", "default"},
		{"/v2/vectordb/collections/describe", "b", "default"},
		{"/v2/vectordb/collections/load", "c", "other"},
		{"/v2/vectordb/collections/list", "", "default"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("log = %+v\nwant  %+v", got, want)
	}
	if rs := s.Requests(); rs[2].Code != codeDatabaseNotFound || rs[0].Code != codeV2OK || rs[0].ClusterID == "" {
		t.Errorf("codes: %+v", rs)
	}
}

// sortedIndexes orders a describe's indexes by field, since the server
// returns them in no fixed order.
func sortedIndexes(in []v1Index) []v1Index {
	out := append([]v1Index(nil), in...)
	sort.Slice(out, func(i, j int) bool { return out[i].FieldName < out[j].FieldName })
	return out
}
