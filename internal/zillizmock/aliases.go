package zillizmock

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Collection aliases (Milvus handler_v2.go RegisterRoutesToV2, AliasCategory):
// POST /v2/vectordb/aliases/{create,alter,drop,describe,list}. An alias is
// a second name of one collection in the same database. The rules are
// Milvus rootcoord meta_table.go CheckIfAliasCreatable, CheckIfAliasAlterable,
// CheckIfAliasDroppable, DescribeAlias and ListAliases; the REST shapes are
// handler_v2.go createAlias..alterAlias with request_v2.go AliasReq and
// AliasCollectionReq, and the Zilliz reference pages create-alias-v2 and
// alter-alias-v2 ("reassigns the alias of one collection to another",
// success {"code":0,"data":{}}).

// Alias codes (Milvus pkg/util/merr/errors.go).
const (
	codeAliasNotFound        = 1600 // ErrAliasNotFound
	codeAliasCollectionClash = 1601 // ErrAliasCollectionNameConfilct
	codeAliasAlreadyExists   = 1602 // ErrAliasAlreadyExist
)

// aliasNameError applies Milvus proxy ValidateCollectionAlias
// (validateCollectionNameOrAlias(alias, "alias")): the collection name rule,
// code 1100.
func aliasNameError(alias string) *milvusError {
	invalid := fmt.Sprintf("Invalid collection alias: %s.", alias)
	switch {
	case alias == "":
		return invalidParam("%s collection alias should not be empty", invalid)
	case len(alias) > maxNameLength:
		return invalidParam("%s the length of a collection alias must be less than %d characters", invalid, maxNameLength)
	case !isNameStart(alias[0]):
		return invalidParam("%s the first character of a collection alias must be an underscore or letter", invalid)
	case strings.IndexFunc(alias[1:], func(r rune) bool { return !isNameChar(r) }) >= 0:
		return invalidParam("%s collection alias can only contain numbers, letters and underscores", invalid)
	}
	return nil
}

func aliasNotFound(db, alias string) *milvusError {
	return &milvusError{codeAliasNotFound, fmt.Sprintf("alias not found[database=%s][alias=%s]", db, alias)}
}

// aliasesOf lists the aliases of collection name in database db, sorted
// (Milvus listAliasesByID; the v2 describe's "aliases").
func (c *clusterRecord) aliasesOf(db, name string) []string {
	out := []string{}
	if d := c.database(db); d != nil {
		for a, target := range d.aliases {
			if target == name {
				out = append(out, a)
			}
		}
	}
	sort.Strings(out)
	return out
}

// refuseDropWithAliases is Milvus rootcoord drop_collection_task.go: a
// collection that still has aliases cannot be dropped. The error is a plain
// fmt.Errorf, which the REST layer reports as code 65535.
func (c *clusterRecord) refuseDropWithAliases(db, name string) *milvusError {
	if _, ok := c.collectionsIn(db)[name]; !ok {
		return nil
	}
	if aliases := c.aliasesOf(db, name); len(aliases) > 0 {
		return &milvusError{codeUnexpected, fmt.Sprintf("unable to drop the collection [%s] because it has associated aliases %v, please remove all aliases before dropping the collection", name, aliases)}
	}
	return nil
}

// aliasReq is Milvus's AliasReq / AliasCollectionReq: aliasName is
// `binding:"required"`, collectionName too for create and alter.
type aliasReq struct {
	DBName         string `json:"dbName"`
	CollectionName string `json:"collectionName"`
	AliasName      string `json:"aliasName"`
}

// decodeAliasReq decodes an alias body and resolves its database like
// wrapperPost; withCollection marks AliasCollectionReq.
func decodeAliasReq(w *reply, r *http.Request, body []byte, withCollection bool) (aliasReq, bool) {
	var req aliasReq
	if !decodeMilvusJSON(w, body, &req) {
		return req, false
	}
	reqType := "AliasReq"
	if withCollection {
		reqType = "AliasCollectionReq"
		if req.CollectionName == "" {
			missingRequired(w, reqType, "CollectionName")
			return req, false
		}
	}
	if req.AliasName == "" {
		missingRequired(w, reqType, "AliasName")
		return req, false
	}
	return req, v2Database(w, r, req.DBName)
}

