package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

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

// callEndpoint runs call as a probe (zilliz.WithProbe): one short attempt
// that is not repeated when the endpoint gives no answer at all, and a few
// retries of an answer such as a 503. When the endpoint still does not
// answer, or answers that it is unavailable, it asks the control plane about
// the endpoint's cluster (endpointClusterOf: only a cluster identified and described
// as not found or DELETED is gone): gone, or asleep (suspended, resuming,
// ...: the last known state is all there is). Otherwise, after no answer from
// an endpoint that has answered nothing lately (in this provider process), it
// makes one more short attempt, and if that gets none either the error says
// that this machine cannot reach the endpoint (unreachableError), within
// seconds instead of a full backoff. An endpoint that answered other requests
// is reachable: after no answer (a slow one) or an unavailable answer, call
// runs again in earnest. asleep names the cluster and its status. private is the
// resource's private state, where rememberEndpointCluster keeps the cluster's
// id (nil when there is none).
func callEndpoint(ctx context.Context, client *zilliz.Client, endpoint string, private privateGetter, call func(ctx context.Context) error) (outcome endpointOutcome, asleep string, err error) {
	err = call(zilliz.WithProbe(ctx))
	if !zilliz.IsTransient(err) {
		return endpointAnswered, "", err
	}
	verdict, cluster := endpointClusterOf(ctx, client, endpoint, private)
	switch verdict {
	case clusterGone:
		return endpointGone, "", err
	case clusterIdle:
		return endpointAsleep, fmt.Sprintf("cluster %s is %s", cluster.ClusterID, cluster.Status), err
	}
	if zilliz.IsNoAnswer(err) && !client.AnsweredRecently(endpoint) {
		if err = call(zilliz.WithProbe(ctx)); zilliz.IsNoAnswer(err) && !client.AnsweredRecently(endpoint) {
			return endpointAnswered, "", &unreachableError{endpoint: endpoint, cluster: cluster, err: err}
		}
		if !zilliz.IsTransient(err) {
			return endpointAnswered, "", err
		}
	}
	// Unavailable, or slow where other requests got answers: the endpoint is
	// reachable, so the call is run again in earnest.
	return endpointAnswered, "", call(ctx)
}

// unreachableError is a cluster endpoint that gave no answer to two short
// attempts while its cluster is not proven gone or asleep.
type unreachableError struct {
	endpoint string
	cluster  *zilliz.Cluster // nil when the control plane could not tell which cluster it is
	err      error
}

func (e *unreachableError) Error() string {
	who := "The control plane does not list a cluster with this connect address that this API key can see, so the endpoint may also be wrong."
	if e.cluster != nil {
		who = fmt.Sprintf("Its cluster %s is %s according to the control plane, so the endpoint itself should answer.", e.cluster.ClusterID, e.cluster.Status)
	}
	return fmt.Sprintf("The cluster endpoint %s did not answer (%v). %s "+
		"This machine most likely has no network reach to it: check that the cluster's IP allow list (Zilliz Cloud console, "+
		"the cluster's Network or Security settings) holds this machine's public address, and whether the cluster is reached "+
		"through a private endpoint (PrivateLink), which resolves and routes only inside its VPC: then run Terraform from there. "+
		"Nothing was changed and the last known state is kept.", e.endpoint, e.err, who)
}

func (e *unreachableError) Unwrap() error { return e.err }

// refreshOnEndpoint is the part of Read that every object on a cluster
// endpoint shares: read runs through callEndpoint and says whether the object
// exists. Objects with a describe call that answers not-found return true
// with its error; users, roles and partitions, whose describe answers cannot
// tell, return what a list or has call found. A gone cluster or a gone object
// leaves state, a cluster that serves nothing keeps the last known state with
// a warning, any other error is reported. It returns true when the object was
// read and its answer is to be written into state. what names the kind of
// object ("Database", "Alias").
func refreshOnEndpoint(ctx context.Context, client *zilliz.Client, endpoint string, req resource.ReadRequest, resp *resource.ReadResponse,
	what, name, id string, read func(ctx context.Context) (found bool, err error)) bool {
	found := false
	outcome, asleep, err := callEndpoint(ctx, client, endpoint, req.Private, func(ctx context.Context) (err error) {
		found, err = read(ctx)
		return err
	})
	switch {
	case outcome == endpointGone:
		tflog.Warn(ctx, "the cluster is gone; removing the object from state", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		return false
	case outcome == endpointAsleep:
		resp.Diagnostics.AddWarning(what+" "+name+" not refreshed", "Its "+asleep+", so the endpoint does not answer; the last known state is kept.")
		return false
	case err == nil && !found, zilliz.IsNotFound(err):
		tflog.Warn(ctx, "the object is gone; removing it from state", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		return false
	case err != nil:
		resp.Diagnostics.AddError("Could not read "+strings.ToLower(what)+" "+name, apiErrorDetail(err))
		return false
	}
	return true
}
