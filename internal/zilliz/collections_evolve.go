package zilliz

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Changing a collection in place: the v2 vectordb calls that alter an
// existing collection without dropping its entities (Milvus handler_v2.go
// RegisterRoutesToV2; request bodies in request_v2.go). Each answers
// {"code":0,"data":{}} on success.

// AddField adds a field to an existing collection (POST
// /v2/vectordb/collections/fields/add, body {dbName, collectionName,
// schema}). The server takes only a nullable scalar field that is neither
// primary nor partition key; entities already stored hold null (or
// DefaultValue) in it. Not retried after a lost answer: a second add of the
// same field is refused as a duplicate.
func (d *DataPlane) AddField(ctx context.Context, database, collection string, f FieldSchema) error {
	if err := requireID("collection name", collection); err != nil {
		return err
	}
	if f.IsPrimary || f.AutoID {
		return fmt.Errorf("field %q: a primary key cannot be added to an existing collection", f.FieldName)
	}
	r := d.request(http.MethodPost, "/v2/vectordb/collections/fields/add", false)
	r.body = struct {
		DBName         string      `json:"dbName"`
		CollectionName string      `json:"collectionName"`
		Schema         fieldV2Body `json:"schema"`
	}{dbOrDefault(database), collection, f.wire()}
	return d.do(ctx, r, nil)
}

// CreateIndex creates one index on an existing collection (POST
// /v2/vectordb/indexes/create, body {dbName, collectionName,
// indexParams:[…]}). The server builds it in the background: WaitIndexBuilt
// waits for that. An identical index already there is success, so it is
// retried freely.
func (d *DataPlane) CreateIndex(ctx context.Context, database, collection string, ix IndexParam) error {
	if err := requireID("collection name", collection); err != nil {
		return err
	}
	r := d.request(http.MethodPost, "/v2/vectordb/indexes/create", true)
	r.body = struct {
		DBName         string        `json:"dbName"`
		CollectionName string        `json:"collectionName"`
		IndexParams    []indexV2Wire `json:"indexParams"`
	}{dbOrDefault(database), collection, []indexV2Wire{indexV2Wire(ix)}}
	return d.do(ctx, r, nil)
}

// DropIndex drops one index by name (POST /v2/vectordb/indexes/drop). The
// server refuses while the collection is loaded (code 65535 "index cannot be
// dropped, collection is loaded, please release it first", Milvus proxy
// dropIndexTask): release it first.
func (d *DataPlane) DropIndex(ctx context.Context, database, collection, indexName string) error {
	if err := requireID("collection name", collection); err != nil {
		return err
	}
	if err := requireID("index name", indexName); err != nil {
		return err
	}
	r := d.request(http.MethodPost, "/v2/vectordb/indexes/drop", true)
	r.body = map[string]string{"dbName": dbOrDefault(database), "collectionName": collection, "indexName": indexName}
	return d.do(ctx, r, nil)
}

// WaitIndexBuilt polls /v2/vectordb/indexes/describe until the index's
// indexState is Finished; Failed is an error with the server's failReason.
// A server that reports no state counts as built.
func (d *DataPlane) WaitIndexBuilt(ctx context.Context, database, collection, indexName string) error {
	return Wait(ctx, WaitOptions{Immediate: true, MaxInterval: 2 * time.Second, clock: d.c.clock()}, func(ctx context.Context) (bool, int, error) {
		state, reason, err := d.indexState(ctx, database, collection, indexName)
		switch {
		case err != nil:
			return false, -1, err
		case state == "Failed":
			return false, -1, fmt.Errorf("index %s of collection %s failed to build: %s", indexName, collection, reason)
		}
		return state == "" || state == "Finished", -1, nil
	})
}

