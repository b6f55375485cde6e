package zillizmock

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"time"
)

// collection is one collection of a cluster's "default" database, whether it
// was created through the v1 quick-setup API or the v2 vectordb API: both
// APIs read and write the same store, as on a real cluster.
type collection struct {
	name, description  string
	id                 int64 // collectionID, shown by v2 describe
	enableDynamicField bool
	fields             []field // in schema order; ids from 100
	indexes            []index
	shardsNum          int
	partitionsNum      int64
	consistencyLevel   string
	properties         []keyValue
	// loadState is NotLoad or Loaded; a Loaded collection still reports
	// LoadStateLoading until loadEnd (see loadStatus).
	loadState          string
	loadStart, loadEnd time.Time
	createdAt          time.Time
	// rowCount is the number of entities (get_stats); tests set it with InsertRows.
	rowCount int64
}

// field is one field of a collection schema, as Milvus stores it: type
// params are strings whatever JSON type the request used.
type field struct {
	id                                                     int64
	name, dataType, elementType, description               string
	primary, autoID, partitionKey, clusteringKey, nullable bool
	params                                                 []keyValue // sorted by key
	defaultValue                                           string     // as sent to add field ("" = none)
}

// index is one index of a collection.
type index struct {
	fieldName, indexName, metricType, indexType string
	params                                      map[string]string
	// builtAt is when an index created on an existing collection has
	// finished building (zero: built with the collection).
	builtAt time.Time
}

// keyValue is Milvus's KeyValuePair as the REST API prints it.
type keyValue struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Milvus load states (commonpb.LoadState names).
const (
	loadStateNotLoad = "LoadStateNotLoad"
	loadStateLoading = "LoadStateLoading"
	loadStateLoaded  = "LoadStateLoaded"
)

// startLoading marks the collection loaded from now+d on; until then it is
// loading. A collection that is loaded or loading already stays as it is
// (Milvus: loading a loaded collection is a no-op).
func (c *collection) startLoading(now time.Time, d time.Duration) {
	if c.loadState == loadStateLoaded {
		return
	}
	c.loadState, c.loadStart, c.loadEnd = loadStateLoaded, now, now.Add(d)
}

// loadStatus is what describe and get_load_state report at now: Milvus
// getCollectionLoadState answers LoadStateLoading with the loading progress
// (below 100) until GetLoadingProgress reaches 100, then LoadStateLoaded.
func (c *collection) loadStatus(now time.Time) (state string, progress int) {
	switch {
	case c.loadState != loadStateLoaded:
		return c.loadState, 0
	case now.Before(c.loadEnd):
		total := c.loadEnd.Sub(c.loadStart)
		p := int(100 * now.Sub(c.loadStart) / total)
		return loadStateLoading, min(max(p, 0), 99)
	}
	return loadStateLoaded, 100
}

// firstFieldID is Milvus's common.StartOfUserFieldID.
const firstFieldID = 100

// param returns a type param ("" when unset).
func (f *field) param(key string) string {
	for _, kv := range f.params {
		if kv.Key == key {
			return kv.Value
		}
	}
	return ""
}

// field returns the field called name, or nil.
func (c *collection) field(name string) *field {
	for i := range c.fields {
		if c.fields[i].name == name {
			return &c.fields[i]
		}
	}
	return nil
}

// primary returns the primary key field, or nil.
func (c *collection) primary() *field {
	for i := range c.fields {
		if c.fields[i].primary {
			return &c.fields[i]
		}
	}
	return nil
}

// Milvus limits (zilliz-api.md B.1).
const (
	minDimension = 1
	maxDimension = 32768
)

