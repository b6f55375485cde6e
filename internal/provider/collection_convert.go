package provider

import (
	"context"
	"sort"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// The collection's conversions between the API and the model, each way:
// collectionFromAPI (v1 describe, the quick-setup form), collectionFromAPIV2
// (v2 describe, with `field` and `index` blocks) and the helpers they share,
// and createV2RequestFromPlan (the v2 create request). Read, and Create and
// Update once they have described the collection, record what the two fromAPI
// functions make of the answer. Before that, Create records the plan (unknowns
// null) as soon as the server has made the collection, and an Update that
// fails part way records the prior state with the steps known to be done (the
// new name and id, set directly) when the failure comes before or instead of
// that describe (recordAfterFailure describes when it can).

// collectionFromAPI writes a describe answer into the model: the arguments (so
// that drift and import work) and the computed attributes.
func collectionFromAPI(c *zilliz.Collection, m *collectionResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	m.Name = types.StringValue(c.Name)
	m.Description = types.StringValue(c.Description)
	m.LoadState = types.StringValue(c.Load)
	m.ShardsNum = types.Int64Value(int64(c.ShardsNum))
	m.EnableDynamicField = types.BoolValue(c.EnableDynamicField)
	m.Load = types.BoolValue(c.Load == zilliz.LoadStateLoaded || c.Load == zilliz.LoadStateLoading)
	m.ConsistencyLevel = types.StringNull() // v1 describe does not report it
	m.TTLSeconds = types.Int64Null()
	m.Properties = types.MapNull(types.StringType)
	m.FieldBlocks, m.IndexBlocks = []fieldBlockModel{}, []indexBlockModel{}

	fields := make([]attr.Value, 0, len(c.Fields))
	for _, f := range c.Fields {
		if f.PrimaryKey {
			m.PrimaryField = types.StringValue(f.Name)
		}
		if sm := vectorTypeRegexp.FindStringSubmatch(f.Type); sm != nil {
			m.VectorField = types.StringValue(f.Name)
			if dim, err := strconv.Atoi(sm[1]); err == nil {
				m.Dimension = types.Int64Value(int64(dim))
			}
		}
		obj, d := types.ObjectValue(collectionFieldType.AttrTypes, map[string]attr.Value{
			"name": types.StringValue(f.Name), "type": types.StringValue(f.Type), "description": types.StringValue(f.Description),
			"primary_key": types.BoolValue(f.PrimaryKey), "auto_id": types.BoolValue(f.AutoID), "partition_key": types.BoolValue(f.PartitionKey),
		})
		diags.Append(d...)
		fields = append(fields, obj)
	}
	names := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		names[i] = f.Name
	}
	server := sortedIndexes(c.Indexes, names) // the server's order is random
	indexes := make([]attr.Value, 0, len(server))
	for _, ix := range server {
		if ix.FieldName == m.VectorField.ValueString() && ix.MetricType != "" {
			m.MetricType = types.StringValue(ix.MetricType)
		}
		obj, d := types.ObjectValue(collectionIndexType.AttrTypes, map[string]attr.Value{
			"field_name": types.StringValue(ix.FieldName), "index_name": types.StringValue(ix.IndexName), "metric_type": types.StringValue(ix.MetricType),
		})
		diags.Append(d...)
		indexes = append(indexes, obj)
	}
	var d diag.Diagnostics
	m.Fields, d = types.ListValue(collectionFieldType, fields)
	diags.Append(d...)
	m.Indexes, d = types.ListValue(collectionIndexType, indexes)
	diags.Append(d...)
	return diags
}

