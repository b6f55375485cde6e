package zillizmock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The v2 vectordb API of a cluster (zilliz-api.md B.2; Milvus handler_v2.go):
// POST /v2/vectordb/collections/{create,describe,has,list,drop,load,release,
// get_load_state}, JSON bodies, success {"code":0,"data":...}, errors HTTP 200
// with a Milvus merr code. Auth and readiness are checked by dataHandler
// before any of this runs, exactly as for v1.

// More Milvus merr codes used by v2 (zilliz-api.md B.2).
const (
	codeV2OK          = 0
	codeIndexNotFound = 700
)

// defaultRESTMetricType is Milvus REST's DefaultMetricType: the quick-setup
// metric, and what describe prints for an index without a metric_type.
const defaultRESTMetricType = "COSINE"

// Milvus limits applied to a v2 schema (proxy defaults; inferred where
// zilliz-api.md does not state them: fields 64, vector fields 4, shards 16,
// partitions 1024, array capacity 4096, VarChar 65535).
const (
	maxFields          = 64
	maxVectorFields    = 4
	maxShards          = 16
	maxPartitions      = 1024
	maxArrayCapacity   = 4096
	maxVarCharLength   = 65535
	minFloatDimension  = 2 // Milvus validateDimension: float vectors 2 ~ 32768
	defaultPartitionKP = 64
)

// dataTypes is the case-sensitive Milvus DataType enum a v2 field may use.
var dataTypes = map[string]bool{
	"Bool": true, "Int8": true, "Int16": true, "Int32": true, "Int64": true,
	"Float": true, "Double": true, "VarChar": true, "Array": true, "JSON": true,
	"BinaryVector": true, "FloatVector": true, "Float16Vector": true,
	"BFloat16Vector": true, "SparseFloatVector": true, "Int8Vector": true,
}

var vectorTypes = map[string]bool{
	"BinaryVector": true, "FloatVector": true, "Float16Vector": true,
	"BFloat16Vector": true, "SparseFloatVector": true, "Int8Vector": true,
}

// arrayElementTypes are the scalar types an Array may hold.
var arrayElementTypes = map[string]bool{
	"Bool": true, "Int8": true, "Int16": true, "Int32": true, "Int64": true,
	"Float": true, "Double": true, "VarChar": true,
}

// clusteringKeyTypes (inferred: Milvus allows scalar keys and FloatVector).
var clusteringKeyTypes = map[string]bool{
	"Int8": true, "Int16": true, "Int32": true, "Int64": true,
	"Float": true, "Double": true, "VarChar": true, "FloatVector": true,
}

// metricsFor lists the metric types an index on a vector type accepts, the
// first being the default Milvus fills in when none is given. The match is
// exact, as for v1 (inferred).
func metricsFor(dataType string) []string {
	switch dataType {
	case "BinaryVector":
		return []string{"HAMMING", "JACCARD", "SUBSTRUCTURE", "SUPERSTRUCTURE"}
	case "SparseFloatVector":
		return []string{"IP", "BM25"}
	default: // FloatVector, Float16Vector, BFloat16Vector, Int8Vector
		return []string{"COSINE", "L2", "IP"}
	}
}

var consistencyLevels = map[string]bool{"Strong": true, "Session": true, "Bounded": true, "Eventually": true, "Customized": true}

// milvusError is an answer HTTP 200 {"code":code,"message":msg}.
type milvusError struct {
	code int
	msg  string
}

func (e *milvusError) Error() string { return e.msg }

func invalidParam(format string, a ...any) *milvusError {
	return &milvusError{codeInvalidParameter, "invalid parameter: " + fmt.Sprintf(format, a...)}
}

// v2Handler serves one v2 route; db is already resolved and checked.
type v2Handler func(s *Server, w *reply, r *http.Request, body []byte, id string)

var v2Routes = map[string]v2Handler{
	"/v2/vectordb/collections/create":         (*Server).v2CreateCollection,
	"/v2/vectordb/collections/describe":       (*Server).v2DescribeCollection,
	"/v2/vectordb/collections/has":            (*Server).v2HasCollection,
	"/v2/vectordb/collections/list":           (*Server).v2ListCollections,
	"/v2/vectordb/collections/drop":           (*Server).v2DropCollection,
	"/v2/vectordb/collections/load":           (*Server).v2LoadCollection,
	"/v2/vectordb/collections/release":        (*Server).v2ReleaseCollection,
	"/v2/vectordb/collections/get_load_state": (*Server).v2GetLoadState,
	"/v2/vectordb/indexes/describe":           (*Server).v2DescribeIndex,
}

// serveVectorDBV2 routes /v2/vectordb/... . Milvus registers POST only; a
// known path with another method gets 405, like the v1 routes (inferred).
func (s *Server) serveVectorDBV2(w *reply, r *http.Request, body []byte, id string) {
	h, ok := v2Routes[strings.TrimSuffix(r.URL.Path, "/")]
	if !ok {
		h, ok = v2DatabaseAliasRoutes[strings.TrimSuffix(r.URL.Path, "/")]
	}
	if !ok {
		h, ok = v2AccessRoutes[strings.TrimSuffix(r.URL.Path, "/")] // users.go
	}
	if !ok {
		notFound(w, r)
		return
	}
	if allow(w, r, http.MethodPost) {
		h(s, w, r, body, id)
	}
}

