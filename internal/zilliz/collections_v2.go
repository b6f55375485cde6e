package zilliz

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The v2 vectordb API of a cluster (POST /v2/vectordb/collections/*, success
// code 0): collections with a real schema, and their load state. The quick-
// setup v1 calls are in collections.go; both APIs see the same collections.

// FieldSchema is one field of a v2 collection schema.
type FieldSchema struct {
	FieldName string
	// DataType is the Milvus type name, case-sensitive: Bool, Int8, Int16,
	// Int32, Int64, Float, Double, VarChar, Array, JSON, BinaryVector,
	// FloatVector, Float16Vector, BFloat16Vector, SparseFloatVector, Int8Vector.
	DataType string
	// ElementDataType is the element type of an Array field.
	ElementDataType string
	Description     string
	IsPrimary       bool
	// AutoID is allowed on the primary field only; it is sent as schema.autoID.
	AutoID         bool
	IsPartitionKey bool
	Nullable       bool
	// MaxLength (VarChar, or an Array of VarChar), Dim (vectors except
	// sparse) and MaxCapacity (Array) are sent in elementTypeParams as
	// numbers; 0 leaves them out.
	MaxLength, Dim, MaxCapacity int
	// DefaultValue is what entities stored before the field existed, or
	// inserted without it, hold: a JSON value of the field's type (int64,
	// float64, bool or string); nil sends none.
	DefaultValue any
}

// IndexParam is one index created with the collection.
type IndexParam struct {
	FieldName  string
	IndexName  string // "" = server default
	MetricType string // "" = server default for the field's type
	IndexType  string // "" = server default (AUTOINDEX)
	Params     map[string]string
}

// CreateCollectionV2Request creates a collection with an explicit schema.
type CreateCollectionV2Request struct {
	Database       string // "" = "default"
	CollectionName string
	Description    string
	// EnableDynamicField is sent as schema.enableDynamicField (not the
	// "enabledDynamicField" of some docs, which the server ignores).
	EnableDynamicField bool
	Fields             []FieldSchema
	// Indexes are created right after the collection; with at least one the
	// server also loads it (every vector field needs an index for that).
	// Without any the collection is created but not loaded.
	Indexes          []IndexParam
	ShardsNum        int    // 0 = omit (server default 1)
	ConsistencyLevel string // "" = omit (server default Bounded)
	TTLSeconds       int    // 0 = omit
}

// CollectionV2 is a collection as described by the v2 API.
type CollectionV2 struct {
	Name               string
	Description        string
	Load               string // Milvus load state, e.g. LoadStateLoaded
	ConsistencyLevel   string
	CollectionID       int64
	AutoID             bool // of the primary field
	EnableDynamicField bool
	ShardsNum          int
	PartitionsNum      int
	Fields             []FieldV2         // never nil
	Indexes            []CollectionIndex // never nil
	// Properties are the collection properties, e.g. "collection.ttl.seconds"; never nil.
	Properties map[string]string
}

// FieldV2 is one field as described by the v2 API. Params holds the type
// params (dim, max_length, max_capacity, ...) as strings, however the
// server sent them; never nil.
type FieldV2 struct {
	ID            int64
	Name          string
	Type          string // e.g. "FloatVector", without the dimension
	ElementType   string // Array fields only
	Description   string
	PrimaryKey    bool
	AutoID        bool
	PartitionKey  bool
	ClusteringKey bool
	Nullable      bool
	Params        map[string]string
}

// Wire shapes of the create request.
type (
	createV2Body struct {
		DBName         string         `json:"dbName"`
		CollectionName string         `json:"collectionName"`
		Description    string         `json:"description,omitempty"`
		Schema         schemaV2Wire   `json:"schema"`
		IndexParams    []indexV2Wire  `json:"indexParams,omitempty"`
		Params         map[string]any `json:"params,omitempty"`
	}
	schemaV2Wire struct {
		AutoID             bool          `json:"autoID"`
		EnableDynamicField bool          `json:"enableDynamicField"`
		Fields             []fieldV2Body `json:"fields"`
	}
	fieldV2Body struct {
		FieldName         string         `json:"fieldName"`
		DataType          string         `json:"dataType"`
		ElementDataType   string         `json:"elementDataType,omitempty"`
		IsPrimary         bool           `json:"isPrimary"`
		IsPartitionKey    bool           `json:"isPartitionKey"`
		Nullable          bool           `json:"nullable"`
		Description       string         `json:"description,omitempty"`
		DefaultValue      any            `json:"defaultValue,omitempty"`
		ElementTypeParams map[string]int `json:"elementTypeParams"`
	}
	indexV2Wire struct {
		FieldName  string            `json:"fieldName"`
		IndexName  string            `json:"indexName,omitempty"`
		MetricType string            `json:"metricType,omitempty"`
		IndexType  string            `json:"indexType,omitempty"`
		Params     map[string]string `json:"params,omitempty"`
	}
)

// wire is the field as the create and add-field bodies carry it.
func (f FieldSchema) wire() fieldV2Body {
	params := map[string]int{}
	for key, v := range map[string]int{"max_length": f.MaxLength, "dim": f.Dim, "max_capacity": f.MaxCapacity} {
		if v != 0 {
			params[key] = v
		}
	}
	return fieldV2Body{
		FieldName: f.FieldName, DataType: f.DataType, ElementDataType: f.ElementDataType,
		IsPrimary: f.IsPrimary, IsPartitionKey: f.IsPartitionKey, Nullable: f.Nullable,
		Description: f.Description, DefaultValue: f.DefaultValue, ElementTypeParams: params,
	}
}

// body builds the create request body, refusing options the API has no
// place for rather than dropping them.
func (req CreateCollectionV2Request) body() (createV2Body, error) {
	b := createV2Body{
		DBName:         dbOrDefault(req.Database),
		CollectionName: req.CollectionName,
		Description:    req.Description,
		Schema:         schemaV2Wire{EnableDynamicField: req.EnableDynamicField, Fields: make([]fieldV2Body, 0, len(req.Fields))},
	}
	if len(req.Fields) == 0 {
		return b, errors.New("collection has no fields (a collection without a schema is the quick-setup form: use CreateCollection)")
	}
	for _, f := range req.Fields {
		if f.AutoID && !f.IsPrimary {
			return b, fmt.Errorf("field %q: auto ID is only possible on the primary field", f.FieldName)
		}
		if f.IsPrimary {
			b.Schema.AutoID = b.Schema.AutoID || f.AutoID
		}
		b.Schema.Fields = append(b.Schema.Fields, f.wire())
	}
	for _, ix := range req.Indexes {
		b.IndexParams = append(b.IndexParams, indexV2Wire(ix))
	}
	params := map[string]any{}
	if req.ShardsNum != 0 {
		params["shardsNum"] = req.ShardsNum
	}
	if req.ConsistencyLevel != "" {
		params["consistencyLevel"] = req.ConsistencyLevel
	}
	if req.TTLSeconds != 0 {
		// As a JSON string: Milvus handler_v2.go createCollection stores
		// fmt.Sprintf("%v", params["ttlSeconds"]), which prints a JSON number
		// of 1e6 or more as "2.592e+06", and validateCollectionTTL then
		// refuses it ("collection TTL is not a valid positive integer").
		params["ttlSeconds"] = strconv.Itoa(req.TTLSeconds)
	}
	if len(params) > 0 {
		b.Params = params
	}
	return b, nil
}

// CreateCollectionV2 creates a collection with a schema (POST
// /v2/vectordb/collections/create), or proves that an earlier attempt of
// this call did (see collection_create.go). It returns a
// *CollectionExistsError when the name was taken before, and a
// *PartialCreateError when the server created the collection but failed
// afterwards (an index it refuses, a load without a vector index).
func (d *DataPlane) CreateCollectionV2(ctx context.Context, req CreateCollectionV2Request) error {
	if strings.TrimSpace(req.CollectionName) == "" {
		return errors.New("collection name is empty")
	}
	body, err := req.body()
	if err != nil {
		return fmt.Errorf("collection %q: %w", req.CollectionName, err)
	}
	return d.createCollection(ctx, req.Database, req.CollectionName, func(ctx context.Context) error {
		r := d.request(http.MethodPost, "/v2/vectordb/collections/create", false)
		r.body = body
		return d.do(ctx, r, nil)
	})
}

// nameRequest is a v2 POST with {dbName, collectionName}. All of them are
// reads or repeatable (drop, load, release), so they are retried freely.
func (d *DataPlane) nameRequest(action, database, name string) (request, error) {
	if err := requireID("collection name", name); err != nil {
		return request{}, err
	}
	r := d.request(http.MethodPost, "/v2/vectordb/collections/"+action, true)
	r.body = map[string]string{"dbName": dbOrDefault(database), "collectionName": name}
	return r, nil
}

// Wire shapes of the describe answer. Numbers are read leniently (a quoted
// int64 is accepted) and param values may be strings or numbers.
type (
	collectionV2Wire struct {
		CollectionName     string            `json:"collectionName"`
		CollectionID       flexInt           `json:"collectionID"`
		Description        string            `json:"description"`
		AutoID             bool              `json:"autoId"`
		EnableDynamicField bool              `json:"enableDynamicField"`
		Load               string            `json:"load"`
		ShardsNum          flexInt           `json:"shardsNum"`
		PartitionsNum      flexInt           `json:"partitionsNum"`
		ConsistencyLevel   string            `json:"consistencyLevel"`
		Fields             []fieldV2Wire     `json:"fields"`
		Indexes            []CollectionIndex `json:"indexes"`
		Properties         []keyValueWire    `json:"properties"`
	}
	fieldV2Wire struct {
		ID            flexInt        `json:"id"`
		Name          string         `json:"name"`
		Type          string         `json:"type"`
		ElementType   string         `json:"elementType"`
		Description   string         `json:"description"`
		PrimaryKey    bool           `json:"primaryKey"`
		AutoID        bool           `json:"autoId"`
		PartitionKey  bool           `json:"partitionKey"`
		ClusteringKey bool           `json:"clusteringKey"`
		Nullable      bool           `json:"nullable"`
		Params        []keyValueWire `json:"params"`
	}
	keyValueWire struct {
		Key   string          `json:"key"`
		Value json.RawMessage `json:"value"`
	}
)

// flexInt is an integer that may arrive as a JSON number or a quoted one.
type flexInt int64

func (n *flexInt) UnmarshalJSON(b []byte) error {
	s := string(bytes.Trim(bytes.TrimSpace(b), `"`))
	if s == "" || s == "null" {
		*n = 0
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("not an integer: %s", b)
	}
	*n = flexInt(v)
	return nil
}

// kvMap turns a [{key, value}] list into a map, values as text (8 → "8").
func kvMap(list []keyValueWire) map[string]string {
	m := make(map[string]string, len(list))
	for _, kv := range list {
		m[kv.Key] = rawText(kv.Value)
	}
	return m
}

// DescribeCollectionV2 returns a collection (POST
// /v2/vectordb/collections/describe). A missing collection is an error for
// which IsNotFound is true.
func (d *DataPlane) DescribeCollectionV2(ctx context.Context, database, name string) (*CollectionV2, error) {
	r, err := d.nameRequest("describe", database, name)
	if err != nil {
		return nil, err
	}
	var w collectionV2Wire
	if err := d.do(ctx, r, &w); err != nil {
		return nil, err
	}
	col := &CollectionV2{
		Name:               w.CollectionName,
		Description:        w.Description,
		Load:               w.Load,
		ConsistencyLevel:   w.ConsistencyLevel,
		CollectionID:       int64(w.CollectionID),
		AutoID:             w.AutoID,
		EnableDynamicField: w.EnableDynamicField,
		ShardsNum:          int(w.ShardsNum),
		PartitionsNum:      int(w.PartitionsNum),
		Fields:             make([]FieldV2, 0, len(w.Fields)),
		Indexes:            w.Indexes,
		Properties:         kvMap(w.Properties),
	}
	for _, f := range w.Fields {
		col.Fields = append(col.Fields, FieldV2{
			ID: int64(f.ID), Name: f.Name, Type: f.Type, ElementType: f.ElementType, Description: f.Description,
			PrimaryKey: f.PrimaryKey, AutoID: f.AutoID, PartitionKey: f.PartitionKey,
			ClusteringKey: f.ClusteringKey, Nullable: f.Nullable, Params: kvMap(f.Params),
		})
	}
	if col.Indexes == nil {
		col.Indexes = []CollectionIndex{}
	}
	return col, nil
}

// HasCollection reports whether a collection exists (POST /v2/vectordb/collections/has).
func (d *DataPlane) HasCollection(ctx context.Context, database, name string) (bool, error) {
	r, err := d.nameRequest("has", database, name)
	if err != nil {
		return false, err
	}
	var out struct {
		Has *bool `json:"has"`
	}
	if err := d.do(ctx, r, &out); err != nil {
		return false, err
	}
	if out.Has == nil {
		// Guessing "false" could make a lost create look failed, or a
		// collection look gone.
		return false, &decodeError{Method: r.method, Path: r.path, Err: errors.New(`answer has no "has"`)}
	}
	return *out.Has, nil
}

// LoadCollection loads a collection into memory (POST
// /v2/vectordb/collections/load). Every vector field needs an index.
func (d *DataPlane) LoadCollection(ctx context.Context, database, name string) error {
	r, err := d.nameRequest("load", database, name)
	if err != nil {
		return err
	}
	return d.do(ctx, r, nil)
}

// ReleaseCollection releases a collection from memory (POST /v2/vectordb/collections/release).
func (d *DataPlane) ReleaseCollection(ctx context.Context, database, name string) error {
	r, err := d.nameRequest("release", database, name)
	if err != nil {
		return err
	}
	return d.do(ctx, r, nil)
}

// GetLoadState returns a collection's load state (LoadStateNotLoad,
// LoadStateLoading, LoadStateLoaded) and the server's loadProgress, 0..100
// (0 when the answer has none, as for LoadStateNotLoad). A missing
// collection is an error for which IsNotFound is true.
func (d *DataPlane) GetLoadState(ctx context.Context, database, name string) (state string, progress int, err error) {
	r, err := d.nameRequest("get_load_state", database, name)
	if err != nil {
		return "", 0, err
	}
	var out struct {
		LoadState    string  `json:"loadState"`
		LoadProgress flexInt `json:"loadProgress"`
	}
	if err := d.do(ctx, r, &out); err != nil {
		return "", 0, err
	}
	return out.LoadState, int(out.LoadProgress), nil
}

// IndexDescription is one index as POST /v2/vectordb/indexes/describe
// reports it.
type IndexDescription struct {
	IndexName, FieldName, IndexType, MetricType string
	// Params are the index's key-value params as strings, as the server
	// reports them: the newest servers send the build params (M,
	// efConstruction, nlist, ...) with index_type and metric_type among
	// them; nil when the server reports none (older servers answer only the
	// type and metric).
	Params map[string]string
}

// DescribeIndex returns one index of a collection (POST
// /v2/vectordb/indexes/describe with the index name, which the server
// requires). A missing collection is an error for which IsNotFound is true.
func (d *DataPlane) DescribeIndex(ctx context.Context, database, collection, indexName string) (*IndexDescription, error) {
	if err := requireID("collection name", collection); err != nil {
		return nil, err
	}
	if err := requireID("index name", indexName); err != nil {
		return nil, err
	}
	r := d.request(http.MethodPost, "/v2/vectordb/indexes/describe", true)
	r.body = map[string]string{"dbName": dbOrDefault(database), "collectionName": collection, "indexName": indexName}
	var out []struct {
		IndexName  string          `json:"indexName"`
		FieldName  string          `json:"fieldName"`
		IndexType  string          `json:"indexType"`
		MetricType string          `json:"metricType"`
		Params     *[]keyValueWire `json:"params"`
	}
	if err := d.do(ctx, r, &out); err != nil {
		return nil, err
	}
	for _, ix := range out {
		if ix.IndexName != indexName {
			continue
		}
		desc := &IndexDescription{IndexName: ix.IndexName, FieldName: ix.FieldName, IndexType: ix.IndexType, MetricType: ix.MetricType}
		if ix.Params != nil {
			desc.Params = kvMap(*ix.Params)
		}
		return desc, nil
	}
	return nil, &decodeError{Method: r.method, Path: r.path, Err: fmt.Errorf("answer has no index named %q", indexName)}
}

// Load states as the server names them.
const (
	LoadStateLoaded  = "LoadStateLoaded"
	LoadStateLoading = "LoadStateLoading"
	LoadStateNotLoad = "LoadStateNotLoad"
)

// WaitLoaded polls get_load_state until the collection is LoadStateLoaded:
// the server loads in the background and reports LoadStateLoading, with a
// loadProgress below 100, meanwhile (Milvus handler_v2.go
// getCollectionLoadState). It returns when loaded, on an error, or when ctx
// ends.
func (d *DataPlane) WaitLoaded(ctx context.Context, database, name string) error {
	clk := d.c.clock()
	start := clk.Now()
	return Wait(ctx, WaitOptions{Immediate: true, MaxInterval: 2 * time.Second, clock: clk}, func(ctx context.Context) (bool, int, error) {
		state, progress, err := d.GetLoadState(ctx, database, name)
		if err != nil {
			return false, -1, err
		}
		switch {
		case state == LoadStateLoaded:
			return true, 100, nil
		case state == LoadStateLoading:
			return false, progress, nil
		case clk.Now().Sub(start) < notLoadGrace:
			// (inferred) a load just requested may not show yet.
			return false, -1, nil
		}
		return false, -1, fmt.Errorf("collection %s is %s, not loading", name, state)
	})
}

// notLoadGrace is how long WaitLoaded takes LoadStateNotLoad for a load that
// has not shown yet rather than one that stopped.
const notLoadGrace = 5 * time.Second