// collectionFromAPIV2 writes a v2 describe answer into the model. The server
// returns indexes in no fixed order, so blocks are matched to the prior
// model's by key (fields by name, indexes by field) and keep its order; new
// ones follow. What the server does not report is kept from the prior model:
// field descriptions (the v2 create stores none), a collection description
// an older server dropped. An index's type and its params each come from the
// prior model when it knows them (the configuration, or state), else from
// indexInfo (index name → what /v2/vectordb/indexes/describe said: create,
// import); params never hold the keys with arguments of their own.
func collectionFromAPIV2(c *zilliz.CollectionV2, m *collectionResourceModel, indexInfo map[string]*zilliz.IndexDescription) diag.Diagnostics {
	var diags diag.Diagnostics
	prior := map[string]fieldBlockModel{}
	fieldOrder := map[string]int{}
	for i, f := range m.FieldBlocks {
		prior[f.Name.ValueString()] = f
		fieldOrder[f.Name.ValueString()] = i
	}
	priorIx := map[string]indexBlockModel{}
	indexOrder := map[string]int{}
	for i, ix := range m.IndexBlocks {
		priorIx[ix.FieldName.ValueString()] = ix
		indexOrder[ix.FieldName.ValueString()] = i
	}

	m.Name = types.StringValue(c.Name)
	m.Description = keptIfDropped(c.Description, m.Description)
	m.LoadState = types.StringValue(c.Load)
	m.Load = types.BoolValue(c.Load == zilliz.LoadStateLoaded || c.Load == zilliz.LoadStateLoading)
	m.ShardsNum = types.Int64Value(int64(c.ShardsNum))
	m.EnableDynamicField = types.BoolValue(c.EnableDynamicField)
	m.ConsistencyLevel = types.StringValue(c.ConsistencyLevel)
	m.TTLSeconds = optionalInt(c.Properties, "collection.ttl.seconds")
	m.Properties = propertiesFromAPI(c.Properties, m.Properties)

	m.FieldBlocks = make([]fieldBlockModel, 0, len(c.Fields))
	fields := make([]attr.Value, 0, len(c.Fields))
	for _, f := range c.Fields {
		description := types.StringNull()
		if p, ok := prior[f.Name]; ok && f.Description == "" && !p.Description.IsUnknown() {
			description = p.Description // the v2 create stores no field description
		} else if f.Description != "" {
			description = types.StringValue(f.Description)
		}
		defaultValue := types.StringNull()
		if p, ok := prior[f.Name]; ok && !p.DefaultValue.IsUnknown() {
			defaultValue = p.DefaultValue // not read back: kept as configured
		}
		element := types.StringNull()
		if f.ElementType != "" {
			element = types.StringValue(f.ElementType)
		}
		m.FieldBlocks = append(m.FieldBlocks, fieldBlockModel{
			Name:            types.StringValue(f.Name),
			DataType:        types.StringValue(f.Type),
			IsPrimary:       types.BoolValue(f.PrimaryKey),
			AutoID:          types.BoolValue(f.AutoID),
			IsPartitionKey:  types.BoolValue(f.PartitionKey),
			Nullable:        types.BoolValue(f.Nullable),
			MaxLength:       optionalInt(f.Params, "max_length"),
			Dim:             optionalInt(f.Params, "dim"),
			ElementDataType: element,
			MaxCapacity:     optionalInt(f.Params, "max_capacity"),
			Description:     description,
			DefaultValue:    defaultValue,
		})
		obj, d := types.ObjectValue(collectionFieldType.AttrTypes, map[string]attr.Value{
			"name": types.StringValue(f.Name), "type": types.StringValue(f.Type), "description": types.StringValue(f.Description),
			"primary_key": types.BoolValue(f.PrimaryKey), "auto_id": types.BoolValue(f.AutoID), "partition_key": types.BoolValue(f.PartitionKey),
		})
		diags.Append(d...)
		fields = append(fields, obj)
		if f.PrimaryKey {
			m.PrimaryField = types.StringValue(f.Name)
		}
	}
	sortByPrior(m.FieldBlocks, fieldOrder, func(f fieldBlockModel) string { return f.Name.ValueString() })

	names := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		names[i] = f.Name
	}
	server := sortedIndexes(c.Indexes, names)
	m.IndexBlocks = make([]indexBlockModel, 0, len(server))
	indexes := make([]attr.Value, 0, len(server))
	for _, ix := range server {
		block := indexBlockModel{
			FieldName:  types.StringValue(ix.FieldName),
			IndexName:  types.StringValue(ix.IndexName),
			MetricType: types.StringValue(ix.MetricType),
			IndexType:  types.StringNull(),
			Params:     types.MapNull(types.StringType),
		}
		// What the prior model knows stands (the configuration, or state);
		// what it does not know is taken from the server, when it tells.
		p, hasPrior := priorIx[ix.FieldName]
		info := indexInfo[ix.IndexName]
		switch {
		case hasPrior && known(p.IndexType):
			block.IndexType = p.IndexType
		case info != nil && info.IndexType != "":
			block.IndexType = types.StringValue(info.IndexType)
		}
		switch {
		case hasPrior && known(p.Params):
			block.Params = p.Params
		case info != nil:
			var d diag.Diagnostics
			block.Params, d = indexParamsFromAPI(info.Params)
			diags.Append(d...)
		}
		m.IndexBlocks = append(m.IndexBlocks, block)
		obj, d := types.ObjectValue(collectionIndexType.AttrTypes, map[string]attr.Value{
			"field_name": types.StringValue(ix.FieldName), "index_name": types.StringValue(ix.IndexName), "metric_type": types.StringValue(ix.MetricType),
		})
		diags.Append(d...)
		indexes = append(indexes, obj)
	}
	sortByPrior(m.IndexBlocks, indexOrder, func(ix indexBlockModel) string { return ix.FieldName.ValueString() })

	// The quick-setup attributes describe the first vector field and its index.
	m.VectorField, m.Dimension, m.MetricType = types.StringNull(), types.Int64Null(), types.StringNull()
	for _, f := range c.Fields {
		if isVectorType(f.Type) {
			m.VectorField, m.Dimension = types.StringValue(f.Name), optionalInt(f.Params, "dim")
			for _, ix := range c.Indexes {
				if ix.FieldName == f.Name {
					m.MetricType = types.StringValue(ix.MetricType)
				}
			}
			break
		}
	}
	var d diag.Diagnostics
	m.Fields, d = types.ListValue(collectionFieldType, fields)
	diags.Append(d...)
	m.Indexes, d = types.ListValue(collectionIndexType, indexes)
	diags.Append(d...)
	return diags
}

