package provider

import (
	"context"
	"maps"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// A cluster's labels argument manages only the keys it names (managedLabels
// keeps only those in state). The labels API replaces the whole map on PUT
// (PUT /v2/clusters/{id}/labels {labels}, zilliz-api.md A.1; replace
// semantics inferred from PUT and from the official client, which sends the
// full map), so a change reads the labels the cluster has and sends them back
// with the configured keys set and the keys taken out of the configuration
// removed: a label added outside Terraform, or by Zilliz Cloud itself, stays.

// setManagedLabels is the labels step of clusterResource.Update.
func setManagedLabels(ctx context.Context, c *zilliz.Client, id string, plan, state clusterResourceModel) error {
	want, prior := stringMap(plan.Labels), stringMap(state.Labels)
	current, err := c.GetClusterLabels(ctx, id)
	if err != nil {
		return err
	}
	return c.SetClusterLabels(ctx, id, mergeManagedLabels(current, prior, want))
}

// mergeManagedLabels is the label map to send: current with the keys that were
// managed (prior) and are no longer configured removed, and want set.
func mergeManagedLabels(current, prior, want map[string]string) map[string]string {
	out := maps.Clone(current)
	if out == nil {
		out = map[string]string{}
	}
	for k := range prior {
		if _, still := want[k]; !still {
			delete(out, k)
		}
	}
	maps.Copy(out, want)
	return out
}
