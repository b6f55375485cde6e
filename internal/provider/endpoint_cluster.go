package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// Collections, databases, aliases, users, roles and partitions live on a
// cluster endpoint. When that endpoint does not answer, such an object is gone
// only if its cluster is: a cluster the
// control plane identifies (by id) and describes as not found or DELETED.
// Anything less (a transient error, a cluster list that does not show the
// endpoint, perhaps because the key cannot see that cluster) is not proof.

// privateClusterID is the private-state key under which an object on a
// cluster endpoint keeps the id of its cluster once known.
const privateClusterID = "cluster_id"

// clusterIDFromEndpoint reads a cluster id from an endpoint whose host starts
// with it, as Zilliz Cloud's do (https://in01-<hex>.<region>.vectordb...).
func clusterIDFromEndpoint(endpoint string) (string, bool) {
	return zilliz.ClusterIDFromEndpoint(endpoint)
}

// sameEndpoint tells whether two spellings name the same endpoint.
func sameEndpoint(a, b string) bool {
	return zilliz.NormalizeEndpoint(a) == zilliz.NormalizeEndpoint(b)
}

// privateGetter and privateSetter are the private state of requests and responses.
type (
	privateGetter interface {
		GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	}
	privateSetter interface {
		SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
	}
)

// knownClusterID is the id of the endpoint's cluster from the endpoint or
// from private state, if either has it.
func knownClusterID(ctx context.Context, endpoint string, private privateGetter) string {
	if id, ok := clusterIDFromEndpoint(endpoint); ok {
		return id
	}
	if private == nil {
		return ""
	}
	raw, _ := private.GetKey(ctx, privateClusterID)
	var id string
	if len(raw) > 0 && json.Unmarshal(raw, &id) == nil {
		return id
	}
	return ""
}

// rememberEndpointCluster keeps the id of the cluster that serves endpoint in
// the resource's private state, so that a later read can ask for that cluster
// even after it left the cluster list. The client knows it from the endpoint's host, or
// from the clusters it has described or listed; at most one cluster list per
// provider process (best effort: a key that cannot list it leaves it unknown).
func rememberEndpointCluster(ctx context.Context, client *zilliz.Client, endpoint string, private privateGetter, out privateSetter) {
	if knownClusterID(ctx, endpoint, private) != "" || client == nil {
		return
	}
	id, err := client.ClusterForEndpoint(ctx, endpoint)
	if err != nil {
		tflog.Debug(ctx, "could not list clusters to find the endpoint's cluster", map[string]any{"error": err.Error()})
		return
	}
	if id != "" {
		raw, _ := json.Marshal(id)
		out.SetKey(ctx, privateClusterID, raw)
	}
}

// clusterVerdict is what the control plane proves about an endpoint's cluster.
type clusterVerdict int

const (
	clusterUnknown clusterVerdict = iota // not identified, or not described: no proof of anything
	clusterGone                          // identified and described as not found or DELETED
	clusterServing                       // RUNNING (or being modified): the endpoint should answer
	clusterIdle                          // identified, in a status that serves no requests
)

// endpointClusterOf identifies the cluster behind endpoint (by the id in its host,
// the id kept in private state, or a cluster whose connect address is the
// same endpoint however spelled, from the client's map of endpoints) and
// describes it.
func endpointClusterOf(ctx context.Context, client *zilliz.Client, endpoint string, private privateGetter) (clusterVerdict, *zilliz.Cluster) {
	id := knownClusterID(ctx, endpoint, private)
	if id == "" {
		var err error
		if id, err = client.ClusterForEndpoint(ctx, endpoint); err != nil || id == "" {
			// Not listed: dropped, or a key that cannot see it. No proof.
			return clusterUnknown, nil
		}
	}
	c, err := client.DescribeCluster(ctx, id)
	switch {
	case zilliz.IsNotFound(err):
		return clusterGone, &zilliz.Cluster{ClusterID: id, Status: statusDeleted}
	case err != nil:
		return clusterUnknown, nil
	case c.Status == statusDeleted:
		return clusterGone, c
	case c.Status == statusRunning || c.Status == "MODIFYING":
		return clusterServing, c
	}
	return clusterIdle, c
}
