package provider

import (
	"context"
	"fmt"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// endpointOutcome is what a call on a cluster endpoint came to once the
// control plane was asked about an endpoint that did not answer.
type endpointOutcome int

const (
	endpointAnswered endpointOutcome = iota // the call's own result stands
	endpointGone                            // no cluster serves the endpoint any more
	endpointAsleep                          // its cluster exists but is not RUNNING
)

// callEndpoint runs call with few retries. When the endpoint does not answer,
// it asks the control plane about the endpoint's cluster (clusterOf: only a
// cluster identified and described as not found or DELETED is gone): gone,
// asleep (suspended, resuming, ...: the last known state is all there is), or
// anything else, and then call is run again in earnest. asleep names the
// cluster and its status. private is the resource's private state, where
// rememberEndpointCluster keeps the cluster's id (nil when there is none).
func callEndpoint(ctx context.Context, client *zilliz.Client, endpoint string, private privateGetter, call func(ctx context.Context) error) (outcome endpointOutcome, asleep string, err error) {
	err = call(zilliz.WithRetryLimit(ctx, endpointProbeRetries))
	if !zilliz.IsTransient(err) {
		return endpointAnswered, "", err
	}
	verdict, cluster := (&collectionResource{client: client}).clusterOf(ctx, endpoint, private)
	switch verdict {
	case clusterGone:
		return endpointGone, "", err
	case clusterIdle:
		return endpointAsleep, fmt.Sprintf("cluster %s is %s", cluster.ClusterID, cluster.Status), err
	}
	return endpointAnswered, "", call(ctx)
}

// rememberEndpointCluster keeps the id of the cluster that serves endpoint in
// the resource's private state (see rememberClusterID), so that a later read
// can prove the cluster gone after it has left the cluster list.
func rememberEndpointCluster(ctx context.Context, client *zilliz.Client, endpoint string, private privateGetter, out privateSetter) {
	(&collectionResource{client: client}).rememberClusterID(ctx, endpoint, private, out)
}
