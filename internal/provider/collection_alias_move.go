package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// A zillizcloud_alias (connect_address, db_name, alias_name,
// collection_name; schema version 0) moves to a zilliz_collection_alias.
// Nothing is called: the refresh right after the move reads the alias.

type officialAlias struct {
	ID             string `json:"id"`
	ConnectAddress string `json:"connect_address"`
	DBName         string `json:"db_name"`
	AliasName      string `json:"alias_name"`
	CollectionName string `json:"collection_name"`
}

func moveAliasFromOfficial(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	var src officialAlias
	if !officialSource(req, resp, "zillizcloud_alias", `zilliz_collection_alias.<name> id = "<endpoint>/databases/<database>/aliases/<name>"`, &src) {
		return
	}
	m, diags := aliasModelFromOfficial(src)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "moving zillizcloud_alias to zilliz_collection_alias", map[string]any{"id": m.ID.ValueString()})
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
}

func aliasModelFromOfficial(src officialAlias) (collectionAliasResourceModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	endpoint := strings.TrimRight(src.ConnectAddress, "/")
	db := src.DBName
	if db == "" {
		db = "default"
	}
	if _, _, _, err := parseAliasID(aliasID(endpoint, db, src.AliasName)); err != nil || src.AliasName == "" || src.CollectionName == "" {
		diags.AddError("Cannot move zillizcloud_alias "+src.AliasName,
			fmt.Sprintf("connect_address %q, db_name %q, alias_name %q and collection_name %q do not make an alias "+
				"(<https endpoint>/databases/<database>/aliases/<name>). Import the alias instead with its id.",
				src.ConnectAddress, src.DBName, src.AliasName, src.CollectionName))
		return collectionAliasResourceModel{}, diags
	}
	return collectionAliasResourceModel{
		ID:              types.StringValue(aliasID(endpoint, db, src.AliasName)),
		ClusterEndpoint: types.StringValue(endpoint),
		Database:        types.StringValue(db),
		Name:            types.StringValue(src.AliasName),
		CollectionName:  types.StringValue(src.CollectionName),
		Token:           types.StringNull(),
	}, diags
}
