package zillizmock

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Databases of a cluster (Milvus handler_v2.go RegisterRoutesToV2, DataBaseCategory):
// POST /v2/vectordb/databases/{create,drop,list,describe,alter,drop_properties}.
// Every cluster has "default", which cannot be dropped. A database holds
// its own collections and aliases; the existing collection handlers reach
// them through clusterRecord.collectionsIn. Request shapes: request_v2.go
// DatabaseReqWithProperties, DatabaseReqRequiredName, DropDatabasePropertiesReq;
// Zilliz reference drop-database-v2 and drop-database-properties-v2.

// Database codes (Milvus pkg/util/merr/errors.go).
const (
	codeDatabaseNumLimit    = 801 // ErrDatabaseNumLimitExceeded
	codeDatabaseInvalidName = 802 // ErrDatabaseInvalidName
)

// maxDatabases is Milvus rootCoord.maxDatabaseNum (default 64), counted
// without "default": CheckIfDatabaseCreatable refuses when more than that
// many exist already (`len(dbName2Meta) > cfgMaxDatabaseNum`). Zilliz Cloud
// plans may set another limit (inferred: not in the public reference).
const maxDatabases = 64

// maxNameLength is Milvus proxy.maxNameLength (default 255), the limit of
// collection, alias and database names (proxy/util.go ValidateDatabaseName,
// validateCollectionNameOrAlias: `len(name) > MaxNameLength` is refused).
const maxNameLength = 255

// databaseRecord is one database of a cluster.
type databaseRecord struct {
	name        string
	id          int64
	properties  map[string]string
	collections map[string]*collection // by name
	aliases     map[string]string      // alias → collection name
}

// database returns the cluster's database called name, or nil. "default"
// always exists; its collections are the cluster's `collections` map, so
// code that predates databases keeps seeing them.
func (c *clusterRecord) database(name string) *databaseRecord {
	if c.databases == nil {
		c.databases = map[string]*databaseRecord{}
	}
	if name == "" || name == defaultDatabase {
		d := c.databases[defaultDatabase]
		if d == nil {
			if c.collections == nil {
				c.collections = map[string]*collection{}
			}
			// Milvus util.DefaultDBID is 1.
			d = &databaseRecord{name: defaultDatabase, id: 1, properties: map[string]string{}, collections: c.collections, aliases: map[string]string{}}
			c.databases[defaultDatabase] = d
		}
		return d
	}
	return c.databases[name]
}

// collectionsIn is the collection map of database db. A database that is
// gone (dropped between the handler's check and its change) gives an empty
// map that nothing keeps.
func (c *clusterRecord) collectionsIn(db string) map[string]*collection {
	if d := c.database(db); d != nil {
		return d.collections
	}
	return map[string]*collection{}
}

// hasDatabase reports whether cluster id has database db; it is what
// checkDatabase asks for a request on that cluster's endpoint.
func (s *Server) hasDatabase(id, db string) bool {
	found := false
	s.withCluster(id, func(c *clusterRecord) { found = c.database(db) != nil })
	return found
}

