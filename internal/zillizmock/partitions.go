package zillizmock

import (
	"fmt"
	"net/http"
	"sort"
	"time"
)

// Partitions (Milvus handler_v2.go RegisterRoutesToV2, PartitionCategory):
// POST /v2/vectordb/partitions/{create,drop,list,has,load,release,get_stats}.
// Request shapes: request_v2.go PartitionReq {dbName?, collectionName,
// partitionName} and PartitionsReq {dbName?, collectionName,
// partitionNames}, the names `binding:"required"`. Rules: the proxy's
// createPartitionTask / dropPartitionTask (internal/proxy/task.go) and
// rootcoord create_partition_task.go / drop_partition_task.go.

// defaultPartition is the partition every collection has
// (common.DefaultPartitionName).
const defaultPartition = "_default"

// partitionRecord is a partition created through the API.
type partitionRecord struct {
	name string
	id   int64
	// releasedAt is when the partition was released on its own; it is
	// loaded again once the collection is loaded after that (loadStart).
	releasedAt time.Time
	createdAt  time.Time
}

// partitionsOf is the created partitions of col (by name), made on first use.
func (c *clusterRecord) partitionsOf(col *collection) map[string]*partitionRecord {
	a := c.clusterAccess()
	if a.partitions[col] == nil {
		a.partitions[col] = map[string]*partitionRecord{}
	}
	return a.partitions[col]
}

