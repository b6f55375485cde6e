package zillizmock

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Changing a collection in place (issue 12). Routes and bodies are Milvus
// handler_v2.go RegisterRoutesToV2 and request_v2.go:
//
//	POST /v2/vectordb/collections/get_stats        CollectionNameReq → {"rowCount": n} (wrapperReturnRowCount: the "row_count" statistic as a number)
//	POST /v2/vectordb/collections/rename           RenameCollectionReq {collectionName, newCollectionName (both required), newDbName?}
//	POST /v2/vectordb/collections/alter_properties CollectionReqWithProperties {collectionName, properties: {k: v}} (each value stored as fmt.Sprintf("%v"))
//	POST /v2/vectordb/collections/drop_properties  DropCollectionPropertiesReq {collectionName, propertyKeys: [k]}
//	POST /v2/vectordb/collections/fields/add       CollectionFieldReqWithSchema {collectionName, schema: FieldSchema} (AlterCollectionSchema AddRequest in the newest source)
//	POST /v2/vectordb/indexes/create               IndexParamReq {collectionName, indexParams: [{fieldName, indexName, metricType, indexType?, params}]}
//	POST /v2/vectordb/indexes/drop                 IndexReq {collectionName, indexName (both required)}
//
// Every answer on success is {"code":0,"data":{}} (wrapperReturnDefault) but get_stats.

// Milvus merr codes used here.
const (
	codeCollectionLoaded = 104  // merr ErrCollectionLoaded (inferred number; "load on already-loaded → 104" in zilliz-api.md)
	codeFieldNotFound    = 1700 // merr ErrFieldNotFound (inferred number)
)

func init() {
	for path, h := range map[string]v2Handler{
		"/v2/vectordb/collections/get_stats":        (*Server).v2CollectionStats,
		"/v2/vectordb/collections/rename":           (*Server).v2RenameCollection,
		"/v2/vectordb/collections/alter_properties": (*Server).v2AlterProperties,
		"/v2/vectordb/collections/drop_properties":  (*Server).v2DropProperties,
		"/v2/vectordb/collections/fields/add":       (*Server).v2AddField,
		"/v2/vectordb/indexes/create":               (*Server).v2CreateIndex,
		"/v2/vectordb/indexes/drop":                 (*Server).v2DropIndex,
	} {
		v2Routes[path] = h
	}
}

// fail writes a milvusError.
func (e *milvusError) write(w *reply) { w.fail(http.StatusOK, e.code, e.msg) }

// onCollection runs f on the request's collection under the lock, answering
// 100 when it does not exist, f's error, or success with data (nil = {}).
func (s *Server) onCollection(w *reply, id, name string, f func(c *clusterRecord, col *collection) (any, *milvusError)) {
	var data any
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		col, found := c.collectionsIn(w.db)[name]
		if !found {
			err = collectionNotFound(name)
			return
		}
		data, err = f(c, col)
	})
	switch {
	case err != nil:
		err.write(w)
	case data == nil:
		w.ok(codeV2OK, struct{}{})
	default:
		w.ok(codeV2OK, data)
	}
}

// loaded tells whether the collection is loaded or loading: Milvus
// isCollectionLoaded asks querycoord, which counts a collection being loaded.
func (c *collection) loaded() bool { return c.loadState == loadStateLoaded }

// v2CollectionStats: {"code":0,"data":{"rowCount":n}} (Milvus handler_v2.go
// getCollectionStats → wrapperReturnRowCount).
func (s *Server) v2CollectionStats(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodeNameReq(w, r, body)
	if !ok {
		return
	}
	s.onCollection(w, id, req.CollectionName, func(_ *clusterRecord, col *collection) (any, *milvusError) {
		return map[string]int64{"rowCount": col.rowCount}, nil
	})
}