// indexState is describe's indexState and failReason of one index.
func (d *DataPlane) indexState(ctx context.Context, database, collection, indexName string) (string, string, error) {
	r := d.request(http.MethodPost, "/v2/vectordb/indexes/describe", true)
	r.body = map[string]string{"dbName": dbOrDefault(database), "collectionName": collection, "indexName": indexName}
	var out []struct {
		IndexName  string `json:"indexName"`
		IndexState string `json:"indexState"`
		FailReason string `json:"failReason"`
	}
	if err := d.do(ctx, r, &out); err != nil {
		return "", "", err
	}
	for _, ix := range out {
		if ix.IndexName == indexName {
			return ix.IndexState, ix.FailReason, nil
		}
	}
	return "", "", &decodeError{Method: r.method, Path: r.path, Err: fmt.Errorf("answer has no index named %q", indexName)}
}

// AlterCollectionProperties sets collection properties (POST
// /v2/vectordb/collections/alter_properties, body {dbName, collectionName,
// properties:{k:v}}). Values are sent as strings: the server stores
// fmt.Sprintf("%v") of each, which turns a JSON number of 1e6 or more into
// "1e+06" (see the TTL note in CreateCollectionV2Request.body). mmap.enabled
// is refused while the collection is loaded.
func (d *DataPlane) AlterCollectionProperties(ctx context.Context, database, collection string, props map[string]string) error {
	if err := requireID("collection name", collection); err != nil {
		return err
	}
	if len(props) == 0 {
		return errors.New("no properties to alter")
	}
	r := d.request(http.MethodPost, "/v2/vectordb/collections/alter_properties", true)
	r.body = struct {
		DBName         string            `json:"dbName"`
		CollectionName string            `json:"collectionName"`
		Properties     map[string]string `json:"properties"`
	}{dbOrDefault(database), collection, props}
	return d.do(ctx, r, nil)
}

// DropCollectionProperties removes collection properties (POST
// /v2/vectordb/collections/drop_properties, body {dbName, collectionName,
// propertyKeys:[…]}).
func (d *DataPlane) DropCollectionProperties(ctx context.Context, database, collection string, keys []string) error {
	if err := requireID("collection name", collection); err != nil {
		return err
	}
	if len(keys) == 0 {
		return errors.New("no properties to drop")
	}
	r := d.request(http.MethodPost, "/v2/vectordb/collections/drop_properties", true)
	r.body = struct {
		DBName         string   `json:"dbName"`
		CollectionName string   `json:"collectionName"`
		PropertyKeys   []string `json:"propertyKeys"`
	}{dbOrDefault(database), collection, keys}
	return d.do(ctx, r, nil)
}

// RenameCollection renames a collection within its database (POST
// /v2/vectordb/collections/rename, body {dbName, collectionName,
// newCollectionName}); it keeps its id, entities and indexes. newDbName is
// never sent: handlers older than it ignore it and would rename in place.
// Not retried after a lost answer: the old name is gone once it worked.
func (d *DataPlane) RenameCollection(ctx context.Context, database, from, to string) error {
	if err := requireID("collection name", from); err != nil {
		return err
	}
	if err := requireID("new collection name", to); err != nil {
		return err
	}
	r := d.request(http.MethodPost, "/v2/vectordb/collections/rename", false)
	r.body = map[string]string{"dbName": dbOrDefault(database), "collectionName": from, "newCollectionName": to}
	return d.do(ctx, r, nil)
}

// CollectionRowCount returns the number of entities of a collection (POST
// /v2/vectordb/collections/get_stats → {"rowCount": n}; Milvus
// wrapperReturnRowCount sends a number, or the raw text when it does not
// parse). A missing collection is an error for which IsNotFound is true.
func (d *DataPlane) CollectionRowCount(ctx context.Context, database, collection string) (int64, error) {
	r, err := d.nameRequest("get_stats", database, collection)
	if err != nil {
		return 0, err
	}
	var out struct {
		RowCount *flexInt `json:"rowCount"`
	}
	if err := d.do(ctx, r, &out); err != nil {
		return 0, err
	}
	if out.RowCount == nil {
		return 0, &decodeError{Method: r.method, Path: r.path, Err: errors.New(`answer has no "rowCount"`)}
	}
	return int64(*out.RowCount), nil
}