// newCollectionID returns an int64 shaped like Milvus's TSO-based ids (18
// digits, inferred).
func (s *Server) newCollectionID() int64 {
	return 450000000000000000 + int64(s.rng.uint64()%10000000000000000)
}

// v2Database resolves the database like Milvus wrapperPost: the body's
// dbName, else the DB-Name header, else "default"; then checks it exists.
func v2Database(w *reply, r *http.Request, bodyDB string) bool {
	return checkDatabase(w, firstNonEmpty(bodyDB, r.Header.Get("DB-Name"), defaultDatabase))
}

// collectionNameReq is Milvus's CollectionNameReq.
type collectionNameReq struct {
	DBName         string `json:"dbName"`
	CollectionName string `json:"collectionName"`
}

// missingRequired is Milvus's answer when gin's `binding:"required"` fails.
func missingRequired(w *reply, reqType, fieldName string) {
	w.fail(http.StatusOK, codeMissingParameters, fmt.Sprintf(
		"missing required parameters, error: Key: '%s.%s' Error:Field validation for '%s' failed on the 'required' tag",
		reqType, fieldName, fieldName))
}

// decodeNameReq decodes and checks a {dbName?, collectionName} body.
func decodeNameReq(w *reply, r *http.Request, body []byte) (collectionNameReq, bool) {
	var req collectionNameReq
	if !decodeMilvusJSON(w, body, &req) {
		return req, false
	}
	if req.CollectionName == "" {
		missingRequired(w, "CollectionNameReq", "CollectionName")
		return req, false
	}
	return req, v2Database(w, r, req.DBName)
}

func collectionNotFound(name string) *milvusError {
	return &milvusError{codeCollectionNotFound, fmt.Sprintf("collection not found[collection=%s]", name)}
}

// okWithMessage writes {"code":0,"data":data,"message":""}, the shape of
// describe and get_load_state (zilliz-api.md B.2).
func okWithMessage(w *reply, data any) {
	w.json(http.StatusOK, codeV2OK, struct {
		Code    int    `json:"code"`
		Data    any    `json:"data"`
		Message string `json:"message"`
	}{codeV2OK, data, ""})
}

// v2ListCollections: {dbName?} → {"code":0,"data":[names]}.
func (s *Server) v2ListCollections(w *reply, r *http.Request, body []byte, id string) {
	var req struct {
		DBName string `json:"dbName"`
	}
	if !decodeMilvusJSON(w, body, &req) || !v2Database(w, r, req.DBName) {
		return
	}
	var names []string
	s.withCluster(id, func(c *clusterRecord) { names = sortedNames(c.collectionsIn(w.db)) })
	w.ok(codeV2OK, names)
}

// v2HasCollection: → {"code":0,"data":{"has":bool}}.
func (s *Server) v2HasCollection(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodeNameReq(w, r, body)
	if !ok {
		return
	}
	var has bool
	s.withCluster(id, func(c *clusterRecord) { _, has = c.collectionsIn(w.db)[req.CollectionName] })
	w.ok(codeV2OK, map[string]bool{"has": has})
}