// sortedIndexes orders indexes by their field's place in the schema, then
// by name: the order of the computed `indexes` list and of imported `index`
// blocks, whatever order the server answered in.
func sortedIndexes(indexes []zilliz.CollectionIndex, fields []string) []zilliz.CollectionIndex {
	pos := map[string]int{}
	for i, f := range fields {
		pos[f] = i
	}
	out := append([]zilliz.CollectionIndex(nil), indexes...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if pos[a.FieldName] != pos[b.FieldName] {
			return pos[a.FieldName] < pos[b.FieldName]
		}
		return a.IndexName < b.IndexName
	})
	return out
}

// sortByPrior orders blocks as the prior model had them (order: key →
// position); blocks it did not have keep their relative order, after them.
func sortByPrior[T any](blocks []T, order map[string]int, key func(T) string) {
	pos := func(b T) int {
		if i, ok := order[key(b)]; ok {
			return i
		}
		return len(order)
	}
	sort.SliceStable(blocks, func(i, j int) bool { return pos(blocks[i]) < pos(blocks[j]) })
}

// keptIfDropped is a description as the server returns it, except that an
// empty one keeps the prior value: older servers drop the description of a
// collection made through the v2 create (before Milvus PR #40023).
func keptIfDropped(server string, prior types.String) types.String {
	if server == "" && known(prior) {
		return prior
	}
	return types.StringValue(server)
}

// optionalInt reads a numeric type parameter the server may normalise to a string.
func optionalInt(params map[string]string, key string) types.Int64 {
	if v, ok := params[key]; ok {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return types.Int64Value(n)
		}
	}
	return types.Int64Null()
}

// propertiesFromAPI is the `properties` argument as the server has it: the
// managed keys it reports. Null when it reports none and the prior value was
// null, so that leaving the argument out never shows a difference.
func propertiesFromAPI(server map[string]string, prior types.Map) types.Map {
	out := map[string]attr.Value{}
	for _, k := range collectionPropertyKeys {
		if v, ok := server[k]; ok {
			out[k] = types.StringValue(v)
		}
	}
	if len(out) == 0 && !known(prior) {
		return types.MapNull(types.StringType)
	}
	return types.MapValueMust(types.StringType, out)
}

// createV2RequestFromPlan builds the v2 create request; every field option the
// user wrote is sent.
func createV2RequestFromPlan(ctx context.Context, m collectionResourceModel) (zilliz.CreateCollectionV2Request, diag.Diagnostics) {
	req := zilliz.CreateCollectionV2Request{
		Database:           m.Database.ValueString(),
		CollectionName:     m.Name.ValueString(),
		Description:        m.Description.ValueString(),
		EnableDynamicField: m.EnableDynamicField.ValueBool(),
		ShardsNum:          int(m.ShardsNum.ValueInt64()),
		ConsistencyLevel:   m.ConsistencyLevel.ValueString(),
		TTLSeconds:         int(m.TTLSeconds.ValueInt64()),
	}
	var diags diag.Diagnostics
	for _, f := range m.FieldBlocks {
		fs, err := f.schema()
		if err != nil {
			diags.AddAttributeError(path.Root("field"), "Invalid default_value", err.Error())
		}
		req.Fields = append(req.Fields, fs)
	}
	for _, ix := range m.IndexBlocks {
		params := map[string]string{}
		if !ix.Params.IsNull() && !ix.Params.IsUnknown() {
			diags.Append(ix.Params.ElementsAs(ctx, &params, false)...)
		}
		req.Indexes = append(req.Indexes, zilliz.IndexParam{
			FieldName:  ix.FieldName.ValueString(),
			IndexName:  ix.IndexName.ValueString(),
			IndexType:  ix.IndexType.ValueString(),
			MetricType: ix.MetricType.ValueString(),
			Params:     params,
		})
	}
	return req, diags
}

// indexOwnArguments are index params the server reports that have arguments
// of their own in an `index` block: they never land in `params`, or an
// imported index would differ from its configuration and be rebuilt.
var indexOwnArguments = map[string]string{"index_type": "index_type", "metric_type": "metric_type"}

// indexParamsFromAPI is `params` as the server describes an index: its build
// parameters, without the keys that have their own arguments. Null when there
// are none (or the server does not report them).
func indexParamsFromAPI(server map[string]string) (types.Map, diag.Diagnostics) {
	params := map[string]string{}
	for k, v := range server {
		if _, own := indexOwnArguments[k]; !own {
			params[k] = v
		}
	}
	if len(params) == 0 {
		return types.MapNull(types.StringType), nil
	}
	return types.MapValueFrom(context.Background(), types.StringType, params)
}
