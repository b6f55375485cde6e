package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// A zillizcloud_user (connect_address, username, password; schema version
// 0) moves to a zilliz_cluster_user. Its password moves to `password`
// (sensitive, as it was); the roles the official provider kept in a
// separate zillizcloud_user_role are read by the refresh right after the
// move, so the configuration lists them in `roles` and the
// zillizcloud_user_role leaves state with a `removed` block (see the
// migration guide). Nothing is called on the cluster.

type officialUser struct {
	ID             string `json:"id"`
	ConnectAddress string `json:"connect_address"`
	Username       string `json:"username"`
	Password       string `json:"password"`
}

func moveClusterUserFromOfficial(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	var src officialUser
	if !officialSource(req, resp, "zillizcloud_user", `zilliz_cluster_user.<name> id = "<endpoint>/users/<name>"`, &src) {
		return
	}
	m, diags := clusterUserModelFromOfficial(src)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "moving zillizcloud_user to zilliz_cluster_user", map[string]any{"id": m.ID.ValueString()})
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
}

func clusterUserModelFromOfficial(src officialUser) (clusterUserResourceModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	endpoint := strings.TrimRight(src.ConnectAddress, "/")
	if _, _, err := parseClusterUserID(clusterUserID(endpoint, src.Username)); err != nil || src.Username == "" {
		diags.AddError("Cannot move zillizcloud_user "+src.Username,
			fmt.Sprintf("connect_address %q and username %q do not make a cluster user id (<https endpoint>/users/<name>). "+
				"Import the user instead with its id.", src.ConnectAddress, src.Username))
		return clusterUserResourceModel{}, diags
	}
	password := types.StringNull()
	if src.Password != "" {
		password = types.StringValue(src.Password)
	}
	return clusterUserResourceModel{
		ID:                 types.StringValue(clusterUserID(endpoint, src.Username)),
		ClusterEndpoint:    types.StringValue(endpoint),
		Name:               types.StringValue(src.Username),
		Password:           password,
		PasswordWO:         types.StringNull(),
		PasswordWOVersion:  types.Int64Null(),
		PreviousPasswordWO: types.StringNull(),
		Roles:              stringSet(nil), // the refresh right after the move reads them
		Token:              types.StringNull(),
		Timeouts:           timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType})},
	}, diags
}