// v2DropCollection: idempotent, code 0 even for a missing collection
// (Milvus "make dropping collection idempotent"), unlike v1.
func (s *Server) v2DropCollection(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodeNameReq(w, r, body)
	if !ok {
		return
	}
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		if err = c.refuseDropWithAliases(w.db, req.CollectionName); err == nil {
			delete(c.collectionsIn(w.db), req.CollectionName)
		}
	})
	if err != nil {
		w.fail(http.StatusOK, err.code, err.msg)
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// v2LoadCollection starts loading: the collection reports LoadStateLoading
// for Options.LoadDuration, then LoadStateLoaded (Milvus loads in the
// background; the REST load answers before it is done). Every vector field
// needs an index first.
func (s *Server) v2LoadCollection(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodeNameReq(w, r, body)
	if !ok {
		return
	}
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		col, found := c.collectionsIn(w.db)[req.CollectionName]
		if !found {
			err = collectionNotFound(req.CollectionName)
			return
		}
		err = col.load(s.now(), s.opts.LoadDuration)
	})
	if err != nil {
		w.fail(http.StatusOK, err.code, err.msg)
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// v2ReleaseCollection: releasing a collection that is not loaded succeeds.
func (s *Server) v2ReleaseCollection(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodeNameReq(w, r, body)
	if !ok {
		return
	}
	found := false
	s.withCluster(id, func(c *clusterRecord) {
		var col *collection
		if col, found = c.collectionsIn(w.db)[req.CollectionName]; found {
			col.loadState = loadStateNotLoad
		}
	})
	if !found {
		e := collectionNotFound(req.CollectionName)
		w.fail(http.StatusOK, e.code, e.msg)
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// v2GetLoadState: not loaded → {"loadState":"LoadStateNotLoad"}; loading →
// {"loadProgress":<100,"loadState":"LoadStateLoading"}; loaded →
// {"loadProgress":100,"loadState":"LoadStateLoaded"} (Milvus handler_v2.go
// getCollectionLoadState: Loading until GetLoadingProgress reports 100).
func (s *Server) v2GetLoadState(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodeNameReq(w, r, body)
	if !ok {
		return
	}
	state, progress := "", 0
	s.withCluster(id, func(c *clusterRecord) {
		if col, found := c.collectionsIn(w.db)[req.CollectionName]; found {
			state, progress = col.loadStatus(s.now())
		}
	})
	switch state {
	case "":
		e := collectionNotFound(req.CollectionName)
		w.fail(http.StatusOK, e.code, e.msg)
	case loadStateNotLoad:
		w.ok(codeV2OK, map[string]string{"loadState": state})
	default:
		okWithMessage(w, map[string]any{"loadState": state, "loadProgress": progress})
	}
}

// v2Field and v2Describe are Milvus getCollectionDetails / printFieldsV2:
// params only when the field has type params, elementType only for Array.
type v2Field struct {
	AutoID        bool       `json:"autoId"`
	ClusteringKey bool       `json:"clusteringKey"`
	Description   string     `json:"description"`
	ElementType   string     `json:"elementType,omitempty"`
	ID            int64      `json:"id"`
	Name          string     `json:"name"`
	Nullable      bool       `json:"nullable"`
	Params        []keyValue `json:"params,omitempty"`
	PartitionKey  bool       `json:"partitionKey"`
	PrimaryKey    bool       `json:"primaryKey"`
	Type          string     `json:"type"`
}

type v2Describe struct {
	Aliases            []string   `json:"aliases"`
	AutoID             bool       `json:"autoId"`
	CollectionID       int64      `json:"collectionID"`
	CollectionName     string     `json:"collectionName"`
	ConsistencyLevel   string     `json:"consistencyLevel"`
	Description        string     `json:"description"`
	EnableDynamicField bool       `json:"enableDynamicField"`
	Fields             []v2Field  `json:"fields"`
	Functions          []any      `json:"functions"`
	Indexes            []v1Index  `json:"indexes"`
	Load               string     `json:"load"`
	PartitionsNum      int64      `json:"partitionsNum"`
	Properties         []keyValue `json:"properties"`
	ShardsNum          int        `json:"shardsNum"`
}

func (c *collection) v2Describe(now time.Time, shuffle func(n int, swap func(i, j int))) v2Describe {
	load, _ := c.loadStatus(now)
	fields := make([]v2Field, 0, len(c.fields))
	for _, f := range c.fields {
		fields = append(fields, v2Field{
			AutoID: f.autoID, ClusteringKey: f.clusteringKey, Description: f.description,
			ElementType: f.elementType, ID: f.id, Name: f.name, Nullable: f.nullable,
			Params: append([]keyValue(nil), f.params...), PartitionKey: f.partitionKey,
			PrimaryKey: f.primary, Type: f.dataType,
		})
	}
	d := v2Describe{
		Aliases:            []string{},
		CollectionID:       c.id,
		CollectionName:     c.name,
		ConsistencyLevel:   c.consistencyLevel,
		Description:        c.description,
		EnableDynamicField: c.enableDynamicField,
		Fields:             fields,
		Functions:          []any{},
		Indexes:            c.indexDescriptions(shuffle),
		Load:               load,
		PartitionsNum:      c.partitionsNum,
		Properties:         append([]keyValue{}, c.properties...),
		ShardsNum:          c.shardsNum,
	}
	if p := c.primary(); p != nil {
		d.AutoID = p.autoID
	}
	return d
}

// v2DescribeCollection: missing → code 100 "collection not found[collection=X]".
func (s *Server) v2DescribeCollection(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodeNameReq(w, r, body)
	if !ok {
		return
	}
	var d *v2Describe
	s.withCluster(id, func(c *clusterRecord) {
		if col, found := c.collectionsIn(w.db)[req.CollectionName]; found {
			v := col.v2Describe(s.now(), s.rng.shuffle)
			v.Aliases = c.aliasesOf(w.db, col.name) // Milvus getCollectionDetails: ListAliases
			d = &v
		}
	})
	if d == nil {
		e := collectionNotFound(req.CollectionName)
		w.fail(http.StatusOK, e.code, e.msg)
		return
	}
	okWithMessage(w, d)
}

// createReq is Milvus's CollectionReq. Params and element type params are
// kept raw so that a number and a string both become the string Milvus
// stores ("8" for 8 and for "8").
type createReq struct {
	DBName           string                     `json:"dbName"`
	CollectionName   string                     `json:"collectionName"`
	Dimension        int32                      `json:"dimension"`
	IDType           string                     `json:"idType"`
	AutoID           bool                       `json:"autoID"`
	MetricType       string                     `json:"metricType"`
	PrimaryFieldName string                     `json:"primaryFieldName"`
	VectorFieldName  string                     `json:"vectorFieldName"`
	Description      string                     `json:"description"`
	Schema           createSchema               `json:"schema"`
	IndexParams      []createIndexParam         `json:"indexParams"`
	Params           map[string]json.RawMessage `json:"params"`
}

// createSchema: only "enableDynamicField" is the key (Go's JSON matching
// ignores case, not the extra "d" of "enabledDynamicField").
type createSchema struct {
	AutoID             bool              `json:"autoID"`
	EnableDynamicField bool              `json:"enableDynamicField"`
	Fields             []createField     `json:"fields"`
	Functions          []json.RawMessage `json:"functions"`
}

type createField struct {
	FieldName       string `json:"fieldName"`
	DataType        string `json:"dataType"`
	ElementDataType string `json:"elementDataType"`
	IsPrimary       bool   `json:"isPrimary"`
	IsPartitionKey  bool   `json:"isPartitionKey"`
	IsClusteringKey bool   `json:"isClusteringKey"`
	Nullable        bool   `json:"nullable"`
	// Description is read but not stored: the v2 create handler builds each
	// schemapb.FieldSchema without a Description (Milvus handler_v2.go
	// createCollection), so describe answers "" for every field.
	Description       string                     `json:"description"`
	ElementTypeParams map[string]json.RawMessage `json:"elementTypeParams"`
	// DefaultValue (request_v2.go FieldSchema.DefaultValue) fills entities
	// inserted without the field.
	DefaultValue json.RawMessage `json:"defaultValue"`
}

type createIndexParam struct {
	FieldName  string                     `json:"fieldName"`
	IndexName  string                     `json:"indexName"`
	MetricType string                     `json:"metricType"`
	IndexType  string                     `json:"indexType"`
	Params     map[string]json.RawMessage `json:"params"`
}

// rawString renders a JSON value the way Milvus stores a param: a string
// as itself, anything else as its JSON text (8 → "8", true → "true").
func rawString(raw json.RawMessage) string {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return string(raw)
	}
	return buf.String()
}

// maxTTLSeconds is Milvus common.MaxTTLSeconds (100 years).
const maxTTLSeconds = 3155760000

// sprintV renders a JSON value as Go's fmt.Sprintf("%v") does after
// encoding/json decoded it into an interface{}: numbers are float64.
func sprintV(raw json.RawMessage) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return string(raw)
	}
	return fmt.Sprintf("%v", v)
}

