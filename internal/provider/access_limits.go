package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// The cluster limits of docs.zilliz.com/docs/limits, "Users & Roles":
// "Cluster User | 100 | A cluster can have up to 100 users in total" (the
// built-in db_admin included, as users/list answers it) and "Cluster Custom
// Role | 20 | A cluster can have up to 20 custom roles in total".
const (
	maxUsersPerCluster       = 100
	maxCustomRolesPerCluster = 20
)

// planTimeListTimeout bounds the one list call a plan makes for a limit.
const planTimeListTimeout = 30 * time.Second

// listAtPlan makes, at plan time, the one list call a limit needs on the
// cluster of a new role or user: only when the endpoint and token are
// known (an endpoint known at plan time is that of a cluster that exists; a
// cluster created in the same apply has none yet). ok is false when the
// count cannot be known now; a failure is logged, never a plan error (the
// apply explains it).
func listAtPlan(ctx context.Context, client *zilliz.Client, req resource.ModifyPlanRequest, what string,
	list func(*zilliz.DataPlane, context.Context) ([]string, error),
) (names []string, endpoint string, ok bool) {
	if client == nil || !req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return nil, "", false
	}
	var ep, token types.String
	if d := req.Plan.GetAttribute(ctx, path.Root("cluster_endpoint"), &ep); d.HasError() || !known(ep) {
		return nil, "", false
	}
	if d := req.Plan.GetAttribute(ctx, path.Root("token"), &token); d.HasError() || token.IsUnknown() {
		return nil, "", false
	}
	var diags diag.Diagnostics
	dp := endpointDataPlane(client, ep, token, tokenArgument, &diags)
	if dp == nil {
		return nil, "", false
	}
	ctx, cancel := context.WithTimeout(ctx, planTimeListTimeout)
	defer cancel()
	names, err := list(dp, ctx)
	if err != nil {
		tflog.Warn(ctx, "could not list "+what+" to check the cluster's limit at plan time; the apply will tell", map[string]any{"endpoint": dp.Endpoint(), "error": err.Error()})
		return nil, "", false
	}
	return names, dp.Endpoint(), true
}

// refuseRoleOverLimit refuses, at plan time, a new custom role on a cluster
// that has the 20 it may hold.
func refuseRoleOverLimit(ctx context.Context, client *zilliz.Client, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	roles, endpoint, ok := listAtPlan(ctx, client, req, "roles", (*zilliz.DataPlane).ListRoles)
	if !ok || customRoles(roles) < maxCustomRolesPerCluster {
		return
	}
	diags.AddAttributeError(path.Root("name"), "No room for another custom role",
		fmt.Sprintf("The cluster at %s has %d custom roles already, the most Zilliz Cloud allows (docs.zilliz.com/docs/limits: "+
			"\"A cluster can have up to %d custom roles in total\"). Drop a role that is no longer used (the zilliz_cluster_roles data source lists them), "+
			"or ask Zilliz to raise the limit.", endpoint, customRoles(roles), maxCustomRolesPerCluster))
}

// refuseUserOverLimit refuses, at plan time, a new user on a cluster that
// has the 100 it may hold.
func refuseUserOverLimit(ctx context.Context, client *zilliz.Client, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	users, endpoint, ok := listAtPlan(ctx, client, req, "users", (*zilliz.DataPlane).ListUsers)
	if !ok || len(users) < maxUsersPerCluster {
		return
	}
	diags.AddAttributeError(path.Root("name"), "No room for another cluster user",
		fmt.Sprintf("The cluster at %s has %d users already (db_admin included), the most Zilliz Cloud allows (docs.zilliz.com/docs/limits: "+
			"\"A cluster can have up to %d users in total\"). Drop a user that is no longer used (the zilliz_cluster_users data source lists them).",
			endpoint, len(users), maxUsersPerCluster))
}