// v2CreateAlias: {dbName?, collectionName, aliasName}. Refused: an alias
// named like a collection (1601), an alias of a missing collection (100),
// an alias that already names another collection (1602). The same alias of
// the same collection again succeeds (errIgnoredAlterAlias).
func (s *Server) v2CreateAlias(w *reply, r *http.Request, body []byte, id string) {
	s.setAlias(w, r, body, id, func(d *databaseRecord, req aliasReq) *milvusError {
		if _, found := d.collections[req.CollectionName]; !found {
			return &milvusError{codeCollectionNotFound, fmt.Sprintf("collection not found[database=%s][collection=%s]", d.name, req.CollectionName)}
		}
		if target, exists := d.aliases[req.AliasName]; exists && target != req.CollectionName {
			return &milvusError{codeAliasAlreadyExists, fmt.Sprintf("alias already exist[database=%s][alias=%s]: %s is alias to another collection: %s", d.name, req.AliasName, req.AliasName, target)}
		}
		d.aliases[req.AliasName] = req.CollectionName
		return nil
	})
}

// v2AlterAlias: {dbName?, collectionName, aliasName} points an existing
// alias at another collection in one step: no read ever finds the alias
// missing. Refused: alias named like a collection (1601), missing
// collection (100), missing alias (1600).
func (s *Server) v2AlterAlias(w *reply, r *http.Request, body []byte, id string) {
	s.setAlias(w, r, body, id, func(d *databaseRecord, req aliasReq) *milvusError {
		if _, found := d.collections[req.CollectionName]; !found {
			return collectionNotFound(req.CollectionName)
		}
		if _, exists := d.aliases[req.AliasName]; !exists {
			return aliasNotFound(d.name, req.AliasName)
		}
		d.aliases[req.AliasName] = req.CollectionName
		return nil
	})
}

