package zillizmock

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"time"
)

// collection is a collection created through the v1 quick-setup API: an
// Int64 auto-id primary key and one FloatVector field with an index.
type collection struct {
	name, description         string
	primaryField, vectorField string
	dimension                 int64
	metricType                string
	createdAt                 time.Time
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

// v1Describe builds the describe data. Milvus v1 creates the primary key
// with autoID=true (the docs example, taken from another collection, shows
// false); the index is named after the vector field as in the docs example
// (Milvus OSS names it "vector_idx"); a v1 collection is loaded at create.
func (c *collection) v1Describe() v1Describe {
	return v1Describe{
		CollectionName:     c.name,
		Description:        c.description,
		EnableDynamicField: true,
		Fields: []v1Field{
			{AutoID: true, Name: c.primaryField, PrimaryKey: true, Type: "Int64"},
			{Name: c.vectorField, Type: fmt.Sprintf("FloatVector(%d)", c.dimension)},
		},
		Indexes:   []v1Index{{FieldName: c.vectorField, IndexName: c.vectorField, MetricType: c.metricType}},
		Load:      "LoadStateLoaded",
		ShardsNum: 1,
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

func checkDatabase(w *reply, db string) bool {
	if db != defaultDatabase {
		w.fail(http.StatusOK, codeDatabaseNotFound, fmt.Sprintf("database not found[database=%s]", db))
		return false
	}
	return true
}

// checkName applies Milvus's name rule; what names the thing ("collection",
// "field") goes into the message.
func checkName(w *reply, what, name string) bool {
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
		return true
	}
	w.fail(http.StatusOK, codeInvalidParameter, fmt.Sprintf("invalid parameter[expected=valid %s name][actual=%s]: %s", what, name, why))
	return false
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
	s.withCluster(id, func(c *clusterRecord) { names = sortedNames(c.collections) })
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
	dup := false
	s.withCluster(id, func(c *clusterRecord) {
		if _, ok := c.collections[req.CollectionName]; ok {
			dup = true
			return
		}
		c.collections[req.CollectionName] = &collection{
			name: req.CollectionName, description: req.Description,
			primaryField: primary, vectorField: vector,
			dimension: req.Dimension, metricType: metric, createdAt: time.Now(),
		}
	})
	if dup {
		// v1 re-sends a fixed schema plus an index, which Milvus rejects as
		// a different-parameters duplicate (code 65535, as reported).
		w.fail(http.StatusOK, codeUnexpected, "create duplicate collection with different parameters, collection: "+req.CollectionName)
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
		if col, ok := c.collections[name]; ok {
			v := col.v1Describe()
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
	s.withCluster(id, func(c *clusterRecord) {
		if _, found = c.collections[req.CollectionName]; found {
			delete(c.collections, req.CollectionName)
		}
	})
	if !found {
		w.fail(http.StatusOK, codeCollectionNotFound, fmt.Sprintf("collection not found, database: %s, collection: %s", db, req.CollectionName))
		return
	}
	w.ok(codeV1OK, struct{}{})
}