// namePattern is Milvus's rule for collection and field names: a letter or
// underscore, then letters, digits or underscores, 255 characters at most.
var namePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,254}$`)

// validMetricTypes of a v1 create; the match is exact (upper case), so a
// client that sends "cosine" is told so here rather than in production.
var validMetricTypes = map[string]bool{"L2": true, "IP": true, "COSINE": true}

// v1Field, v1Index and v1Describe are the describe answer of the Zilliz
// docs example, key for key.
type v1Field struct {
	AutoID       bool   `json:"autoId"`
	Description  string `json:"description"`
	Name         string `json:"name"`
	PartitionKey bool   `json:"partitionKey"`
	PrimaryKey   bool   `json:"primaryKey"`
	Type         string `json:"type"`
}

type v1Index struct {
	FieldName  string `json:"fieldName"`
	IndexName  string `json:"indexName"`
	MetricType string `json:"metricType"`
}

type v1Describe struct {
	CollectionName     string    `json:"collectionName"`
	Description        string    `json:"description"`
	EnableDynamicField bool      `json:"enableDynamicField"`
	Fields             []v1Field `json:"fields"`
	Indexes            []v1Index `json:"indexes"`
	Load               string    `json:"load"`
	ShardsNum          int       `json:"shardsNum"`
}

// newV1Collection is the collection a v1 create builds. Milvus v1 creates
// the primary key with autoID=true (the docs example, taken from another
// collection, shows false); the index is named after the vector field as in
// the docs example (Milvus OSS names it "vector_idx"); a v1 collection is
// loaded at create.
func newV1Collection(now time.Time, id int64, name, description, primary, vector string, dim int64, metric string) *collection {
	return &collection{
		name: name, description: description, id: id,
		enableDynamicField: true,
		fields: []field{
			{id: firstFieldID, name: primary, dataType: "Int64", primary: true, autoID: true},
			{id: firstFieldID + 1, name: vector, dataType: "FloatVector", params: []keyValue{{Key: "dim", Value: strconv.FormatInt(dim, 10)}}},
		},
		indexes:          []index{{fieldName: vector, indexName: vector, metricType: metric, indexType: "AUTOINDEX", params: map[string]string{}}},
		shardsNum:        1,
		partitionsNum:    1,
		consistencyLevel: "Bounded",
		properties:       []keyValue{},
		loadState:        loadStateNotLoad, // the create handler loads it next
		createdAt:        now,
	}
}

// v1Type is a field's type as the v1 describe prints it: vectors carry
// their dimension and VarChar its max_length inline (Milvus printFields).
func (f *field) v1Type() string {
	switch {
	case vectorTypes[f.dataType]:
		return fmt.Sprintf("%s(%d)", f.dataType, atoiOrZero(f.param("dim")))
	case f.dataType == "VarChar":
		return fmt.Sprintf("VarChar(%d)", atoiOrZero(f.param("max_length")))
	}
	return f.dataType
}

func atoiOrZero(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// indexDescriptions is the "indexes" list of both describes. Milvus shows
// the index's metric_type param and, for an index without one (a scalar
// index), its REST default metric COSINE.
//
// The order is shuffled on every call: Milvus keeps a collection's indexes
// in a Go map (datacoord indexMeta.indexes, map[collectionID]map[indexID]
// *model.Index) and DescribeIndex appends them while ranging over it, so
// nothing orders the list and two describes may differ.
func (c *collection) indexDescriptions(shuffle func(n int, swap func(i, j int))) []v1Index {
	out := make([]v1Index, 0, len(c.indexes))
	for _, ix := range c.indexes {
		out = append(out, v1Index{FieldName: ix.fieldName, IndexName: ix.indexName, MetricType: firstNonEmpty(ix.metricType, defaultRESTMetricType)})
	}
	shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// v1Describe builds the v1 describe data of any collection.
func (c *collection) v1Describe(now time.Time, shuffle func(n int, swap func(i, j int))) v1Describe {
	load, _ := c.loadStatus(now)
	fields := make([]v1Field, 0, len(c.fields))
	for _, f := range c.fields {
		fields = append(fields, v1Field{
			AutoID: f.autoID, Description: f.description, Name: f.name,
			PartitionKey: f.partitionKey, PrimaryKey: f.primary, Type: f.v1Type(),
		})
	}
	return v1Describe{
		CollectionName:     c.name,
		Description:        c.description,
		EnableDynamicField: c.enableDynamicField,
		Fields:             fields,
		Indexes:            c.indexDescriptions(shuffle),
		Load:               load,
		ShardsNum:          c.shardsNum,
	}
}

// decodeMilvusJSON decodes a data-plane body. Milvus binds with Go's
// encoding/json, so key matching is case-insensitive there too; an empty or
// malformed body is 1801.
func decodeMilvusJSON(w *reply, body []byte, v any) bool {
	if err := json.Unmarshal(body, v); err != nil {
		msg := err.Error()
		if len(body) == 0 {
			msg = "EOF"
		}
		w.fail(http.StatusOK, codeNotJSON, "can only accept json format request, error: "+msg)
		return false
	}
	return true
}

// checkDatabase answers 800 for a database the cluster does not have, and
// otherwise remembers db as the request's database (w.db).
func checkDatabase(w *reply, db string) bool {
	if db != defaultDatabase && (w.dbExists == nil || !w.dbExists(db)) {
		w.fail(http.StatusOK, codeDatabaseNotFound, fmt.Sprintf("database not found[database=%s]", db))
		return false
	}
	w.db = db
	return true
}

// checkName applies Milvus's name rule; what names the thing ("collection",
// "field") goes into the message.
func checkName(w *reply, what, name string) bool {
	if e := nameError(what, name); e != nil {
		w.fail(http.StatusOK, e.code, e.msg)
		return false
	}
	return true
}

// withCluster runs f on cluster id's collections under the lock.
func (s *Server) withCluster(id string, f func(c *clusterRecord)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.clusters[id]; ok {
		f(c)
		return
	}
	f(&clusterRecord{id: id, collections: map[string]*collection{}}) // gone meanwhile: empty
}

// v1ListCollections: GET /v1/vector/collections?dbName= → {"code":200,"data":[names]}.
func (s *Server) v1ListCollections(w *reply, r *http.Request, id string) {
	db := firstNonEmpty(r.URL.Query().Get("dbName"), defaultDatabase)
	if !checkDatabase(w, db) {
		return
	}
	var names []string
	s.withCluster(id, func(c *clusterRecord) { names = sortedNames(c.collectionsIn(w.db)) })
	w.ok(codeV1OK, names) // sortedNames never returns nil: [] rather than null
}

// v1CreateCollection: POST /v1/vector/collections/create.
func (s *Server) v1CreateCollection(w *reply, body []byte, id string) {
	var req struct {
		DBName         string `json:"dbName"`
		CollectionName string `json:"collectionName"`
		Dimension      int64  `json:"dimension"`
		MetricType     string `json:"metricType"`
		PrimaryField   string `json:"primaryField"`
		VectorField    string `json:"vectorField"`
		Description    string `json:"description"`
	}
	if !decodeMilvusJSON(w, body, &req) {
		return
	}
	if req.CollectionName == "" || req.Dimension == 0 {
		w.fail(http.StatusOK, codeMissingParameters, "missing required parameters, error: collectionName and dimension are both required.")
		return
	}
	if !checkDatabase(w, firstNonEmpty(req.DBName, defaultDatabase)) || !checkName(w, "collection", req.CollectionName) {
		return
	}
	if req.Dimension < minDimension || req.Dimension > maxDimension {
		w.fail(http.StatusOK, codeInvalidParameter, fmt.Sprintf("invalid parameter[expected=dimension in range %d ~ %d][actual=%d]", minDimension, maxDimension, req.Dimension))
		return
	}
	metric := firstNonEmpty(req.MetricType, "L2") // the v1 default
	if !validMetricTypes[metric] {
		w.fail(http.StatusOK, codeInvalidParameter, fmt.Sprintf("invalid parameter[expected=metricType one of L2, IP, COSINE][actual=%s]", req.MetricType))
		return
	}
	primary := firstNonEmpty(req.PrimaryField, "id")
	vector := firstNonEmpty(req.VectorField, "vector")
	if !checkName(w, "field", primary) || !checkName(w, "field", vector) {
		return
	}
	if primary == vector {
		w.fail(http.StatusOK, codeInvalidParameter, fmt.Sprintf("invalid parameter[expected=distinct primaryField and vectorField][actual=duplicated field name %s]", primary))
		return
	}
	// Milvus handler_v1.go createCollection sends the proxy a CreateCollection
	// with the fixed quick-setup schema, then CreateIndex, then
	// LoadCollection. rootcoord create_collection_task.go answers a create
	// whose name exists with success when the schema is identical and with
	// "create duplicate collection with different parameters" otherwise; an
	// identical index is a no-op too. So an identical v1 create succeeds.
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		col := newV1Collection(s.now(), s.newCollectionID(), req.CollectionName, req.Description, primary, vector, req.Dimension, metric)
		if existing, ok := c.collectionsIn(w.db)[req.CollectionName]; ok {
			if !sameSchema(existing, col) {
				err = &milvusError{codeUnexpected, "create duplicate collection with different parameters, collection: " + req.CollectionName}
				return
			}
			if err = existing.addIndex(createIndexParam{FieldName: vector, IndexName: vector, MetricType: metric}); err != nil {
				return
			}
			col = existing
		} else {
			c.collectionsIn(w.db)[req.CollectionName] = col
		}
		col.startLoading(s.now(), s.opts.LoadDuration)
	})
	if err != nil {
		w.fail(http.StatusOK, err.code, err.msg)
		return
	}
	w.ok(codeV1OK, struct{}{})
}

// v1DescribeCollection: GET or POST /v1/vector/collections/describe
// ?collectionName=&dbName= (a POST body may carry them instead).
func (s *Server) v1DescribeCollection(w *reply, r *http.Request, body []byte, id string) {
	var b struct {
		CollectionName string `json:"collectionName"`
		DBName         string `json:"dbName"`
	}
	_ = json.Unmarshal(body, &b) // the query is the documented input; the body is a fallback
	q := r.URL.Query()
	name := firstNonEmpty(q.Get("collectionName"), b.CollectionName)
	db := firstNonEmpty(q.Get("dbName"), b.DBName, defaultDatabase)
	if name == "" {
		w.fail(http.StatusOK, codeMissingParameters, "missing required parameters, error: collectionName is required.")
		return
	}
	if !checkDatabase(w, db) {
		return
	}
	var d *v1Describe
	s.withCluster(id, func(c *clusterRecord) {
		if col, ok := c.collectionsIn(w.db)[name]; ok {
			v := col.v1Describe(s.now(), s.rng.shuffle)
			d = &v
		}
	})
	if d == nil {
		w.fail(http.StatusOK, codeCollectionNotFound, fmt.Sprintf("collection not found[collection=%s]", name))
		return
	}
	w.ok(codeV1OK, d)
}

// v1DropCollection: POST /v1/vector/collections/drop {collectionName, dbName?}.
// Unlike v2, a missing collection is an error (code 100), because v1 checks
// has-collection first.
func (s *Server) v1DropCollection(w *reply, body []byte, id string) {
	var req struct {
		CollectionName string `json:"collectionName"`
		DBName         string `json:"dbName"`
	}
	if !decodeMilvusJSON(w, body, &req) {
		return
	}
	if req.CollectionName == "" {
		w.fail(http.StatusOK, codeMissingParameters, "missing required parameters, error: collectionName is required.")
		return
	}
	db := firstNonEmpty(req.DBName, defaultDatabase)
	if !checkDatabase(w, db) {
		return
	}
	found := false
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		if err = c.refuseDropWithAliases(w.db, req.CollectionName); err != nil {
			return
		}
		if _, found = c.collectionsIn(w.db)[req.CollectionName]; found {
			delete(c.collectionsIn(w.db), req.CollectionName)
		}
	})
	if err != nil {
		w.fail(http.StatusOK, err.code, err.msg)
		return
	}
	if !found {
		w.fail(http.StatusOK, codeCollectionNotFound, fmt.Sprintf("collection not found, database: %s, collection: %s", db, req.CollectionName))
		return
	}
	w.ok(codeV1OK, struct{}{})
}
