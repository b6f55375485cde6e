package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A plan says "forces replacement" for an argument marked replaced(), but
// not why. The resources' ModifyPlan call sayWhyReplaced with the reason of
// each such argument, and the plan carries it as a warning.
//
// The framework does not hand ModifyPlan the attributes that force the
// replacement: resp.RequiresReplace starts empty there, and the attribute
// plan modifiers' paths are merged in only afterwards
// (terraform-plugin-framework v1.19.0
// internal/fwserver/server_planresourcechange.go: the resource's
// ModifyPlanResponse is built with `RequiresReplace: path.Paths{}`). So the
// change is found the way stringplanmodifier.RequiresReplace finds it: an
// existing object (state not null), not destroyed (plan not null), whose
// planned value differs from the state's, an unknown value included.

// replacementReason is why the API cannot change one top-level string
// argument in place.
type replacementReason struct {
	attribute string
	why       string
}

// Reasons shared by every object on a cluster endpoint.
var endpointMoveReason = replacementReason{"cluster_endpoint",
	"An object on a cluster belongs to that cluster and cannot be moved: it is created on the new endpoint and removed from the old one."}

// sayWhyReplaced adds, for each reason whose argument changes, a warning
// naming the argument and why the API cannot change it in place. what is
// the object, such as "Cluster role".
func sayWhyReplaced(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, what string, reasons ...replacementReason) {
	for _, r := range replacingChanges(ctx, req, reasons) {
		to := "a value known after apply"
		if !r.planned.IsUnknown() {
			to = fmt.Sprintf("%q", r.planned.ValueString())
		}
		resp.Diagnostics.AddAttributeWarning(path.Root(r.attribute), what+" will be replaced",
			fmt.Sprintf("%s changes from %q to %s, which forces replacement. %s", r.attribute, r.prior.ValueString(), to, r.why))
	}
}

// replacingChange is an argument whose planned change forces replacement.
type replacingChange struct {
	replacementReason
	prior, planned types.String
}

// replacingChanges are the arguments of reasons whose planned value differs
// from the state's (none on create or destroy).
func replacingChanges(ctx context.Context, req resource.ModifyPlanRequest, reasons []replacementReason) []replacingChange {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return nil
	}
	var out []replacingChange
	for _, r := range reasons {
		p := path.Root(r.attribute)
		var planned, prior types.String
		if d := req.Plan.GetAttribute(ctx, p, &planned); d.HasError() {
			continue
		}
		if d := req.State.GetAttribute(ctx, p, &prior); d.HasError() {
			continue
		}
		if !planned.Equal(prior) {
			out = append(out, replacingChange{r, prior, planned})
		}
	}
	return out
}

// The reasons of each resource. Sources: the routes each API has (the
// Zilliz Cloud API reference and Milvus handler_v2.go RegisterRoutesToV2).
var (
	// Roles: create, drop, list, describe, grant_privilege_v2,
	// revoke_privilege_v2; no rename.
	clusterRoleReplacement = []replacementReason{
		{"name", "The cluster has no call that renames a role: the old role's grants are revoked and it is dropped (the cluster unbinds it from its users), " +
			"then a role with the new name is created with the configured grants. A zilliz_cluster_user that lists the role by reference gets the new one " +
			"when it is applied; users bound to the old role otherwise lose that access."},
		endpointMoveReason,
	}
	// Users: create, drop, list, describe, update_password, grant_role,
	// revoke_role; no rename.
	clusterUserReplacement = []replacementReason{
		{"name", "The cluster has no call that renames a user: the old user is dropped and a user with the new name is created with the configured " +
			"password and roles. Clients that log in as the old name stop working."},
		endpointMoveReason,
	}
	// Partitions: create, drop, list, has, load, release, get_stats; no
	// rename, and a partition belongs to one collection.
	partitionReplacement = []replacementReason{
		{"name", "The cluster has no call that renames a partition: the old partition is dropped with its entities and an empty one is created."},
		{"collection_name", "A partition belongs to one collection and cannot be moved: the old partition is dropped with its entities and an empty one is created in the new collection."},
		{"database", "A partition belongs to one collection of one database and cannot be moved: the old partition is dropped with its entities and an empty one is created."},
		endpointMoveReason,
	}
	// Projects (API reference, Project (V2)): create, list, describe,
	// upgrade plan, add regions, delete; no rename.
	projectReplacement = []replacementReason{
		{"name", "The Zilliz Cloud API has no call that renames a project: a project with the new name is created and the old one is deleted, " +
			"which Zilliz Cloud refuses while it holds clusters. Move or delete its clusters first."},
	}
)
