package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// A zillizcloud_partitions (connect_address, db_name, collection_name,
// partition_name; schema version 0) moves to a zilliz_partition. The
// official resource renames a partition in place by its own means; ours
// replaces it, so the move keeps the name as it is. Nothing is called.

type officialPartition struct {
	ID             string `json:"id"`
	ConnectAddress string `json:"connect_address"`
	DBName         string `json:"db_name"`
	CollectionName string `json:"collection_name"`
	PartitionName  string `json:"partition_name"`
}

func movePartitionFromOfficial(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	var src officialPartition
	if !officialSource(req, resp, "zillizcloud_partitions",
		`zilliz_partition.<name> id = "<endpoint>/databases/<database>/collections/<collection>/partitions/<name>"`, &src) {
		return
	}
	m, diags := partitionModelFromOfficial(src)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "moving zillizcloud_partitions to zilliz_partition", map[string]any{"id": m.ID.ValueString()})
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
}

func partitionModelFromOfficial(src officialPartition) (partitionResourceModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	endpoint := partitionEndpoint(src.ConnectAddress)
	db := src.DBName
	if db == "" {
		db = "default"
	}
	id := partitionID(endpoint, db, src.CollectionName, src.PartitionName)
	if _, _, _, _, err := parsePartitionID(id); err != nil || src.CollectionName == "" || src.PartitionName == "" {
		diags.AddError("Cannot move zillizcloud_partitions "+src.PartitionName,
			fmt.Sprintf("connect_address %q, db_name %q, collection_name %q and partition_name %q do not make a partition id "+
				"(<https endpoint>/databases/<database>/collections/<collection>/partitions/<name>). Import the partition instead with its id.",
				src.ConnectAddress, src.DBName, src.CollectionName, src.PartitionName))
		return partitionResourceModel{}, diags
	}
	return partitionResourceModel{
		ID:              types.StringValue(id),
		ClusterEndpoint: types.StringValue(endpoint),
		Database:        types.StringValue(db),
		CollectionName:  types.StringValue(src.CollectionName),
		Name:            types.StringValue(src.PartitionName),
		Token:           types.StringNull(),
		Timeouts:        timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType})},
	}, diags
}
