package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// A zillizcloud_database (connect_address, db_name, properties; schema
// version 0) moves to a zilliz_database with the same properties. A
// property zilliz_database does not manage is an error that names it: a
// move never drops a setting silently. Nothing is called.

type officialDatabase struct {
	ID             string            `json:"id"`
	ConnectAddress string            `json:"connect_address"`
	DBName         string            `json:"db_name"`
	Properties     map[string]string `json:"properties"`
}

func moveDatabaseFromOfficial(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	var src officialDatabase
	if !officialSource(req, resp, "zillizcloud_database", `zilliz_database.<name> id = "<endpoint>/databases/<name>"`, &src) {
		return
	}
	m, diags := databaseModelFromOfficial(ctx, src)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "moving zillizcloud_database to zilliz_database", map[string]any{"id": m.ID.ValueString()})
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
}

func databaseModelFromOfficial(ctx context.Context, src officialDatabase) (databaseResourceModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	endpoint := strings.TrimRight(src.ConnectAddress, "/")
	if _, _, err := parseDatabaseID(databaseID(endpoint, src.DBName)); err != nil || src.DBName == "" {
		diags.AddError("Cannot move zillizcloud_database "+src.DBName,
			fmt.Sprintf("connect_address %q and db_name %q do not make a database id (<https endpoint>/databases/<name>). "+
				"Import the database instead with its id.", src.ConnectAddress, src.DBName))
		return databaseResourceModel{}, diags
	}
	if src.DBName == "default" {
		diags.AddError("Cannot move zillizcloud_database default",
			`Every cluster has the database "default" and it cannot be dropped, so zilliz_database does not manage it. `+
				"Remove the zillizcloud_database with a `removed` block (lifecycle { destroy = false }) instead.")
		return databaseResourceModel{}, diags
	}
	keys := make([]string, 0, len(src.Properties))
	for k := range src.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if msg := databasePropertyError(k, src.Properties[k]); msg != "" {
			diags.AddAttributeError(path.Root("properties").AtMapKey(k), "Cannot move zillizcloud_database property "+k,
				fmt.Sprintf("Database %s has properties[%q] = %q, which zilliz_database cannot take: %s Remove it from the zillizcloud_database "+
					"and apply once with that provider, then move it.", src.DBName, k, src.Properties[k], msg))
		}
	}
	if diags.HasError() {
		return databaseResourceModel{}, diags
	}
	props := types.MapNull(types.StringType)
	if len(src.Properties) > 0 {
		var d diag.Diagnostics
		props, d = types.MapValueFrom(ctx, types.StringType, src.Properties)
		diags.Append(d...)
	}
	return databaseResourceModel{
		ID:              types.StringValue(databaseID(endpoint, src.DBName)),
		ClusterEndpoint: types.StringValue(endpoint),
		Name:            types.StringValue(src.DBName),
		Properties:      props,
		Token:           types.StringNull(),
	}, diags
}
