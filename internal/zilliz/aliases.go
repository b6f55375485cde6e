package zilliz

import (
	"context"
	"errors"
	"net/http"
	"sort"
)

// Collection aliases (POST /v2/vectordb/aliases/*, success code 0). An alias
// is a second name of one collection in the same database; searches through
// the alias reach whatever collection it names at the time.

// Alias is an alias as described by the v2 API.
type Alias struct {
	Database       string
	Name           string
	CollectionName string
}

// aliasBody is the body of every alias call.
type aliasBody struct {
	DBName         string `json:"dbName"`
	AliasName      string `json:"aliasName"`
	CollectionName string `json:"collectionName,omitempty"`
}

func (d *DataPlane) aliasRequest(action, database, alias, collection string, withCollection bool) (request, error) {
	if err := requireID("alias name", alias); err != nil {
		return request{}, err
	}
	if withCollection {
		if err := requireID("collection name", collection); err != nil {
			return request{}, err
		}
	}
	// Every alias call can be repeated safely: creating the same alias of the
	// same collection again succeeds on the server, an alter to the same
	// collection is ignored, and a repeated drop finds the alias gone
	// (IsNotFound), which callers treat as done.
	r := d.request(http.MethodPost, "/v2/vectordb/aliases/"+action, true)
	r.body = aliasBody{DBName: dbOrDefault(database), AliasName: alias, CollectionName: collection}
	return r, nil
}

// CreateAlias makes alias a name of collection (POST /v2/vectordb/aliases/create).
// The server refuses an alias named like a collection, an alias of a
// missing collection, and an alias that already names another collection.
func (d *DataPlane) CreateAlias(ctx context.Context, database, alias, collection string) error {
	r, err := d.aliasRequest("create", database, alias, collection, true)
	if err != nil {
		return err
	}
	return d.do(ctx, r, nil)
}

// AlterAlias points an existing alias at another collection in one step
// (POST /v2/vectordb/aliases/alter): reads through the alias never find it
// missing, unlike a drop followed by a create.
func (d *DataPlane) AlterAlias(ctx context.Context, database, alias, collection string) error {
	r, err := d.aliasRequest("alter", database, alias, collection, true)
	if err != nil {
		return err
	}
	return d.do(ctx, r, nil)
}

// DescribeAlias returns the collection an alias names (POST
// /v2/vectordb/aliases/describe). A missing alias is an error for which
// IsNotFound is true (Milvus 1600), and so is a missing database (800).
func (d *DataPlane) DescribeAlias(ctx context.Context, database, alias string) (*Alias, error) {
	r, err := d.aliasRequest("describe", database, alias, "", false)
	if err != nil {
		return nil, err
	}
	var w struct {
		DBName         string `json:"dbName"`
		CollectionName string `json:"collectionName"`
		AliasName      string `json:"aliasName"`
	}
	if err := d.do(ctx, r, &w); err != nil {
		return nil, err
	}
	if w.CollectionName == "" {
		return nil, &decodeError{Method: r.method, Path: r.path, Err: errors.New(`answer has no "collectionName"`)}
	}
	return &Alias{Database: firstSet(w.DBName, dbOrDefault(database)), Name: firstSet(w.AliasName, alias), CollectionName: w.CollectionName}, nil
}

// DropAlias drops an alias (POST /v2/vectordb/aliases/drop); the collection
// stays. A missing alias is an error for which IsNotFound is true.
func (d *DataPlane) DropAlias(ctx context.Context, database, alias string) error {
	r, err := d.aliasRequest("drop", database, alias, "", false)
	if err != nil {
		return err
	}
	return d.do(ctx, r, nil)
}

// ListAliases returns the aliases of collection, or of the whole database
// when collection is "", sorted (POST /v2/vectordb/aliases/list).
func (d *DataPlane) ListAliases(ctx context.Context, database, collection string) ([]string, error) {
	r := d.request(http.MethodPost, "/v2/vectordb/aliases/list", true)
	r.body = struct {
		DBName         string `json:"dbName"`
		CollectionName string `json:"collectionName,omitempty"`
	}{dbOrDefault(database), collection}
	var names []string
	if err := d.do(ctx, r, &names); err != nil {
		return nil, err
	}
	if names == nil {
		names = []string{}
	}
	sort.Strings(names)
	return names, nil
}

func firstSet(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}
