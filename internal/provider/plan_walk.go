package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// planWalk is what one resource's plan learns that its dependants' plans
// need (DESIGN.md, "What a plan walk may share"). Terraform plans a cluster
// before the objects on its endpoint, in one provider process per walk, so
// the cluster's Read and ModifyPlan note here that it is protected and
// whether this plan replaces or destroys it; the plan of a collection,
// database or alias on its endpoint then refuses to be replaced with it.
// Entries are keyed by cluster id and live as long as the provider process:
// they never cross processes and never stand in for the server's answer.
type planWalk struct {
	mu       sync.Mutex
	clusters map[string]*walkCluster
}

// walkCluster is what this walk knows of one cluster.
type walkCluster struct {
	id, name, projectID, endpoint string
	// protected is deletion_protection in the cluster's state.
	protected bool
	// plannedInPlace: the cluster was planned against its prior state and
	// kept (no replacement the provider could see at that point).
	plannedInPlace bool
	// leaving says why this walk's plan replaces or destroys the cluster
	// ("" while it does not).
	leaving string
}

func newPlanWalk() *planWalk { return &planWalk{clusters: map[string]*walkCluster{}} }

// noteCluster records a cluster read or planned from its state.
func (w *planWalk) noteCluster(m clusterResourceModel) {
	if w == nil || !known(m.ID) {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	c := w.entry(m.ID.ValueString())
	c.name, c.projectID = m.Name.ValueString(), m.ProjectID.ValueString()
	if known(m.ConnectAddress) && m.ConnectAddress.ValueString() != "" {
		c.endpoint = m.ConnectAddress.ValueString()
	}
	c.protected = m.DeletionProtection.ValueBool()
}

// plannedInPlace records that the cluster's plan against its state kept it.
func (w *planWalk) plannedInPlace(id string) {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.entry(id).plannedInPlace = true
}

// markLeaving records that this walk's plan replaces or destroys the cluster.
func (w *planWalk) markLeaving(id, why string) {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.entry(id).leaving = why
}

// entry returns the cluster's entry, made on first use. Call with w.mu held.
func (w *planWalk) entry(id string) *walkCluster {
	c, ok := w.clusters[id]
	if !ok {
		c = &walkCluster{id: id}
		w.clusters[id] = c
	}
	return c
}

// cluster returns a copy of what this walk knows of a cluster (the zero
// value when nothing).
func (w *planWalk) cluster(id string) walkCluster {
	if w == nil {
		return walkCluster{}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if c, ok := w.clusters[id]; ok {
		return *c
	}
	return walkCluster{}
}

// taintedProtected finds the protected cluster that a create plan named name
// in project replaces when Terraform replaces a tainted resource: Terraform
// reads a tainted cluster and then plans it as a create, never against its
// state. A protected cluster of that name read in this walk and not planned
// in place is that one (cluster names are unique in a project).
func (w *planWalk) taintedProtected(project, name string) (walkCluster, bool) {
	if w == nil {
		return walkCluster{}, false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, c := range w.clusters {
		if c.protected && !c.plannedInPlace && c.name == name && c.projectID == project {
			return *c, true
		}
	}
	return walkCluster{}, false
}

// leavingProtected finds the protected cluster serving endpoint that this
// walk's plan replaces or destroys.
func (w *planWalk) leavingProtected(endpoint string) (walkCluster, bool) {
	if w == nil || endpoint == "" {
		return walkCluster{}, false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, c := range w.clusters {
		if c.protected && c.leaving != "" && c.endpoint != "" && sameEndpoint(c.endpoint, endpoint) {
			return *c, true
		}
	}
	return walkCluster{}, false
}

// refuseLeavingWithCluster is the part of ModifyPlan that every object on a
// cluster endpoint (collection, database, alias, ...) shares. When the
// object's plan destroys it, or replaces it because its cluster_endpoint
// becomes unknown (its cluster is replaced), and this walk saw that the
// cluster behind its prior endpoint is protected and being replaced or
// destroyed, the plan fails and names the cluster: otherwise the object would
// be dropped before the cluster's own Delete refused. what names the kind of
// object ("Collection"). It reports whether it refused.
func (w *planWalk) refuseLeavingWithCluster(ctx context.Context, req resource.ModifyPlanRequest, what string, diags *diag.Diagnostics) bool {
	if w == nil || req.State.Raw.IsNull() {
		return false
	}
	var prior, name types.String
	diags.Append(req.State.GetAttribute(ctx, path.Root("cluster_endpoint"), &prior)...)
	diags.Append(req.State.GetAttribute(ctx, path.Root("name"), &name)...)
	if !req.Plan.Raw.IsNull() {
		var planned types.String
		diags.Append(req.Plan.GetAttribute(ctx, path.Root("cluster_endpoint"), &planned)...)
		if !planned.IsUnknown() {
			return false
		}
	}
	c, ok := w.leavingProtected(prior.ValueString())
	if !ok {
		return false
	}
	diags.AddError("Cluster "+c.id+" is protected from deletion",
		fmt.Sprintf("%s %s is on cluster %s%s, which has deletion_protection = true, and this plan %s. That would drop %s %s first, "+
			"before the cluster's own protection refused, so nothing was changed. To replace or destroy the cluster on purpose, "+
			"set deletion_protection = false on it and apply that alone first.",
			what, name.ValueString(), c.id, namedSuffix(c.name), c.leaving, strings.ToLower(what), name.ValueString()))
	return true
}