// setAlias is what create and alter share: the body, the alias name rule, the
// database, and rootcoord's first check (an alias may not be named like a
// collection, 1601); change does the rest under the cluster's lock.
func (s *Server) setAlias(w *reply, r *http.Request, body []byte, id string, change func(*databaseRecord, aliasReq) *milvusError) {
	req, ok := decodeAliasReq(w, r, body, true)
	if !ok {
		return
	}
	if e := aliasNameError(req.AliasName); e != nil {
		failWith(w, e)
		return
	}
	db := w.db
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		d := c.database(db)
		switch {
		case d == nil:
			err = databaseNotFound(db)
		case d.collections[req.AliasName] != nil:
			err = &milvusError{codeAliasCollectionClash, fmt.Sprintf("alias and collection name conflict[database=%s][alias=%s]", db, req.AliasName)}
		default:
			if err = change(d, req); err == nil {
				s.aliasChanged(c.id, d.name, req.AliasName, d.aliases[req.AliasName])
			}
		}
	})
	if err != nil {
		failWith(w, err)
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// v2DropAlias: {dbName?, aliasName}; a missing alias is 1600
// (CheckIfAliasDroppable).
func (s *Server) v2DropAlias(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodeAliasReq(w, r, body, false)
	if !ok {
		return
	}
	db := w.db
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		d := c.database(db)
		if d == nil {
			err = databaseNotFound(db)
			return
		}
		if _, exists := d.aliases[req.AliasName]; !exists {
			err = aliasNotFound(db, req.AliasName)
			return
		}
		delete(d.aliases, req.AliasName)
		s.aliasChanged(c.id, d.name, req.AliasName, "")
	})
	if err != nil {
		failWith(w, err)
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// aliasDescribe is Milvus describeAlias's data.
type aliasDescribe struct {
	DBName         string `json:"dbName"`
	CollectionName string `json:"collectionName"`
	AliasName      string `json:"aliasName"`
}

// v2DescribeAlias: {dbName?, aliasName} → {dbName, collectionName,
// aliasName}; missing → 1600.
func (s *Server) v2DescribeAlias(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodeAliasReq(w, r, body, false)
	if !ok {
		return
	}
	db := w.db
	var out *aliasDescribe
	err := aliasNotFound(db, req.AliasName)
	s.withCluster(id, func(c *clusterRecord) {
		d := c.database(db)
		if d == nil {
			err = databaseNotFound(db)
			return
		}
		if target, exists := d.aliases[req.AliasName]; exists {
			out = &aliasDescribe{DBName: db, CollectionName: target, AliasName: req.AliasName}
		}
	})
	if out == nil {
		failWith(w, err)
		return
	}
	w.ok(codeV2OK, out)
}

// v2ListAliases: {dbName?, collectionName?} → the aliases of that
// collection (a missing one is 100), or of the whole database.
func (s *Server) v2ListAliases(w *reply, r *http.Request, body []byte, id string) {
	var req aliasReq
	if !decodeMilvusJSON(w, body, &req) || !v2Database(w, r, req.DBName) {
		return
	}
	db := w.db
	var (
		names []string
		err   *milvusError
	)
	s.withCluster(id, func(c *clusterRecord) {
		d := c.database(db)
		switch {
		case d == nil:
			err = databaseNotFound(db)
		case req.CollectionName == "":
			names = make([]string, 0, len(d.aliases))
			for a := range d.aliases {
				names = append(names, a)
			}
			sort.Strings(names)
		default:
			if _, found := d.collections[req.CollectionName]; !found {
				err = collectionNotFound(req.CollectionName)
				return
			}
			names = c.aliasesOf(db, req.CollectionName)
		}
	})
	if err != nil {
		failWith(w, err)
		return
	}
	w.ok(codeV2OK, names)
}

// v2DatabaseAliasRoutes are the database and alias routes; serveVectorDBV2
// consults them after v2Routes.
var v2DatabaseAliasRoutes = map[string]v2Handler{
	"/v2/vectordb/databases/create":          (*Server).v2CreateDatabase,
	"/v2/vectordb/databases/drop":            (*Server).v2DropDatabase,
	"/v2/vectordb/databases/list":            (*Server).v2ListDatabases,
	"/v2/vectordb/databases/describe":        (*Server).v2DescribeDatabase,
	"/v2/vectordb/databases/alter":           (*Server).v2AlterDatabase,
	"/v2/vectordb/databases/drop_properties": (*Server).v2DropDatabaseProperties,
	"/v2/vectordb/aliases/create":            (*Server).v2CreateAlias,
	"/v2/vectordb/aliases/alter":             (*Server).v2AlterAlias,
	"/v2/vectordb/aliases/drop":              (*Server).v2DropAlias,
	"/v2/vectordb/aliases/describe":          (*Server).v2DescribeAlias,
	"/v2/vectordb/aliases/list":              (*Server).v2ListAliases,
}

// Aliases returns a database's aliases as alias → collection (nil when the
// cluster or database is unknown).
func (s *Server) Aliases(clusterID, db string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(s.now())
	c, ok := s.clusters[clusterID]
	if !ok || c.database(db) == nil {
		return nil
	}
	out := map[string]string{}
	for a, target := range c.database(db).aliases {
		out[a] = target
	}
	return out
}

// SetAliasNow points alias at collection out of band, creating the alias if
// needed, or drops it when collection is "". The collection must exist.
func (s *Server) SetAliasNow(clusterID, db, alias, collection string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(s.now())
	c, ok := s.clusters[clusterID]
	if !ok {
		return fmt.Errorf("zillizmock: unknown cluster %q", clusterID)
	}
	d := c.database(db)
	if d == nil {
		return fmt.Errorf("zillizmock: cluster %q has no database %q", clusterID, db)
	}
	if collection == "" {
		if _, ok := d.aliases[alias]; !ok {
			return fmt.Errorf("zillizmock: database %q has no alias %q", db, alias)
		}
		delete(d.aliases, alias)
		s.aliasChanged(clusterID, d.name, alias, "")
		return nil
	}
	if _, ok := d.collections[collection]; !ok {
		return fmt.Errorf("zillizmock: database %q has no collection %q", db, collection)
	}
	d.aliases[alias] = collection
	s.aliasChanged(clusterID, d.name, alias, collection)
	return nil
}