// sortedParams turns a raw param map into sorted key/values (Milvus keeps
// map order, which is random; sorting keeps the mock deterministic).
func sortedParams(m map[string]json.RawMessage) []keyValue {
	out := make([]keyValue, 0, len(m))
	for k, v := range m {
		out = append(out, keyValue{Key: k, Value: rawString(v)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// v2CreateCollection: POST /v2/vectordb/collections/create, in Milvus's
// order: the handler's own checks, the proxy's schema validation, the
// create (idempotent for an identical schema), then indexes and load. A
// failure in the last two leaves the collection created, as on Milvus.
func (s *Server) v2CreateCollection(w *reply, r *http.Request, body []byte, id string) {
	var req createReq
	if !decodeMilvusJSON(w, body, &req) {
		return
	}
	if req.CollectionName == "" {
		missingRequired(w, "CollectionReq", "CollectionName")
		return
	}
	if !v2Database(w, r, req.DBName) {
		return
	}
	s.logIgnoredSchemaKeys(body, req.CollectionName)
	col, quick, err := buildCollection(&req, s.opts.DropCollectionDescription)
	if err != nil {
		w.fail(http.StatusOK, err.code, err.msg)
		return
	}
	s.withCluster(id, func(c *clusterRecord) {
		existing, dup := c.collectionsIn(w.db)[col.name]
		if dup {
			if !sameSchema(existing, col) {
				err = &milvusError{codeUnexpected, "create duplicate collection with different parameters, collection: " + col.name}
				return
			}
			col = existing // idempotent: go on with its indexes and load
		} else {
			col.id = s.newCollectionID()
			col.createdAt = s.now()
			c.collectionsIn(w.db)[col.name] = col
		}
		err = createIndexesAndLoad(col, &req, quick, s.now(), s.opts.LoadDuration)
	})
	if err != nil {
		w.fail(http.StatusOK, err.code, err.msg)
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// logIgnoredSchemaKeys notes "enabledDynamicField" (the official provider's
// and the docs' misspelling), which Milvus ignores, leaving the dynamic
// field off.
func (s *Server) logIgnoredSchemaKeys(body []byte, name string) {
	var raw struct {
		Schema map[string]json.RawMessage `json:"schema"`
	}
	if json.Unmarshal(body, &raw) != nil {
		return
	}
	for k := range raw.Schema {
		if strings.EqualFold(k, "enabledDynamicField") {
			s.writeLogLine(fmt.Sprintf("zillizmock: create %s: ignoring schema key %q (Milvus reads only \"enableDynamicField\")", name, k))
		}
	}
}

// buildCollection turns a create request into the collection Milvus would
// store, or the error the handler or proxy would answer with. quick is true
// for quick setup (no schema.fields).
//
// dropDescription: servers before Milvus PR #40023 did not copy the
// request's description into the schema (Options.DropCollectionDescription).
func buildCollection(req *createReq, dropDescription bool) (col *collection, quick bool, err *milvusError) {
	description := req.Description
	if dropDescription {
		description = ""
	}
	col = &collection{
		name: req.CollectionName, description: description,
		consistencyLevel: "Bounded", properties: []keyValue{},
		loadState: loadStateNotLoad, partitionsNum: 1,
	}
	quick = len(req.Schema.Fields) == 0
	if quick {
		err = buildQuickSchema(col, req)
	} else {
		err = buildSchema(col, req)
	}
	if err != nil {
		return nil, quick, err
	}

	col.shardsNum = 1
	if v, ok := req.Params["shardsNum"]; ok {
		// Milvus parses fmt.Sprint(value) and silently keeps 1 when that fails.
		if n, perr := strconv.ParseInt(rawString(v), 10, 64); perr == nil && n > 0 {
			col.shardsNum = int(n)
		}
	}
	if v, ok := req.Params["consistencyLevel"]; ok {
		level := rawString(v)
		if !consistencyLevels[level] {
			return nil, quick, &milvusError{codeInvalidParameter, fmt.Sprintf(
				"consistencyLevel can only be [Strong, Session, Bounded, Eventually, Customized], default: Bounded: invalid parameter[expected=Strong, Session, Bounded, Eventually, Customized][actual=%s]", level)}
		}
		col.consistencyLevel = level
	}
	if v, ok := req.Params["ttlSeconds"]; ok {
		// Milvus handler_v2.go createCollection stores
		// fmt.Sprintf("%v", params["ttlSeconds"]) of the JSON-decoded value:
		// a number is a float64, so 2592000 becomes "2.592e+06" (%v is %g,
		// exponent form from 1e6 on), while "2592000" stays as sent. The
		// proxy's validateCollectionTTL (task.go) then needs strconv.Atoi to
		// succeed and -1 <= ttl <= 3155760000.
		ttl := sprintV(v)
		n, perr := strconv.Atoi(ttl)
		if perr != nil {
			return nil, quick, &milvusError{codeInvalidParameter, "collection TTL is not a valid positive integer: invalid parameter"}
		}
		if n < -1 || n > maxTTLSeconds {
			return nil, quick, &milvusError{codeInvalidParameter, fmt.Sprintf("collection TTL is out of range, expect [-1, 3155760000], got %d: invalid parameter", n)}
		}
		col.properties = append(col.properties, keyValue{Key: "collection.ttl.seconds", Value: ttl})
	}
	if v, ok := req.Params["partitionKeyIsolation"]; ok {
		col.properties = append(col.properties, keyValue{Key: "partitionkey.isolation", Value: rawString(v)})
	}

	// What the proxy checks before the create reaches rootcoord.
	if e := nameError("collection", col.name); e != nil {
		return nil, quick, e
	}
	if col.shardsNum > maxShards {
		return nil, quick, invalidParam("maximum shards's number should be limited to %d", maxShards)
	}
	if e := validateSchema(col); e != nil {
		return nil, quick, e
	}
	return col, quick, nil
}

// buildQuickSchema: an id field (Int64 or VarChar) and a FloatVector field.
func buildQuickSchema(col *collection, req *createReq) *milvusError {
	if len(req.Schema.Functions) > 0 {
		return invalidParam("functions are not supported for quickly create collection")
	}
	if req.Dimension == 0 {
		return &milvusError{codeInvalidParameter, "dimension is required for quickly create collection(default metric type: " +
			defaultRESTMetricType + "): invalid parameter[expected=collectionName & dimension][actual=collectionName]"}
	}
	primary := field{id: firstFieldID, name: firstNonEmpty(req.PrimaryFieldName, "id"), primary: true, autoID: req.AutoID}
	switch req.IDType {
	case "", "Int64", "int64":
		primary.dataType = "Int64"
	case "VarChar", "Varchar":
		primary.dataType = "VarChar"
		// Milvus writes fmt.Sprint(params.max_length), "<nil>" when absent,
		// which the proxy then rejects.
		maxLen := "<nil>"
		if v, ok := req.Params["max_length"]; ok {
			maxLen = rawString(v)
		}
		primary.params = []keyValue{{Key: "max_length", Value: maxLen}}
	default:
		return &milvusError{codeInvalidParameter, fmt.Sprintf(
			"idType can only be [Int64, VarChar], default: Int64: invalid parameter[expected=Int64, Varchar][actual=%s]", req.IDType)}
	}
	col.enableDynamicField = true
	if v, ok := req.Params["enableDynamicField"]; ok {
		b, perr := strconv.ParseBool(rawString(v))
		if perr != nil {
			return &milvusError{codeUnexpected, "parse enableDynamicField fail, err:" + perr.Error()}
		}
		col.enableDynamicField = b
	}
	col.fields = []field{primary, {
		id: firstFieldID + 1, name: firstNonEmpty(req.VectorFieldName, "vector"), dataType: "FloatVector",
		params: []keyValue{{Key: "dim", Value: strconv.FormatInt(int64(req.Dimension), 10)}},
	}}
	return nil
}

// buildSchema: the handler's per-field conversion (data types checked
// case-sensitively; schema.autoID goes to the primary field).
func buildSchema(col *collection, req *createReq) *milvusError {
	if len(req.Schema.Functions) > 0 {
		// Not implemented by the mock; rejected rather than silently dropped.
		return invalidParam("schema.functions are not supported by zillizmock")
	}
	col.enableDynamicField = req.Schema.EnableDynamicField
	for i, fr := range req.Schema.Fields {
		if !dataTypes[fr.DataType] {
			return &milvusError{codeInvalidParameter, "invalid parameter, data type " + fr.DataType + " is invalid(case sensitive)."}
		}
		f := field{
			id: int64(firstFieldID + i), name: fr.FieldName, dataType: fr.DataType,
			primary: fr.IsPrimary, partitionKey: fr.IsPartitionKey, clusteringKey: fr.IsClusteringKey,
			nullable: fr.Nullable, params: sortedParams(fr.ElementTypeParams),
		}
		if len(fr.DefaultValue) > 0 && string(fr.DefaultValue) != "null" {
			f.defaultValue = rawString(fr.DefaultValue)
		}
		if fr.DataType == "Array" {
			if !dataTypes[fr.ElementDataType] {
				return &milvusError{codeInvalidParameter, "invalid parameter, element data type " + fr.ElementDataType + " is invalid(case sensitive)."}
			}
			f.elementType = fr.ElementDataType
		}
		if fr.IsPrimary {
			f.autoID = req.Schema.AutoID
		}
		if fr.IsPartitionKey {
			col.partitionsNum = defaultPartitionKP
			if v, ok := req.Params["partitionsNum"]; ok {
				if n, perr := strconv.ParseInt(rawString(v), 10, 64); perr == nil {
					col.partitionsNum = n
				}
			}
		}
		col.fields = append(col.fields, f)
	}
	return nil
}

// nameError applies Milvus's name rule (the v1 checkName, as an error).
func nameError(what, name string) *milvusError {
	var why string
	switch {
	case name == "":
		why = fmt.Sprintf("%s name should not be empty", what)
	case len(name) > 255:
		why = fmt.Sprintf("the length of a %s name must be less than 255 characters", what)
	case !namePattern.MatchString(name[:1]):
		why = fmt.Sprintf("the first character of a %s name must be an underscore or letter", what)
	case !namePattern.MatchString(name):
		why = fmt.Sprintf("%s name can only contain numbers, letters and underscores", what)
	default:
		return nil
	}
	return &milvusError{codeInvalidParameter, fmt.Sprintf("invalid parameter[expected=valid %s name][actual=%s]: %s", what, name, why)}
}

// intParam reads a type param that must be an integer in [lo, hi].
func intParam(f *field, key string, lo, hi int64, missing, outOfRange string) (int64, *milvusError) {
	v := f.param(key)
	if v == "" {
		return 0, invalidParam("%s", missing)
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, invalidParam(outOfRange, v)
	}
	return n, nil
}

// validateSchema is the proxy's schema validation (Milvus
// validateCollection and friends; messages paraphrased, code 1100).
func validateSchema(col *collection) *milvusError {
	if len(col.fields) > maxFields {
		return invalidParam("maximum field's number should be limited to %d", maxFields)
	}
	seen := map[string]bool{}
	var primaries, partitionKeys, clusteringKeys, vectors []string
	for i := range col.fields {
		f := &col.fields[i]
		if e := nameError("field", f.name); e != nil {
			return e
		}
		if seen[f.name] {
			return invalidParam("duplicated field name %s found", f.name)
		}
		seen[f.name] = true
		if f.primary {
			primaries = append(primaries, f.name)
		}
		if f.partitionKey {
			partitionKeys = append(partitionKeys, f.name)
		}
		if f.clusteringKey {
			clusteringKeys = append(clusteringKeys, f.name)
			if !clusteringKeyTypes[f.dataType] {
				return invalidParam("clustering key field %s of type %s is not supported", f.name, f.dataType)
			}
		}
		if e := validateFieldType(col.name, f); e != nil {
			return e
		}
		if vectorTypes[f.dataType] {
			vectors = append(vectors, f.name)
		}
	}
	switch {
	case len(primaries) == 0:
		return invalidParam("primary key is not specified")
	case len(primaries) > 1:
		return invalidParam("there are more than one primary key, field name = %s", strings.Join(primaries, ", "))
	}
	p := col.primary()
	switch {
	case p.dataType != "Int64" && p.dataType != "VarChar":
		return invalidParam("the data type of primary key should be Int64 or VarChar, field %s is %s", p.name, p.dataType)
	case p.nullable:
		return invalidParam("primary field not support null: %s", p.name)
	case p.partitionKey:
		return invalidParam("the partition key field must not be primary field: %s", p.name)
	}
	switch {
	case len(vectors) == 0:
		return invalidParam("schema does not contain vector field")
	case len(vectors) > maxVectorFields:
		return invalidParam("maximum vector field's number should be limited to %d", maxVectorFields)
	case len(partitionKeys) > 1:
		return invalidParam("there are more than one partition key, field name = %s", strings.Join(partitionKeys, ", "))
	case len(clusteringKeys) > 1:
		return invalidParam("there are more than one clustering key, field name = %s", strings.Join(clusteringKeys, ", "))
	}
	if len(partitionKeys) == 1 {
		k := col.field(partitionKeys[0])
		switch {
		case k.dataType != "Int64" && k.dataType != "VarChar":
			return invalidParam("the data type of partition key should be Int64 or VarChar, field %s is %s", k.name, k.dataType)
		case k.nullable:
			return invalidParam("partition key field not support nullable: %s", k.name)
		case col.partitionsNum <= 0:
			return invalidParam("the specified partitions should be greater than 0 if partition key is used")
		case col.partitionsNum > maxPartitions:
			return invalidParam("partition number (%d) exceeds max configuration (%d)", col.partitionsNum, maxPartitions)
		}
	}
	return nil
}

// validateFieldType checks the type params one field's type needs.
func validateFieldType(collection string, f *field) *milvusError {
	switch {
	case f.dataType == "VarChar":
		_, e := intParam(f, "max_length", 1, maxVarCharLength,
			fmt.Sprintf("type param(max_length) should be specified for the field(%s) of collection %s", f.name, collection),
			"the maximum length specified for a VarChar field("+f.name+") should be in (0, 65535], but got %s instead")
		return e
	case f.dataType == "Array":
		if !arrayElementTypes[f.elementType] {
			return invalidParam("element type %s is not supported for array field %s", f.elementType, f.name)
		}
		if _, e := intParam(f, "max_capacity", 1, maxArrayCapacity,
			"type param(max_capacity) should be specified for array field "+f.name,
			"the maximum capacity specified for a array should be in (0, 4096], but got %s instead"); e != nil {
			return e
		}
		if f.elementType == "VarChar" {
			_, e := intParam(f, "max_length", 1, maxVarCharLength,
				fmt.Sprintf("type param(max_length) should be specified for the field(%s) of collection %s", f.name, collection),
				"the maximum length specified for a VarChar field("+f.name+") should be in (0, 65535], but got %s instead")
			return e
		}
	case f.dataType == "SparseFloatVector":
		if f.param("dim") != "" {
			return invalidParam("dim should not be specified for sparse vector field %s", f.name)
		}
	case vectorTypes[f.dataType]:
		lo, hi, kind := int64(minFloatDimension), int64(maxDimension), "float"
		if f.dataType == "BinaryVector" {
			lo, hi, kind = 8, maxDimension*8, "binary"
		}
		dim, e := intParam(f, "dim", lo, hi,
			fmt.Sprintf("dimension is not defined in field type params of field %s, check type param `dim` for vector field", f.name),
			"invalid dimension: %s of field "+f.name+". "+kind+fmt.Sprintf(" vector dimension should be in range %d ~ %d", lo, hi))
		if e != nil {
			return e
		}
		if f.dataType == "BinaryVector" && dim%8 != 0 {
			return invalidParam("invalid dimension: %d of field %s. binary vector dimension should be multiple of 8", dim, f.name)
		}
	}
	if vectorTypes[f.dataType] && f.nullable {
		return invalidParam("vector type not support null: %s", f.name)
	}
	if f.elementType != "" && f.dataType != "Array" {
		return invalidParam("element type is only for array fields: %s", f.name)
	}
	return nil
}

// schemaKey is what rootcoord compares when a name already exists: an
// identical create is a no-op, anything else an error.
type schemaKey struct {
	Description      string
	Dynamic          bool
	Fields           []field
	Shards           int
	Partitions       int64
	ConsistencyLevel string
	Properties       []keyValue
}

func (c *collection) schemaKey() schemaKey {
	return schemaKey{c.description, c.enableDynamicField, c.fields, c.shardsNum, c.partitionsNum, c.consistencyLevel, c.properties}
}

func sameSchema(a, b *collection) bool {
	ka, kb := a.schemaKey(), b.schemaKey()
	norm := func(k *schemaKey) {
		for i := range k.Fields {
			if len(k.Fields[i].params) == 0 {
				k.Fields[i].params = nil
			}
		}
		if len(k.Properties) == 0 {
			k.Properties = nil
		}
	}
	norm(&ka)
	norm(&kb)
	return reflect.DeepEqual(ka, kb)
}

// createIndexesAndLoad is the part of the create after the collection
// exists: quick setup indexes its vector field (index named after it) and
// loads; schema mode without indexParams stops here (not loaded); with
// indexParams it creates each and then loads.
func createIndexesAndLoad(col *collection, req *createReq, quick bool, now time.Time, loadFor time.Duration) *milvusError {
	if quick {
		vec := col.fields[1].name
		if e := col.addIndex(createIndexParam{FieldName: vec, IndexName: vec, MetricType: firstNonEmpty(req.MetricType, defaultRESTMetricType)}); e != nil {
			return e
		}
		return col.load(now, loadFor)
	}
	if len(req.IndexParams) == 0 {
		return nil
	}
	for _, ip := range req.IndexParams {
		// Milvus checks this only now, after the collection was created.
		if col.field(ip.FieldName) == nil {
			return &milvusError{codeMissingParameters, "missing required parameters, error: `" + ip.FieldName + "` hasn't defined in schema"}
		}
		if e := col.addIndex(ip); e != nil {
			return e
		}
	}
	return col.load(now, loadFor)
}

// addIndex creates one index, idempotently for an identical one. A vector
// index without a metric gets the type's default (Milvus fills it in).
func (c *collection) addIndex(ip createIndexParam) *milvusError {
	f := c.field(ip.FieldName)
	params := map[string]string{}
	for k, v := range ip.Params {
		params[k] = rawString(v)
	}
	ix := index{
		fieldName:  f.name,
		indexName:  firstNonEmpty(ip.IndexName, f.name), // inferred: Milvus names an unnamed index after its field
		metricType: ip.MetricType,
		indexType:  firstNonEmpty(ip.IndexType, params["index_type"], "AUTOINDEX"),
		params:     params,
	}
	if vectorTypes[f.dataType] {
		allowed := metricsFor(f.dataType)
		if ix.metricType == "" {
			ix.metricType = allowed[0]
		}
		ok := false
		for _, m := range allowed {
			ok = ok || m == ix.metricType
		}
		if !ok {
			return &milvusError{codeInvalidParameter, fmt.Sprintf("invalid parameter[expected=metric type one of %s][actual=%s]: metric type not supported for %s field %s",
				strings.Join(allowed, ", "), ix.metricType, f.dataType, f.name)}
		}
	}
	for _, old := range c.indexes {
		same := old
		same.builtAt = ix.builtAt // when it was built is not a parameter
		switch {
		case old.fieldName == ix.fieldName && reflect.DeepEqual(same, ix):
			return nil
		case old.fieldName == ix.fieldName:
			return &milvusError{codeUnexpected, "CreateIndex failed: at most one distinct index is allowed per field"}
		case old.indexName == ix.indexName:
			return &milvusError{codeUnexpected, "CreateIndex failed: index already exist, but parameters are inconsistent"}
		}
	}
	c.indexes = append(c.indexes, ix)
	return nil
}

// load needs an index on every vector field (inferred code 700 with Milvus's
// "there is no vector index on field" text).
func (c *collection) load(now time.Time, d time.Duration) *milvusError {
	var missing []string
	for _, f := range c.fields {
		if !vectorTypes[f.dataType] {
			continue
		}
		indexed := false
		for _, ix := range c.indexes {
			indexed = indexed || ix.fieldName == f.name
		}
		if !indexed {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return &milvusError{codeIndexNotFound, fmt.Sprintf("index not found[collection=%s]: there is no vector index on field: [%s], please create index firstly",
			c.name, strings.Join(missing, ", "))}
	}
	c.startLoading(now, d)
	return nil
}

// v2DescribeIndex: POST /v2/vectordb/indexes/describe {dbName?,
// collectionName, indexName} (Milvus request_v2.go IndexReq, both names
// required) → {"code":0,"data":[{indexName, fieldName, indexType,
// metricType, totalRows, pendingRows, indexedRows, indexState,
// failReason, params}]} (Milvus handler_v2.go describeIndex, which reads
// indexType and metricType out of the index's key-value params). "params" is
// the newest server's addition: the index's params as the gRPC
// IndexDescription.Params holds them, index_type and metric_type among the
// build parameters (pymilvus describe_index shows the same keys, Zilliz
// reference Management-describe_index). The handler versions the search tool
// holds (up to commit c1c38337) send no params at all; the [{key, value}]
// shape is inferred, and clients must cope with both answers.
func (s *Server) v2DescribeIndex(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodeIndexReq(w, r, body)
	if !ok {
		return
	}
	var out []map[string]any
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		col, found := c.collectionsIn(w.db)[req.CollectionName]
		if !found {
			err = collectionNotFound(req.CollectionName)
			return
		}
		for _, ix := range col.indexes {
			if ix.indexName != req.IndexName {
				continue
			}
			params := []keyValue{{Key: "index_type", Value: ix.indexType}}
			if ix.metricType != "" {
				params = append(params, keyValue{Key: "metric_type", Value: ix.metricType})
			}
			for k, v := range ix.params {
				if k != "index_type" && k != "metric_type" {
					params = append(params, keyValue{Key: k, Value: v})
				}
			}
			sort.Slice(params, func(i, j int) bool { return params[i].Key < params[j].Key })
			// An index made on an existing collection builds for a while
			// (indexState InProgress, then Finished; Milvus commonpb.IndexState).
			state, indexed := "Finished", col.rowCount
			if s.now().Before(ix.builtAt) {
				state, indexed = "InProgress", 0
			}
			answer := map[string]any{
				"indexName": ix.indexName, "fieldName": ix.fieldName, "indexType": ix.indexType,
				"metricType": ix.metricType, "params": params,
				"totalRows": col.rowCount, "pendingRows": col.rowCount - indexed, "indexedRows": indexed, "indexState": state, "failReason": "",
			}
			if s.opts.IndexDescribeWithoutParams {
				delete(answer, "params")
			}
			out = append(out, answer)
		}
		if out == nil {
			err = &milvusError{codeIndexNotFound, fmt.Sprintf("index not found[indexName=%s]", req.IndexName)}
		}
	})
	if err != nil {
		w.fail(http.StatusOK, err.code, err.msg)
		return
	}
	w.ok(codeV2OK, out)
}

// indexReq is Milvus's IndexReq (request_v2.go): collectionName and
// indexName are both required (gin binding), answered 1802 when missing.
type indexReq struct {
	collectionNameReq
	IndexName string `json:"indexName"`
}

// decodeIndexReq decodes and checks an IndexReq body and its database.
func decodeIndexReq(w *reply, r *http.Request, body []byte) (indexReq, bool) {
	var req indexReq
	if !decodeMilvusJSON(w, body, &req) {
		return req, false
	}
	switch {
	case req.CollectionName == "":
		missingRequired(w, "IndexReq", "CollectionName")
		return req, false
	case req.IndexName == "":
		missingRequired(w, "IndexReq", "IndexName")
		return req, false
	}
	return req, v2Database(w, r, req.DBName)
}
