package zilliz

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strings"
)

// Databases of a cluster (POST /v2/vectordb/databases/*, success code 0).
// Every cluster has the database "default", which cannot be dropped.

// Database is a database as described by the v2 API.
type Database struct {
	Name string
	ID   int64
	// Properties are the database properties, e.g. "database.replica.number",
	// values as text; never nil.
	Properties map[string]string
}

// databaseBody is the body of every database call; dbName is required.
type databaseBody struct {
	DBName       string            `json:"dbName"`
	Properties   map[string]string `json:"properties,omitempty"`
	PropertyKeys []string          `json:"propertyKeys,omitempty"`
}

func (d *DataPlane) databaseRequest(action string, body databaseBody, idempotent bool) (request, error) {
	if err := requireID("database name", body.DBName); err != nil {
		return request{}, err
	}
	r := d.request(http.MethodPost, "/v2/vectordb/databases/"+action, idempotent)
	r.body = body
	return r, nil
}

// CreateDatabase creates a database with properties (POST
// /v2/vectordb/databases/create). A second create of the same name is an
// error (Milvus: 65535 "database already exist"), so the call is not
// retried once it may have reached the server; when its answer is lost,
// a describe decides: if the database exists now, nil is returned.
func (d *DataPlane) CreateDatabase(ctx context.Context, name string, properties map[string]string) error {
	r, err := d.databaseRequest("create", databaseBody{DBName: name, Properties: properties}, false)
	if err != nil {
		return err
	}
	err = d.do(ctx, r, nil)
	if err == nil || !answerMayBeLost(ctx, err) {
		return err
	}
	if _, derr := d.DescribeDatabase(ctx, name); derr == nil {
		return nil
	}
	return err
}

// DescribeDatabase returns a database (POST /v2/vectordb/databases/describe).
// A missing database is an error for which IsNotFound is true (Milvus 800).
func (d *DataPlane) DescribeDatabase(ctx context.Context, name string) (*Database, error) {
	r, err := d.databaseRequest("describe", databaseBody{DBName: name}, true)
	if err != nil {
		return nil, err
	}
	var w struct {
		DBName     string         `json:"dbName"`
		DBID       flexInt        `json:"dbID"`
		Properties []keyValueWire `json:"properties"`
	}
	if err := d.do(ctx, r, &w); err != nil {
		return nil, err
	}
	if w.DBName == "" {
		return nil, &decodeError{Method: r.method, Path: r.path, Err: errors.New(`answer has no "dbName"`)}
	}
	return &Database{Name: w.DBName, ID: int64(w.DBID), Properties: kvMap(w.Properties)}, nil
}

// ListDatabases returns the names of the cluster's databases, sorted
// ("default" included).
func (d *DataPlane) ListDatabases(ctx context.Context) ([]string, error) {
	r := d.request(http.MethodPost, "/v2/vectordb/databases/list", true)
	r.body = struct{}{} // Milvus refuses an empty body (1801); {} is valid
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

// AlterDatabaseProperties sets properties of a database (POST
// /v2/vectordb/databases/alter); keys not named keep their values. Setting
// the same values twice changes nothing, so it is retried freely.
func (d *DataPlane) AlterDatabaseProperties(ctx context.Context, name string, properties map[string]string) error {
	if len(properties) == 0 {
		return nil // the server refuses an alter without properties
	}
	r, err := d.databaseRequest("alter", databaseBody{DBName: name, Properties: properties}, true)
	if err != nil {
		return err
	}
	return d.do(ctx, r, nil)
}

// DropDatabaseProperties removes properties of a database, which then take
// their server defaults (POST /v2/vectordb/databases/drop_properties).
func (d *DataPlane) DropDatabaseProperties(ctx context.Context, name string, keys []string) error {
	if len(keys) == 0 {
		return nil // the server refuses a call without keys
	}
	keys = append([]string(nil), keys...)
	sort.Strings(keys)
	r, err := d.databaseRequest("drop_properties", databaseBody{DBName: name, PropertyKeys: keys}, true)
	if err != nil {
		return err
	}
	return d.do(ctx, r, nil)
}

// DropDatabase drops a database (POST /v2/vectordb/databases/drop). The
// server refuses a database that still holds collections and never drops
// them itself; dropping a database that does not exist succeeds on Milvus.
func (d *DataPlane) DropDatabase(ctx context.Context, name string) error {
	if strings.TrimSpace(name) == defaultDatabase {
		return errors.New(`the database "default" cannot be dropped`)
	}
	r, err := d.databaseRequest("drop", databaseBody{DBName: name}, true)
	if err != nil {
		return err
	}
	return d.do(ctx, r, nil)
}
