package zilliz

import (
	"context"
	"errors"
	"net/http"
)

// Partitions of a collection (POST /v2/vectordb/partitions/*, success code
// 0). Request shapes are Milvus request_v2.go PartitionReq {dbName?,
// collectionName, partitionName} and PartitionsReq {dbName?,
// collectionName, partitionNames}. Every collection has the partition
// "_default", which cannot be dropped; a collection with a partition key
// manages its partitions itself and refuses manual ones.

// DefaultPartition is the partition every collection has.
const DefaultPartition = "_default"

type partitionBody struct {
	DBName         string   `json:"dbName"`
	CollectionName string   `json:"collectionName"`
	PartitionName  string   `json:"partitionName,omitempty"`
	PartitionNames []string `json:"partitionNames,omitempty"`
}

func (d *DataPlane) partitionRequest(action, database, collection, partition string) (request, error) {
	if err := requireID("collection name", collection); err != nil {
		return request{}, err
	}
	if err := requireID("partition name", partition); err != nil {
		return request{}, err
	}
	// Every partition call can be repeated: a create of a partition that
	// exists succeeds (rootcoord create_partition_task.go, "add duplicate
	// partition"), and so does a drop of one that does not (proxy
	// dropPartitionTask and rootcoord drop_partition_task.go, "make dropping
	// partition idempotent").
	r := d.request(http.MethodPost, "/v2/vectordb/partitions/"+action, true)
	r.body = partitionBody{DBName: dbOrDefault(database), CollectionName: collection, PartitionName: partition}
	return r, nil
}

// CreatePartition creates a partition (POST /v2/vectordb/partitions/create).
// The server answers success when the partition exists already, so callers
// that must not take over an existing one check with HasPartition first. It
// refuses a collection with a partition key ("disable create partition if
// partition key mode is used") and a collection at its partition limit.
func (d *DataPlane) CreatePartition(ctx context.Context, database, collection, partition string) error {
	r, err := d.partitionRequest("create", database, collection, partition)
	if err != nil {
		return err
	}
	return d.do(ctx, r, nil)
}

// DropPartition drops a partition and its entities (POST
// /v2/vectordb/partitions/drop). A partition that does not exist is no
// error; "_default" is never sent. The server refuses a partition that is
// loaded ("partition cannot be dropped, partition is loaded, please release
// it first": proxy dropPartitionTask.PreExecute).
func (d *DataPlane) DropPartition(ctx context.Context, database, collection, partition string) error {
	if partition == DefaultPartition {
		return errors.New("the partition _default cannot be dropped")
	}
	r, err := d.partitionRequest("drop", database, collection, partition)
	if err != nil {
		return err
	}
	return d.do(ctx, r, nil)
}

// HasPartition tells whether a partition exists (POST
// /v2/vectordb/partitions/has → {"has": bool}). A missing collection or
// database is an error for which IsNotFound is true.
func (d *DataPlane) HasPartition(ctx context.Context, database, collection, partition string) (bool, error) {
	r, err := d.partitionRequest("has", database, collection, partition)
	if err != nil {
		return false, err
	}
	var out struct {
		Has bool `json:"has"`
	}
	if err := d.do(ctx, r, &out); err != nil {
		return false, err
	}
	return out.Has, nil
}

// ListPartitions returns a collection's partitions, sorted, "_default"
// included (POST /v2/vectordb/partitions/list).
func (d *DataPlane) ListPartitions(ctx context.Context, database, collection string) ([]string, error) {
	if err := requireID("collection name", collection); err != nil {
		return nil, err
	}
	r := d.request(http.MethodPost, "/v2/vectordb/partitions/list", true)
	r.body = partitionBody{DBName: dbOrDefault(database), CollectionName: collection}
	return d.names(ctx, r)
}

// ReleasePartitions releases partitions from memory (POST
// /v2/vectordb/partitions/release), as the server requires before a loaded
// partition is dropped.
func (d *DataPlane) ReleasePartitions(ctx context.Context, database, collection string, partitions ...string) error {
	return d.partitionsCall(ctx, "release", database, collection, partitions)
}

// LoadPartitions loads partitions into memory (POST /v2/vectordb/partitions/load).
func (d *DataPlane) LoadPartitions(ctx context.Context, database, collection string, partitions ...string) error {
	return d.partitionsCall(ctx, "load", database, collection, partitions)
}

func (d *DataPlane) partitionsCall(ctx context.Context, action, database, collection string, partitions []string) error {
	if err := requireID("collection name", collection); err != nil {
		return err
	}
	if len(partitions) == 0 {
		return nil
	}
	r := d.request(http.MethodPost, "/v2/vectordb/partitions/"+action, true)
	r.body = partitionBody{DBName: dbOrDefault(database), CollectionName: collection, PartitionNames: partitions}
	return d.do(ctx, r, nil)
}

// PartitionRowCount is the number of entities in a partition (POST
// /v2/vectordb/partitions/get_stats → {"rowCount": n}).
func (d *DataPlane) PartitionRowCount(ctx context.Context, database, collection, partition string) (int64, error) {
	r, err := d.partitionRequest("get_stats", database, collection, partition)
	if err != nil {
		return 0, err
	}
	var out struct {
		RowCount flexInt `json:"rowCount"`
	}
	if err := d.do(ctx, r, &out); err != nil {
		return 0, err
	}
	return int64(out.RowCount), nil
}