// databaseNames lists the cluster's databases, "default" included, sorted.
func (c *clusterRecord) databaseNames() []string {
	c.database(defaultDatabase)
	names := make([]string, 0, len(c.databases))
	for n := range c.databases {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// databaseNameError applies Milvus proxy ValidateDatabaseName: not empty, at
// most 255 characters, a letter or underscore first, then letters, digits
// and underscores; code 802 with the reason and
// "invalid database name[database=X]" (the wording of Milvus's pymilvus
// tests, tests/python_client/milvus_client/test_milvus_client_database.py).
func databaseNameError(name string) *milvusError {
	reason := ""
	switch {
	case name == "":
		reason = "database name couldn't be empty"
	case len(name) > maxNameLength:
		reason = fmt.Sprintf("the length of a database name must be less than %d characters", maxNameLength)
	case !isNameStart(name[0]):
		reason = "the first character of a database name must be an underscore or letter"
	case strings.IndexFunc(name[1:], func(r rune) bool { return !isNameChar(r) }) >= 0:
		reason = "database name can only contain numbers, letters and underscores"
	default:
		return nil
	}
	return &milvusError{codeDatabaseInvalidName, fmt.Sprintf("%s: invalid database name[database=%s]", reason, name)}
}

func isNameStart(b byte) bool {
	return b == '_' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')
}

func isNameChar(r rune) bool {
	return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
}

func databaseNotFound(name string) *milvusError {
	return &milvusError{codeDatabaseNotFound, fmt.Sprintf("database not found[database=%s]", name)}
}

// databaseReq is Milvus's DatabaseReqWithProperties / DatabaseReqRequiredName /
// DropDatabasePropertiesReq: dbName is `binding:"required"` in all of them.
// Property values may be any JSON; Milvus stores fmt.Sprintf("%v", value).
type databaseReq struct {
	DBName       string         `json:"dbName"`
	Properties   map[string]any `json:"properties"`
	PropertyKeys []string       `json:"propertyKeys"`
}

// decodeDatabaseReq decodes a database body; reqType names Milvus's
// request struct in the 1802 message.
func decodeDatabaseReq(w *reply, body []byte, reqType string) (databaseReq, bool) {
	var req databaseReq
	if !decodeMilvusJSON(w, body, &req) {
		return req, false
	}
	if req.DBName == "" {
		missingRequired(w, reqType, "DbName")
		return req, false
	}
	return req, true
}

// propertyText is how Milvus stores a property value: fmt "%v" of the
// decoded JSON (3 → "3", true → "true", "x" → "x").
func propertyText(v any) string {
	if f, ok := v.(float64); ok && f == float64(int64(f)) {
		return fmt.Sprintf("%d", int64(f))
	}
	return fmt.Sprintf("%v", v)
}

// failWith writes a milvusError as the HTTP 200 error envelope.
func failWith(w *reply, e *milvusError) {
	w.fail(http.StatusOK, e.code, e.msg)
}

// v2CreateDatabase: {dbName, properties?}. A name already taken by a
// database ("default" included) is 65535 "database already exist: X" (Milvus rootcoord meta_table.go CheckIfDatabaseCreatable;
// code per the pymilvus test test_milvus_client_create_database_name_with_default).
func (s *Server) v2CreateDatabase(w *reply, _ *http.Request, body []byte, id string) {
	req, ok := decodeDatabaseReq(w, body, "DatabaseReqWithProperties")
	if !ok {
		return
	}
	if e := databaseNameError(req.DBName); e != nil {
		failWith(w, e)
		return
	}
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		if c.database(req.DBName) != nil {
			err = &milvusError{codeUnexpected, "database already exist: " + req.DBName}
			return
		}
		if len(c.databaseNames()) > maxDatabases { // "default" included, as in Milvus
			err = &milvusError{codeDatabaseNumLimit, fmt.Sprintf("exceeded the limit number of database[limit=%d]", maxDatabases)}
			return
		}
		props := map[string]string{}
		for k, v := range req.Properties {
			props[k] = propertyText(v)
		}
		c.databases[req.DBName] = &databaseRecord{
			name: req.DBName, id: s.newCollectionID(), properties: props,
			collections: map[string]*collection{}, aliases: map[string]string{},
		}
	})
	if err != nil {
		failWith(w, err)
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// v2DropDatabase: {dbName}. "default" cannot be dropped (1100 "can not drop
// default database") and neither can a database that holds collections
// (65535 "database:X not empty, must drop all collections before drop
// database"): Milvus rootcoord meta_table.go CheckIfDatabaseDroppable; the
// code 65535 per the pymilvus test test_milvus_client_drop_database_has_collections.
// Dropping a database that does not exist succeeds (MetaTable.DropDatabase
// returns nil; the pymilvus test of that case is skipped because "Deleting a
// db that does not exist does not report an error").
func (s *Server) v2DropDatabase(w *reply, _ *http.Request, body []byte, id string) {
	req, ok := decodeDatabaseReq(w, body, "DatabaseReqRequiredName")
	if !ok {
		return
	}
	if e := databaseNameError(req.DBName); e != nil {
		failWith(w, e)
		return
	}
	if req.DBName == defaultDatabase {
		failWith(w, invalidParam("can not drop default database"))
		return
	}
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		d := c.database(req.DBName)
		if d == nil {
			return
		}
		if len(d.collections) > 0 {
			err = &milvusError{codeUnexpected, fmt.Sprintf("database:%s not empty, must drop all collections before drop database", req.DBName)}
			return
		}
		delete(c.databases, req.DBName)
	})
	if err != nil {
		failWith(w, err)
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// v2ListDatabases: {} → {"code":0,"data":["default",...]} (Milvus
// listDatabases, wrapperReturnList).
func (s *Server) v2ListDatabases(w *reply, _ *http.Request, body []byte, id string) {
	var req struct{}
	if !decodeMilvusJSON(w, body, &req) {
		return
	}
	var names []string
	s.withCluster(id, func(c *clusterRecord) { names = c.databaseNames() })
	w.ok(codeV2OK, names)
}

// databaseDescribe is Milvus describeDatabase's data: dbName, dbID and
// properties as [{key, value}] ([] when none).
type databaseDescribe struct {
	DBName     string     `json:"dbName"`
	DBID       int64      `json:"dbID"`
	Properties []keyValue `json:"properties"`
}

// v2DescribeDatabase: missing → 800 "database not found[database=X]" (the
// pymilvus test test_milvus_client_describe_database_invalid_db_name).
func (s *Server) v2DescribeDatabase(w *reply, _ *http.Request, body []byte, id string) {
	req, ok := decodeDatabaseReq(w, body, "DatabaseReqRequiredName")
	if !ok {
		return
	}
	var d *databaseDescribe
	s.withCluster(id, func(c *clusterRecord) {
		if db := c.database(req.DBName); db != nil {
			d = &databaseDescribe{DBName: db.name, DBID: db.id, Properties: sortedProperties(db.properties)}
		}
	})
	if d == nil {
		failWith(w, databaseNotFound(req.DBName))
		return
	}
	w.ok(codeV2OK, d)
}

func sortedProperties(m map[string]string) []keyValue {
	out := make([]keyValue, 0, len(m))
	for k, v := range m {
		out = append(out, keyValue{Key: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// errNothingToAlter is Milvus's answer to an alter with neither properties
// nor keys to delete (the pymilvus test
// test_milvus_client_drop_database_properties_invalid_format: 65535).
var errNothingToAlter = &milvusError{codeUnexpected, "alter database requires either properties or deletekeys to modify or delete keys, both cannot be empty"}

// v2AlterDatabase: {dbName, properties} sets (adds or overwrites) the given
// properties; a missing database is 800 (test_milvus_client_alter_database_properties_nonexistent_db_name).
func (s *Server) v2AlterDatabase(w *reply, _ *http.Request, body []byte, id string) {
	req, ok := decodeDatabaseReq(w, body, "DatabaseReqWithProperties")
	if !ok {
		return
	}
	s.alterDatabase(w, id, req.DBName, func(d *databaseRecord) *milvusError {
		if len(req.Properties) == 0 {
			return errNothingToAlter
		}
		for k, v := range req.Properties {
			d.properties[k] = propertyText(v)
		}
		return nil
	})
}

// v2DropDatabaseProperties: {dbName, propertyKeys} removes those keys; a key
// that is not set is no error (test_milvus_client_drop_database_properties_invalid_params).
// The route is in the Zilliz reference (drop-database-properties-v2) and in
// Milvus 2.5+ (DropDatabasePropertiesReq in request_v2.go).
func (s *Server) v2DropDatabaseProperties(w *reply, _ *http.Request, body []byte, id string) {
	req, ok := decodeDatabaseReq(w, body, "DropDatabasePropertiesReq")
	if !ok {
		return
	}
	s.alterDatabase(w, id, req.DBName, func(d *databaseRecord) *milvusError {
		if len(req.PropertyKeys) == 0 {
			return errNothingToAlter
		}
		for _, k := range req.PropertyKeys {
			delete(d.properties, k)
		}
		return nil
	})
}

func (s *Server) alterDatabase(w *reply, id, db string, f func(d *databaseRecord) *milvusError) {
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		d := c.database(db)
		if d == nil {
			err = databaseNotFound(db)
			return
		}
		err = f(d)
	})
	if err != nil {
		failWith(w, err)
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// Databases returns the sorted database names of a cluster, "default"
// included (nil for an unknown cluster).
func (s *Server) Databases(clusterID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(s.now())
	c, ok := s.clusters[clusterID]
	if !ok {
		return nil
	}
	return c.databaseNames()
}

// DatabaseProperties returns a copy of a database's properties (nil when
// the cluster or database is unknown).
func (s *Server) DatabaseProperties(clusterID, db string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(s.now())
	c, ok := s.clusters[clusterID]
	if !ok || c.database(db) == nil {
		return nil
	}
	out := map[string]string{}
	for k, v := range c.database(db).properties {
		out[k] = v
	}
	return out
}

// DropDatabaseNow drops a database out of band, with the server's rules:
// not "default", and only when it holds no collections.
func (s *Server) DropDatabaseNow(clusterID, db string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(s.now())
	c, ok := s.clusters[clusterID]
	if !ok {
		return fmt.Errorf("zillizmock: unknown cluster %q", clusterID)
	}
	d := c.database(db)
	switch {
	case db == defaultDatabase:
		return fmt.Errorf("zillizmock: can not drop default database")
	case d == nil:
		return fmt.Errorf("zillizmock: cluster %q has no database %q", clusterID, db)
	case len(d.collections) > 0:
		return fmt.Errorf("zillizmock: database %q holds collections %v", db, sortedNames(d.collections))
	}
	delete(c.databases, db)
	return nil
}
