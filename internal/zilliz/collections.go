package zilliz

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// defaultDatabase is used when a call names no database, as the server does.
const defaultDatabase = "default"

// DataPlane calls the REST API of one cluster, at its connect address. It shares
// its Client's http.Client, retries and rate limiter.
type DataPlane struct {
	c          *Client
	endpoint   string
	token      string
	credential string // where token came from (APIError.Credential)
	ownToken   bool   // token was given, not the Client's API key
}

// DataPlane returns the data plane of the cluster at endpoint (its connect
// address). The endpoint follows the ValidateBaseURL rules (https, or plain http
// only on loopback). token is a Bearer token (an API key or "username:password");
// "" means the Client's API key.
func (c *Client) DataPlane(endpoint, token string) (*DataPlane, error) {
	if err := validateEndpoint("cluster endpoint", endpoint); err != nil {
		return nil, err
	}
	dp := &DataPlane{c: c, endpoint: strings.TrimRight(endpoint, "/"), token: token, credential: "the token given for this endpoint", ownToken: true}
	if token == "" {
		dp.token, dp.credential, dp.ownToken = c.apiKey, c.keySource, false
	}
	return dp, nil
}

// WithTokenSource returns the data plane with its own token described as
// source (for example "the collection's token_wo"), for APIError.Credential.
// A data plane that uses the Client's API key keeps Config.APIKeySource.
func (d *DataPlane) WithTokenSource(source string) *DataPlane {
	if !d.ownToken {
		return d
	}
	out := *d
	out.credential = source
	return &out
}

// Endpoint is the cluster endpoint, without a trailing slash.
func (d *DataPlane) Endpoint() string { return d.endpoint }

// CreateCollectionRequest is the quick-setup collection of the v1 API: an Int64
// primary key and one float vector field.
type CreateCollectionRequest struct {
	Database       string // "" = "default"
	CollectionName string
	MetricType     string // L2, IP or COSINE; "" = server default
	PrimaryField   string // "" = server default ("id")
	VectorField    string // "" = server default ("vector")
	Description    string
	Dimension      int
}

// Collection is a collection as described by the v1 API.
type Collection struct {
	Name        string
	Description string
	// Load is the Milvus load state, e.g. LoadStateLoaded.
	Load string
	// EnableDynamicField is read from "enableDynamicField" (Zilliz docs) or
	// "enableDynamic" (the Milvus v1 handler).
	EnableDynamicField bool
	ShardsNum          int
	Fields             []CollectionField
	Indexes            []CollectionIndex
}

// CollectionField is one field of a collection. Type carries a vector's
// dimension inline, e.g. "FloatVector(768)".
type CollectionField struct {
	Name         string `json:"name"`
	Type         string `json:"type"`
	Description  string `json:"description"`
	PrimaryKey   bool   `json:"primaryKey"`
	AutoID       bool   `json:"autoId"`
	PartitionKey bool   `json:"partitionKey"`
}

// CollectionIndex is one index of a collection.
type CollectionIndex struct {
	FieldName  string `json:"fieldName"`
	IndexName  string `json:"indexName"`
	MetricType string `json:"metricType"`
}

// collectionWire is the describe answer's data as sent.
type collectionWire struct {
	CollectionName     string            `json:"collectionName"`
	Description        string            `json:"description"`
	Load               string            `json:"load"`
	EnableDynamicField *bool             `json:"enableDynamicField"`
	EnableDynamic      *bool             `json:"enableDynamic"`
	ShardsNum          int               `json:"shardsNum"`
	Fields             []CollectionField `json:"fields"`
	Indexes            []CollectionIndex `json:"indexes"`
}

func dbOrDefault(db string) string {
	if db == "" {
		return defaultDatabase
	}
	return db
}

// request builds a data-plane request.
func (d *DataPlane) request(method, path string, idempotent bool) request {
	return request{method: method, base: d.endpoint, path: path, token: d.token, credential: d.credential, idempotent: idempotent}
}

// do runs a data-plane request, naming the endpoint when no token is known.
func (d *DataPlane) do(ctx context.Context, r request, out any) error {
	if r.token == "" {
		return fmt.Errorf("no token for the data plane of %s (set the collection's token): %w", d.endpoint, ErrNoAPIKey)
	}
	return d.c.do(ctx, r, out)
}

// CreateCollection creates a collection (POST /v1/vector/collections/create;
// the server also indexes and loads it), or proves that an earlier attempt
// of this call did (see collection_create.go): *CollectionExistsError when
// the name was taken before, *PartialCreateError when the collection was
// made but the request failed afterwards.
func (d *DataPlane) CreateCollection(ctx context.Context, req CreateCollectionRequest) error {
	if strings.TrimSpace(req.CollectionName) == "" {
		return errors.New("collection name is empty")
	}
	body := struct {
		DBName         string `json:"dbName"`
		CollectionName string `json:"collectionName"`
		Dimension      int    `json:"dimension"`
		MetricType     string `json:"metricType,omitempty"`
		PrimaryField   string `json:"primaryField,omitempty"`
		VectorField    string `json:"vectorField,omitempty"`
		Description    string `json:"description,omitempty"`
	}{dbOrDefault(req.Database), req.CollectionName, req.Dimension, req.MetricType, req.PrimaryField, req.VectorField, req.Description}
	return d.createCollection(ctx, req.Database, req.CollectionName, func(ctx context.Context) error {
		r := d.request(http.MethodPost, "/v1/vector/collections/create", false)
		r.body = body
		return d.do(ctx, r, nil)
	})
}

// DescribeCollection returns a collection (GET /v1/vector/collections/describe).
// A missing collection is an error for which IsNotFound is true.
func (d *DataPlane) DescribeCollection(ctx context.Context, database, name string) (*Collection, error) {
	if err := requireID("collection name", name); err != nil {
		return nil, err
	}
	r := d.request(http.MethodGet, "/v1/vector/collections/describe", true)
	r.query = url.Values{"collectionName": {name}, "dbName": {dbOrDefault(database)}}
	var w collectionWire
	if err := d.do(ctx, r, &w); err != nil {
		return nil, err
	}
	col := &Collection{
		Name:        w.CollectionName,
		Description: w.Description,
		Load:        w.Load,
		ShardsNum:   w.ShardsNum,
		Fields:      w.Fields,
		Indexes:     w.Indexes,
	}
	switch {
	case w.EnableDynamicField != nil:
		col.EnableDynamicField = *w.EnableDynamicField
	case w.EnableDynamic != nil:
		col.EnableDynamicField = *w.EnableDynamic
	}
	if col.Fields == nil {
		col.Fields = []CollectionField{}
	}
	if col.Indexes == nil {
		col.Indexes = []CollectionIndex{}
	}
	return col, nil
}

// ListCollections returns the collection names of a database (GET /v1/vector/collections); never nil.
func (d *DataPlane) ListCollections(ctx context.Context, database string) ([]string, error) {
	r := d.request(http.MethodGet, "/v1/vector/collections", true)
	r.query = url.Values{"dbName": {dbOrDefault(database)}}
	out := []string{}
	if err := d.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// DropCollection drops a collection (POST /v1/vector/collections/drop). Dropping
// twice cannot drop anything else, so it is retried freely; a missing collection
// returns an error for which IsNotFound is true.
func (d *DataPlane) DropCollection(ctx context.Context, database, name string) error {
	if err := requireID("collection name", name); err != nil {
		return err
	}
	r := d.request(http.MethodPost, "/v1/vector/collections/drop", true)
	r.body = map[string]string{"collectionName": name, "dbName": dbOrDefault(database)}
	return d.do(ctx, r, nil)
}