// v2RenameCollection: Milvus handler_v2.go renameCollection sends
// RenameCollectionRequest{OldName, NewName, NewDBName: newDbName or the
// request's database}. Handlers before newDbName existed set NewDBName to the
// request's database (an older handler_v2.go), so on them a move is
// silently a rename in place; the mock is the newer server. The collection
// keeps its id, entities, indexes and load state; its aliases follow when it
// stays in its database (inferred).
func (s *Server) v2RenameCollection(w *reply, r *http.Request, body []byte, id string) {
	var req struct {
		collectionNameReq
		NewCollectionName string `json:"newCollectionName"`
		NewDbName         string `json:"newDbName"`
	}
	if !decodeMilvusJSON(w, body, &req) {
		return
	}
	switch {
	case req.CollectionName == "":
		missingRequired(w, "RenameCollectionReq", "CollectionName")
		return
	case req.NewCollectionName == "":
		missingRequired(w, "RenameCollectionReq", "NewCollectionName")
		return
	}
	if !v2Database(w, r, req.DBName) {
		return
	}
	oldDB := w.db
	newDB := firstNonEmpty(req.NewDbName, oldDB)
	if newDB != oldDB && !checkDatabase(w, newDB) {
		return
	}
	w.db = oldDB
	if e := nameError("collection", req.NewCollectionName); e != nil {
		e.write(w)
		return
	}
	s.onCollection(w, id, req.CollectionName, func(c *clusterRecord, col *collection) (any, *milvusError) {
		target := c.collectionsIn(newDB)
		_, taken := target[req.NewCollectionName]
		if d := c.database(newDB); d != nil {
			_, isAlias := d.aliases[req.NewCollectionName]
			taken = taken || isAlias
		}
		if taken && (newDB != oldDB || req.NewCollectionName != req.CollectionName) {
			// rootcoord rename_collection_task (inferred wording).
			return nil, &milvusError{codeUnexpected, fmt.Sprintf("duplicated new collection name %s:%s with other collection name or alias", newDB, req.NewCollectionName)}
		}
		if newDB != oldDB && len(c.aliasesOf(oldDB, col.name)) > 0 {
			return nil, &milvusError{codeUnexpected, fmt.Sprintf("fail to rename collection %s: it has aliases and cannot move to another database (inferred)", col.name)}
		}
		if d := c.database(oldDB); d != nil && newDB == oldDB {
			for a, t := range d.aliases {
				if t == col.name {
					d.aliases[a] = req.NewCollectionName
					s.aliasChanged(c.id, d.name, a, req.NewCollectionName)
				}
			}
		}
		delete(c.collectionsIn(oldDB), col.name)
		col.name = req.NewCollectionName
		target[col.name] = col
		return nil, nil
	})
}

// mmapKeys are the properties Milvus refuses to change on a loaded
// collection (proxy task.go alterCollectionTask.PreExecute: hasMmapProp,
// hasLazyLoadProp → "can not alter mmap properties if collection loaded";
// pymilvus tests test_milvus_client_alter_collection_default).
var mmapKeys = map[string]bool{"mmap.enabled": true, "lazyload.enabled": true}

func collectionLoadedError(name, what string) *milvusError {
	return &milvusError{codeCollectionLoaded, fmt.Sprintf("%s: collection already loaded[collection=%s]", what, name)}
}