// partitionNames lists a collection's partitions, sorted: "_default" and the
// created ones; (inferred) a partition-key collection's are "_default_0" …
// "_default_<partitionsNum-1>", as Milvus names the partitions it makes.
func (c *clusterRecord) partitionNames(col *collection) []string {
	if col.hasPartitionKey() {
		names := make([]string, 0, col.partitionsNum)
		for i := int64(0); i < col.partitionsNum; i++ {
			names = append(names, fmt.Sprintf("%s_%d", defaultPartition, i))
		}
		sort.Strings(names)
		return names
	}
	names := []string{defaultPartition}
	for n := range c.partitionsOf(col) {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// loaded tells whether the partition is loaded: a partition of a loaded (or
// loading) collection is loaded unless it was released on its own since.
func (p *partitionRecord) loaded(col *collection) bool {
	return col.loadState == loadStateLoaded && p.releasedAt.Before(col.loadStart)
}

// partitionReq is Milvus's PartitionReq and PartitionsReq.
type partitionReq struct {
	DBName         string   `json:"dbName"`
	CollectionName string   `json:"collectionName"`
	PartitionName  string   `json:"partitionName"`
	PartitionNames []string `json:"partitionNames"`
}

// decodePartitionReq decodes a body; many says PartitionsReq.
func decodePartitionReq(w *reply, r *http.Request, body []byte, many bool) (partitionReq, bool) {
	var req partitionReq
	if !decodeMilvusJSON(w, body, &req) {
		return req, false
	}
	reqType := "PartitionReq"
	if many {
		reqType = "PartitionsReq"
	}
	switch {
	case req.CollectionName == "":
		missingRequired(w, reqType, "CollectionName")
		return req, false
	case many && len(req.PartitionNames) == 0:
		missingRequired(w, reqType, "PartitionNames")
		return req, false
	case !many && req.PartitionName == "":
		missingRequired(w, reqType, "PartitionName")
		return req, false
	}
	return req, v2Database(w, r, req.DBName)
}

// withPartitions runs f on the request's collection under the lock; a
// missing collection is 100.
func (s *Server) withPartitions(w *reply, id, db, name string, f func(c *clusterRecord, col *collection) *milvusError) bool {
	var err *milvusError
	s.withCluster(id, func(c *clusterRecord) {
		col, ok := c.collectionsIn(db)[name]
		if !ok {
			err = collectionNotFound(name)
			return
		}
		err = f(c, col)
	})
	if err != nil {
		failWith(w, err)
		return false
	}
	return true
}

// v2CreatePartition: the proxy refuses a partition-key collection ("disable
// create partition if partition key mode is used") and a bad name (Milvus's
// name rule, 1100); rootcoord answers success for a partition that exists
// ("add duplicate partition") and refuses one past the limit ("partition
// number (N) exceeds max configuration (M), collection: X"; the limit is
// rootCoord.maxPartitionNum, 1024 here).
func (s *Server) v2CreatePartition(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodePartitionReq(w, r, body, false)
	if !ok {
		return
	}
	if !s.withPartitions(w, id, w.db, req.CollectionName, func(c *clusterRecord, col *collection) *milvusError {
		if col.hasPartitionKey() {
			return &milvusError{codeUnexpected, "disable create partition if partition key mode is used"}
		}
		if e := nameError("partition", req.PartitionName); e != nil {
			return e
		}
		parts := c.partitionsOf(col)
		if _, dup := parts[req.PartitionName]; dup || req.PartitionName == defaultPartition {
			return nil
		}
		if n := len(parts) + 1; n >= maxPartitions {
			return &milvusError{codeUnexpected, fmt.Sprintf("partition number (%d) exceeds max configuration (%d), collection: %s", n, maxPartitions, col.name)}
		}
		parts[req.PartitionName] = &partitionRecord{name: req.PartitionName, id: s.newCollectionID(), createdAt: s.now()}
		return nil
	}) {
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// v2DropPartition: refused for "_default" (rootcoord: "default partition
// cannot be deleted"), a partition-key collection ("disable drop partition
// if partition key mode is used") and a loaded partition ("partition cannot
// be dropped, partition is loaded, please release it first"); a partition
// that does not exist is dropped already (the proxy's PreExecute returns
// nil on ErrPartitionNotFound). All are plain errors: code 65535.
func (s *Server) v2DropPartition(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodePartitionReq(w, r, body, false)
	if !ok {
		return
	}
	if !s.withPartitions(w, id, w.db, req.CollectionName, func(c *clusterRecord, col *collection) *milvusError {
		if col.hasPartitionKey() {
			return &milvusError{codeUnexpected, "disable drop partition if partition key mode is used"}
		}
		if req.PartitionName == defaultPartition {
			return &milvusError{codeUnexpected, "default partition cannot be deleted"}
		}
		p := c.partitionsOf(col)[req.PartitionName]
		switch {
		case p == nil:
			return nil
		case p.loaded(col):
			return &milvusError{codeUnexpected, "partition cannot be dropped, partition is loaded, please release it first"}
		}
		delete(c.partitionsOf(col), req.PartitionName)
		return nil
	}) {
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// v2HasPartition: → {"code":0,"data":{"has":bool}} (wrapperReturnHas).
func (s *Server) v2HasPartition(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodePartitionReq(w, r, body, false)
	if !ok {
		return
	}
	has := false
	if !s.withPartitions(w, id, w.db, req.CollectionName, func(c *clusterRecord, col *collection) *milvusError {
		for _, n := range c.partitionNames(col) {
			has = has || n == req.PartitionName
		}
		return nil
	}) {
		return
	}
	w.ok(codeV2OK, map[string]bool{"has": has})
}

// v2ListPartitions: {collectionName} (CollectionNameReq) → {"code":0,"data":[names]}.
func (s *Server) v2ListPartitions(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodeNameReq(w, r, body)
	if !ok {
		return
	}
	var names []string
	if !s.withPartitions(w, id, w.db, req.CollectionName, func(c *clusterRecord, col *collection) *milvusError {
		names = c.partitionNames(col)
		return nil
	}) {
		return
	}
	w.ok(codeV2OK, names)
}

// v2ReleasePartitions releases partitions on their own. (inferred)
// Releasing one that is not loaded, or does not exist, succeeds.
func (s *Server) v2ReleasePartitions(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodePartitionReq(w, r, body, true)
	if !ok {
		return
	}
	if !s.withPartitions(w, id, w.db, req.CollectionName, func(c *clusterRecord, col *collection) *milvusError {
		for _, n := range req.PartitionNames {
			if p := c.partitionsOf(col)[n]; p != nil {
				p.releasedAt = s.now()
			}
		}
		return nil
	}) {
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// v2LoadPartitions loads partitions; (inferred) a collection that is not
// loaded starts loading (it needs its vector indexes, as a collection load).
func (s *Server) v2LoadPartitions(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodePartitionReq(w, r, body, true)
	if !ok {
		return
	}
	if !s.withPartitions(w, id, w.db, req.CollectionName, func(c *clusterRecord, col *collection) *milvusError {
		for _, n := range req.PartitionNames {
			if n != defaultPartition && c.partitionsOf(col)[n] == nil {
				return &milvusError{codePartitionNotFound, fmt.Sprintf("partition not found[partition=%s]", n)}
			}
		}
		if col.loadState != loadStateLoaded {
			if err := col.load(s.now(), s.opts.LoadDuration); err != nil {
				return err
			}
		}
		for _, n := range req.PartitionNames {
			if p := c.partitionsOf(col)[n]; p != nil {
				p.releasedAt = time.Time{}
			}
		}
		return nil
	}) {
		return
	}
	w.ok(codeV2OK, struct{}{})
}

// codePartitionNotFound is merr ErrPartitionNotFound.
const codePartitionNotFound = 200

// v2PartitionStats: → {"code":0,"data":{"rowCount":n}} (wrapperReturnRowCount).
// Entities live in "_default" here (InsertRows fills the collection).
func (s *Server) v2PartitionStats(w *reply, r *http.Request, body []byte, id string) {
	req, ok := decodePartitionReq(w, r, body, false)
	if !ok {
		return
	}
	var rows int64
	if !s.withPartitions(w, id, w.db, req.CollectionName, func(c *clusterRecord, col *collection) *milvusError {
		switch {
		case req.PartitionName == defaultPartition:
			rows = col.rowCount
		case c.partitionsOf(col)[req.PartitionName] == nil:
			return &milvusError{codePartitionNotFound, fmt.Sprintf("partition not found[partition=%s]", req.PartitionName)}
		}
		return nil
	}) {
		return
	}
	w.ok(codeV2OK, map[string]int64{"rowCount": rows})
}

// Partitions returns the sorted partition names of a collection (nil when
// the cluster, database or collection is unknown).
func (s *Server) Partitions(clusterID, db, collection string) []string {
	var out []string
	s.peekCluster(clusterID, func(c *clusterRecord) {
		if col, ok := c.collectionsIn(db)[collection]; ok {
			out = c.partitionNames(col)
		}
	})
	return out
}

// PartitionLoaded reports whether a created partition is loaded.
func (s *Server) PartitionLoaded(clusterID, db, collection, partition string) bool {
	loaded := false
	s.peekCluster(clusterID, func(c *clusterRecord) {
		if col, ok := c.collectionsIn(db)[collection]; ok {
			if p := c.partitionsOf(col)[partition]; p != nil {
				loaded = p.loaded(col)
			}
		}
	})
	return loaded
}

// DropPartitionNow drops a created partition out of band, loaded or not.
func (s *Server) DropPartitionNow(clusterID, db, collection, partition string) error {
	return s.inCluster(clusterID, func(c *clusterRecord) error {
		col, ok := c.collectionsIn(db)[collection]
		if !ok || c.partitionsOf(col)[partition] == nil {
			return fmt.Errorf("zillizmock: no partition %q in %s.%s of cluster %q", partition, db, collection, clusterID)
		}
		delete(c.partitionsOf(col), partition)
		return nil
	})
}
