package main

import (
	"context"
	"fmt"
	"time"

	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// The reindex scenario (issue 12): one schema collection holding entities,
// loaded, whose vector index changes from HNSW to IVF_FLAT. The provider
// changes it in place: release, drop the index, create the new one, wait
// until it is built, load, wait until loaded. Reported: the requests by
// endpoint and the wall time of `terraform apply -refresh=false`, against a
// lower bound of the sequential requests × L plus the mock's index build and
// load times.

func reindexHCL() string {
	return hclHeader + `
variable "index_type" {
  type    = string
  default = "HNSW"
}

variable "params" {
  type    = map(string)
  default = { M = "16" }
}

resource "zilliz_cluster" "c" {
  project_id = var.project_id
  region_id  = "gcp-us-west1"
  name       = "bench-reindex"
  plan       = "Serverless"
}

resource "zilliz_collection" "c" {
  cluster_endpoint = zilliz_cluster.c.connect_address
  name             = "reindex"

  field {
    name       = "id"
    data_type  = "Int64"
    is_primary = true
  }
  field {
    name      = "vec"
    data_type = "FloatVector"
    dim       = 768
  }

  index {
    field_name  = "vec"
    index_type  = var.index_type
    metric_type = "COSINE"
    params      = var.params
  }
}
`
}

// reindexBuild is how long the mock builds an index and loads a collection
// in this scenario (Options.LoadDuration serves both).
const reindexBuild = 500 * time.Millisecond

func (b *bench) reindex(ctx context.Context) error {
	cfg := b.cfg
	m, err := b.newMock(cfg.latency, func(o *zillizmock.Options) { o.LoadDuration = reindexBuild })
	if err != nil {
		return err
	}
	defer m.Close()
	dir, err := workdir(b.tmp, "reindex", reindexHCL())
	if err != nil {
		return err
	}
	env := append(mockEnv(m), cfg.env...)
	progress("reindex: create")
	if _, err := b.tf.run(ctx, dir, env, nil, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		return fmt.Errorf("create: %w", err)
	}
	clusters := m.Clusters()
	if len(clusters) != 1 {
		return fmt.Errorf("%d clusters, want 1", len(clusters))
	}
	clusterID := clusters[0].ClusterID
	const rows = 1_000_000
	if err := m.InsertRows(clusterID, "default", "reindex", rows); err != nil {
		return err
	}
	before, err := m.Collection(clusterID, "default", "reindex")
	if err != nil {
		return err
	}
	progress("reindex: change the index")
	n := len(m.Requests())
	r, err := b.tf.run(ctx, dir, env, nil, "apply", "-auto-approve", "-input=false", "-no-color", "-refresh=false",
		"-var", "index_type=IVF_FLAT", "-var", `params={nlist="1024"}`)
	if err != nil {
		return fmt.Errorf("index change: %w", err)
	}
	reqs := since(m, n)
	after, err := m.Collection(clusterID, "default", "reindex")
	if err != nil {
		return err
	}
	kept := after.ID == before.ID && after.Rows == rows && after.LoadState == "LoadStateLoaded"
	polls := 0
	for _, q := range reqs {
		if q.Path == "/v2/vectordb/indexes/describe" || q.Path == "/v2/vectordb/collections/get_load_state" {
			polls++
		}
	}
	// The fewest requests in sequence: get_load_state, release, drop, create,
	// describe (index names), one index describe, load, one load state, then
	// the final describe, index describe and load state of the read.
	const fewest = 11
	bound := time.Duration(fewest)*cfg.latency + 2*reindexBuild
	b.rep.add(row{scenario: "reindex", metric: fmt.Sprintf("index change HNSW → IVF_FLAT on a loaded collection of %d entities: apply -refresh=false", rows),
		measured: secs(r.took), lowerBound: fmt.Sprintf("%d requests × L + build %s + load %s = %s", fewest, reindexBuild, reindexBuild, secs(bound)),
		ratio: fmt.Sprintf("%.2f×", r.took.Seconds()/bound.Seconds()), target: "— (none in the issue)", meets: "—"})
	b.rep.add(row{scenario: "reindex", metric: "requests of that apply, by endpoint", measured: fmt.Sprintf("%d: %s", len(reqs), countByEndpoint(reqs)),
		lowerBound: "—", ratio: "—", target: "no collection drop; same id, entities, loaded at the end", meets: yesNo(kept && !dropped(reqs))})
	b.rep.section("Index change in place", fmt.Sprintf("One schema collection (Int64 key, 768-dimensional FloatVector with an HNSW index), loaded, "+
		"holding %d entities (the mock's row count), on a Serverless cluster; L = %s; the mock builds an index and loads a collection in %s each. "+
		"The apply changes the index to IVF_FLAT with `-refresh=false`, so its requests are the resource's Update alone. "+
		"Before: id %d, %d entities; after: id %d, %d entities, %s. %d of the requests are polls (index build and load state).\n",
		rows, cfg.latency, reindexBuild, before.ID, before.Rows, after.ID, after.Rows, after.LoadState, polls))
	progress("reindex: destroy")
	_, err = b.tf.run(ctx, dir, env, nil, "destroy", "-auto-approve", "-input=false", "-no-color")
	return err
}

// dropped tells whether any request dropped a collection.
func dropped(reqs []zillizmock.Request) bool {
	for _, q := range reqs {
		if q.Path == "/v1/vector/collections/drop" || q.Path == "/v2/vectordb/collections/drop" {
			return true
		}
	}
	return false
}