// v2AlterProperties sets collection properties, each value as
// fmt.Sprintf("%v") of the decoded JSON (Milvus handler_v2.go
// alterCollectionProperties), checked like the proxy's alterCollectionTask:
// mmap keys only on a released collection, the TTL as validateCollectionTTL,
// partition key isolation only with a partition key.
func (s *Server) v2AlterProperties(w *reply, r *http.Request, body []byte, id string) {
	var req struct {
		collectionNameReq
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if !decodeMilvusJSON(w, body, &req) {
		return
	}
	if req.CollectionName == "" {
		missingRequired(w, "CollectionReqWithProperties", "CollectionName")
		return
	}
	if !v2Database(w, r, req.DBName) {
		return
	}
	s.onCollection(w, id, req.CollectionName, func(_ *clusterRecord, col *collection) (any, *milvusError) {
		keys := make([]string, 0, len(req.Properties))
		for k := range req.Properties {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		values := map[string]string{}
		for _, k := range keys {
			v := sprintV(req.Properties[k])
			switch {
			case mmapKeys[k] && col.loaded():
				return nil, collectionLoadedError(col.name, "can not alter mmap properties if collection loaded")
			case k == "collection.ttl.seconds":
				if e := validateTTL(v); e != nil {
					return nil, e
				}
			case k == "partitionkey.isolation" && v == "true" && !col.hasPartitionKey():
				return nil, invalidParam("partition key isolation mode is enabled but no partition key field is set. Please set the partition key first")
			}
			values[k] = v
		}
		for _, k := range keys {
			col.setProperty(k, values[k])
		}
		return nil, nil
	})
}

// v2DropProperties removes collection properties (Milvus
// DropCollectionPropertiesReq → AlterCollectionRequest.DeleteKeys); mmap
// keys of a loaded collection are refused ("can not delete mmap properties
// if collection loaded", pymilvus test_milvus_client_alter_collection_default).
func (s *Server) v2DropProperties(w *reply, r *http.Request, body []byte, id string) {
	var req struct {
		collectionNameReq
		PropertyKeys []string `json:"propertyKeys"`
	}
	if !decodeMilvusJSON(w, body, &req) {
		return
	}
	if req.CollectionName == "" {
		missingRequired(w, "DropCollectionPropertiesReq", "CollectionName")
		return
	}
	if !v2Database(w, r, req.DBName) {
		return
	}
	s.onCollection(w, id, req.CollectionName, func(_ *clusterRecord, col *collection) (any, *milvusError) {
		for _, k := range req.PropertyKeys {
			if mmapKeys[k] && col.loaded() {
				return nil, collectionLoadedError(col.name, "can not delete mmap properties if collection loaded")
			}
		}
		for _, k := range req.PropertyKeys {
			out := col.properties[:0]
			for _, kv := range col.properties {
				if kv.Key != k {
					out = append(out, kv)
				}
			}
			col.properties = out
		}
		return nil, nil
	})
}

func validateTTL(v string) *milvusError {
	var n int64
	if _, err := fmt.Sscan(v, &n); err != nil || fmt.Sprint(n) != v {
		return &milvusError{codeInvalidParameter, "collection TTL is not a valid positive integer: invalid parameter"}
	}
	if n < -1 || n > maxTTLSeconds {
		return &milvusError{codeInvalidParameter, fmt.Sprintf("collection TTL is out of range, expect [-1, 3155760000], got %d: invalid parameter", n)}
	}
	return nil
}

func (c *collection) setProperty(k, v string) {
	for i := range c.properties {
		if c.properties[i].Key == k {
			c.properties[i].Value = v
			return
		}
	}
	c.properties = append(c.properties, keyValue{Key: k, Value: v})
}

func (c *collection) hasPartitionKey() bool {
	for _, f := range c.fields {
		if f.partitionKey {
			return true
		}
	}
	return false
}

// v2AddField adds one field to an existing collection: its entities get null
// (or the default value) in it. The proxy's checks, with the messages the
// Milvus go client tests expect (tests/go_client/testcases/add_field_test.go
// TestAddCollectionFieldInvalid, TestCollectionAddFieldExceedMaxFieldNumber;
// pymilvus test_milvus_client_add_field: code 1100 "added field must be
// nullable, please check it, field name = X: invalid parameter").
func (s *Server) v2AddField(w *reply, r *http.Request, body []byte, id string) {
	var req struct {
		collectionNameReq
		Schema *createField `json:"schema"`
	}
	if !decodeMilvusJSON(w, body, &req) {
		return
	}
	switch {
	case req.CollectionName == "":
		missingRequired(w, "CollectionFieldReqWithSchema", "CollectionName")
		return
	case req.Schema == nil:
		missingRequired(w, "CollectionFieldReqWithSchema", "Schema")
		return
	}
	if !v2Database(w, r, req.DBName) {
		return
	}
	fr := req.Schema
	if !dataTypes[fr.DataType] {
		(&milvusError{codeInvalidParameter, "invalid parameter, data type " + fr.DataType + " is invalid(case sensitive)."}).write(w)
		return
	}
	s.onCollection(w, id, req.CollectionName, func(_ *clusterRecord, col *collection) (any, *milvusError) {
		name := fr.FieldName
		switch {
		case len(col.fields) >= maxFields:
			return nil, invalidParamSuffix("The number of fields has reached the maximum value %d", maxFields)
		case col.field(name) != nil:
			return nil, invalidParamSuffix("duplicate field name: %s", name)
		case vectorTypes[fr.DataType]:
			// Newer servers accept a nullable vector field (inferred from
			// 2.6 release notes); the go client tests expect this refusal.
			return nil, invalidParamSuffix("not support to add vector field, field name = %s", name)
		case fr.IsPrimary:
			return nil, invalidParamSuffix("not support to add pk field, field name = %s", name)
		case !fr.Nullable:
			return nil, invalidParamSuffix("added field must be nullable, please check it, field name = %s", name)
		case fr.IsPartitionKey:
			return nil, invalidParamSuffix("not support to add partition key field, field name  = %s", name)
		}
		if e := nameError("field", name); e != nil {
			return nil, e
		}
		next := int64(firstFieldID)
		for _, f := range col.fields {
			next = max(next, f.id+1)
		}
		f := field{id: next, name: name, dataType: fr.DataType, nullable: true, clusteringKey: fr.IsClusteringKey,
			params: sortedParams(fr.ElementTypeParams)}
		if fr.DataType == "Array" {
			f.elementType = fr.ElementDataType
		}
		if len(fr.DefaultValue) > 0 && string(fr.DefaultValue) != "null" {
			f.defaultValue = rawString(fr.DefaultValue)
		}
		if e := validateFieldType(col.name, &f); e != nil {
			return nil, e
		}
		col.fields = append(col.fields, f)
		return nil, nil
	})
}

// invalidParamSuffix is merr.WrapErrParameterInvalidMsg's shape: the message,
// then ": invalid parameter".
func invalidParamSuffix(format string, a ...any) *milvusError {
	return &milvusError{codeInvalidParameter, fmt.Sprintf(format, a...) + ": invalid parameter"}
}

// v2CreateIndex creates indexes on an existing collection, loaded or not
// (Milvus allows it; one distinct index per field). Each index builds for
// Options.LoadDuration: describe reports indexState InProgress, then Finished.
func (s *Server) v2CreateIndex(w *reply, r *http.Request, body []byte, id string) {
	var req struct {
		collectionNameReq
		IndexParams []createIndexParam `json:"indexParams"`
	}
	if !decodeMilvusJSON(w, body, &req) {
		return
	}
	switch {
	case req.CollectionName == "":
		missingRequired(w, "IndexParamReq", "CollectionName")
		return
	case len(req.IndexParams) == 0:
		missingRequired(w, "IndexParamReq", "IndexParams")
		return
	}
	if !v2Database(w, r, req.DBName) {
		return
	}
	now := s.now()
	s.onCollection(w, id, req.CollectionName, func(_ *clusterRecord, col *collection) (any, *milvusError) {
		for _, ip := range req.IndexParams {
			if ip.FieldName == "" {
				return nil, &milvusError{codeMissingParameters, "missing required parameters, error: Key: 'IndexParamReq.IndexParams[0].FieldName' Error:Field validation for 'FieldName' failed on the 'required' tag"}
			}
			if col.field(ip.FieldName) == nil {
				return nil, &milvusError{codeFieldNotFound, fmt.Sprintf("field not found[field=%s]", ip.FieldName)}
			}
			before := len(col.indexes)
			if e := col.addIndex(ip); e != nil {
				return nil, e
			}
			if len(col.indexes) > before {
				col.indexes[len(col.indexes)-1].builtAt = now.Add(s.opts.LoadDuration)
			}
		}
		return nil, nil
	})
}

// v2DropIndex drops one index by name. The proxy's dropIndexTask.PreExecute
// refuses while the collection is loaded, with a plain error (code 65535):
// "index cannot be dropped, collection is loaded, please release it first"
// (Milvus internal/proxy/task_index.go; pymilvus
// test_milvus_client_index_drop_index_before_release expects 65535 and this
// text). Dropping an index that does not exist succeeds (datacoord DropIndex
// finds nothing to drop; inferred).
func (s *Server) v2DropIndex(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodeIndexReq(w, r, body)
	if !ok {
		return
	}
	s.onCollection(w, id, req.CollectionName, func(_ *clusterRecord, col *collection) (any, *milvusError) {
		if col.loaded() {
			return nil, &milvusError{codeUnexpected, "index cannot be dropped, collection is loaded, please release it first"}
		}
		out := col.indexes[:0]
		for _, ix := range col.indexes {
			if ix.indexName != req.IndexName {
				out = append(out, ix)
			}
		}
		col.indexes = out
		return nil, nil
	})
}

// InsertRows adds n entities to a collection, as inserts through the data
// API would (tests only: the mock keeps a count, not the entities).
func (s *Server) InsertRows(clusterID, db, name string, n int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.clusters[clusterID]
	if !ok {
		return fmt.Errorf("zillizmock: unknown cluster %q", clusterID)
	}
	col, ok := c.collectionsIn(db)[name]
	if !ok {
		return fmt.Errorf("zillizmock: cluster %q has no collection %q in database %q", clusterID, name, db)
	}
	col.rowCount += n
	return nil
}

// CollectionInfo is what tests check of a collection beyond its describe.
type CollectionInfo struct {
	ID        int64
	Rows      int64
	LoadState string // LoadStateNotLoad, LoadStateLoading or LoadStateLoaded
	Indexes   []string
	Fields    []string
}

// Collection returns a collection's id, row count and load state.
func (s *Server) Collection(clusterID, db, name string) (CollectionInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.clusters[clusterID]
	if !ok {
		return CollectionInfo{}, fmt.Errorf("zillizmock: unknown cluster %q", clusterID)
	}
	col, ok := c.collectionsIn(db)[name]
	if !ok {
		return CollectionInfo{}, fmt.Errorf("zillizmock: cluster %q has no collection %q in database %q (has %s)",
			clusterID, name, db, strings.Join(sortedNames(c.collectionsIn(db)), ", "))
	}
	state, _ := col.loadStatus(s.now())
	info := CollectionInfo{ID: col.id, Rows: col.rowCount, LoadState: state}
	for _, ix := range col.indexes {
		info.Indexes = append(info.Indexes, ix.fieldName+":"+ix.indexName+":"+ix.indexType+":"+ix.metricType)
	}
	for _, f := range col.fields {
		info.Fields = append(info.Fields, f.name)
	}
	return info, nil
}
