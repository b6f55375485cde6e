package provider

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A zillizcloud_collection moves to a zilliz_collection with `field` blocks:
// its id is connect_address + db_name + collection_name, its schema.fields are
// our field blocks, its params our consistency_level and ttl_seconds. The
// official provider creates no index with the collection (zillizcloud_index
// does), so what the server reports (indexes, load state, shards) is filled in
// by the refresh Terraform runs right after the move.

// officialCollection is a zillizcloud_collection in state (schema version 0).
type officialCollection struct {
	ID             string `json:"id"`
	ConnectAddress string `json:"connect_address"`
	DBName         string `json:"db_name"`
	CollectionName string `json:"collection_name"`
	Schema         *struct {
		AutoID              *bool `json:"auto_id"`
		EnabledDynamicField *bool `json:"enabled_dynamic_field"`
		Fields              []struct {
			FieldName         string            `json:"field_name"`
			DataType          string            `json:"data_type"`
			ElementDataType   *string           `json:"element_data_type"`
			ElementTypeParams map[string]string `json:"element_type_params"`
			IsPrimary         *bool             `json:"is_primary"`
		} `json:"fields"`
	} `json:"schema"`
	Params *struct {
		ConsistencyLevel *string  `json:"consistency_level"`
		MmapEnabled      *bool    `json:"mmap_enabled"`
		TTLSeconds       *float64 `json:"ttl_seconds"`
	} `json:"params"`
}

// officialElementParams are the element_type_params keys with a counterpart in
// our field blocks.
var officialElementParams = map[string]bool{"dim": true, "max_length": true, "max_capacity": true}

func collectionModelFromOfficial(src officialCollection) (collectionResourceModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	endpoint := strings.TrimRight(src.ConnectAddress, "/")
	if _, _, _, err := parseCollectionID(collectionID(endpoint, src.DBName, src.CollectionName)); err != nil ||
		src.DBName == "" || src.CollectionName == "" {
		diags.AddError("Cannot move zillizcloud_collection "+src.CollectionName,
			fmt.Sprintf("connect_address %q, db_name %q and collection_name %q do not make a collection id (<https endpoint>/databases/<database>/collections/<name>). "+
				"Import the collection instead with its id.", src.ConnectAddress, src.DBName, src.CollectionName))
		return collectionResourceModel{}, diags
	}
	if src.Schema == nil || len(src.Schema.Fields) == 0 {
		diags.AddAttributeError(path.Root("schema"), "Cannot move zillizcloud_collection "+src.CollectionName,
			"The source state has no schema.fields; import the collection instead with its id.")
		return collectionResourceModel{}, diags
	}
	if p := src.Params; p != nil && p.MmapEnabled != nil {
		diags.AddAttributeError(path.Root("params").AtName("mmap_enabled"), "Cannot move zillizcloud_collection.params.mmap_enabled",
			fmt.Sprintf("Collection %s sets params.mmap_enabled = %t, which zilliz_collection does not manage. Remove mmap_enabled from the "+
				"zillizcloud_collection and apply once with that provider (the collection keeps its current setting), then move it.",
				src.CollectionName, *p.MmapEnabled))
	}

	m := collectionResourceModel{
		ID:                 types.StringValue(collectionID(endpoint, src.DBName, src.CollectionName)),
		ClusterEndpoint:    types.StringValue(endpoint),
		Database:           types.StringValue(src.DBName),
		Name:               types.StringValue(src.CollectionName),
		Dimension:          types.Int64Null(),
		MetricType:         types.StringNull(),
		PrimaryField:       types.StringNull(),
		VectorField:        types.StringNull(),
		Description:        types.StringValue(""),
		Token:              types.StringNull(),
		Fields:             types.ListNull(collectionFieldType),
		Indexes:            types.ListNull(collectionIndexType),
		LoadState:          types.StringNull(),
		ShardsNum:          types.Int64Null(),
		EnableDynamicField: types.BoolPointerValue(src.Schema.EnabledDynamicField),
		ConsistencyLevel:   types.StringNull(),
		TTLSeconds:         types.Int64Null(),
		Properties:         types.MapNull(types.StringType),
		DeletionProtection: types.BoolValue(false),
		Load:               types.BoolValue(false), // the refresh right after the move reads the real state
		IndexBlocks:        []indexBlockModel{},
		Timeouts:           timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType})},
	}
	if p := src.Params; p != nil {
		m.ConsistencyLevel = types.StringPointerValue(p.ConsistencyLevel)
		if p.TTLSeconds != nil && *p.TTLSeconds > 0 {
			m.TTLSeconds = types.Int64Value(int64(*p.TTLSeconds))
		}
	}
	autoID := src.Schema.AutoID != nil && *src.Schema.AutoID
	for i, f := range src.Schema.Fields {
		at := path.Root("schema").AtName("fields").AtListIndex(i)
		var extra []string
		for k := range f.ElementTypeParams {
			if !officialElementParams[k] {
				extra = append(extra, k)
			}
		}
		sort.Strings(extra)
		for _, k := range extra {
			diags.AddAttributeError(at.AtName("element_type_params"), "Cannot move element_type_params."+k,
				fmt.Sprintf("Field %q of collection %s has element_type_params %q, which zilliz_collection's field blocks do not have "+
					"(they have dim, max_length and max_capacity). Keep this collection with the zilliztech/zillizcloud provider.", f.FieldName, src.CollectionName, k))
		}
		primary := f.IsPrimary != nil && *f.IsPrimary
		block := fieldBlockModel{
			Name:            types.StringValue(f.FieldName),
			DataType:        types.StringValue(f.DataType),
			IsPrimary:       types.BoolValue(primary),
			AutoID:          types.BoolValue(primary && autoID),
			IsPartitionKey:  types.BoolValue(false),
			Nullable:        types.BoolValue(false),
			MaxLength:       officialIntParam(f.ElementTypeParams, "max_length", at, &diags),
			Dim:             officialIntParam(f.ElementTypeParams, "dim", at, &diags),
			ElementDataType: types.StringNull(),
			MaxCapacity:     officialIntParam(f.ElementTypeParams, "max_capacity", at, &diags),
			Description:     types.StringNull(),
			DefaultValue:    types.StringNull(),
		}
		if f.ElementDataType != nil && *f.ElementDataType != "" {
			block.ElementDataType = types.StringValue(*f.ElementDataType)
		}
		m.FieldBlocks = append(m.FieldBlocks, block)
	}
	return m, diags
}

// officialIntParam reads a numeric element_type_params entry (stored as a string).
func officialIntParam(params map[string]string, key string, at path.Path, diags *diag.Diagnostics) types.Int64 {
	v, ok := params[key]
	if !ok {
		return types.Int64Null()
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		diags.AddAttributeError(at.AtName("element_type_params"), "Cannot move element_type_params."+key,
			fmt.Sprintf("%s is %q, not a whole number; write the field in zilliz_collection by hand and import the collection instead.", key, v))
		return types.Int64Null()
	}
	return types.Int64Value(n)
}
