package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// A zilliz_collection with `field` blocks is created through the v2 vectordb API
// with a full schema and index parameters, and read back through v2 describe.
// Without them it is the v1 quick-setup form. This file holds the schema mode's
// model and its conversions each way.

// milvusDataTypes are the Milvus data type names, which the API matches case-sensitively.
var milvusDataTypes = []string{
	"Bool", "Int8", "Int16", "Int32", "Int64", "Float", "Double", "VarChar", "Array", "JSON",
	"BinaryVector", "FloatVector", "Float16Vector", "BFloat16Vector", "SparseFloatVector", "Int8Vector",
}

// arrayElementTypes are the types an Array field may hold.
var arrayElementTypes = []string{"Bool", "Int8", "Int16", "Int32", "Int64", "Float", "Double", "VarChar"}

var consistencyLevels = []string{"Strong", "Session", "Bounded", "Eventually", "Customized"}

func isVectorType(t string) bool {
	switch t {
	case "BinaryVector", "FloatVector", "Float16Vector", "BFloat16Vector", "SparseFloatVector", "Int8Vector":
		return true
	}
	return false
}

// needsDim tells whether a vector type carries a dimension (sparse vectors do not).
func needsDim(t string) bool { return isVectorType(t) && t != "SparseFloatVector" }

type fieldBlockModel struct {
	Name            types.String `tfsdk:"name"`
	DataType        types.String `tfsdk:"data_type"`
	IsPrimary       types.Bool   `tfsdk:"is_primary"`
	AutoID          types.Bool   `tfsdk:"auto_id"`
	IsPartitionKey  types.Bool   `tfsdk:"is_partition_key"`
	Nullable        types.Bool   `tfsdk:"nullable"`
	MaxLength       types.Int64  `tfsdk:"max_length"`
	Dim             types.Int64  `tfsdk:"dim"`
	ElementDataType types.String `tfsdk:"element_data_type"`
	MaxCapacity     types.Int64  `tfsdk:"max_capacity"`
	Description     types.String `tfsdk:"description"`
}

type indexBlockModel struct {
	FieldName  types.String `tfsdk:"field_name"`
	IndexName  types.String `tfsdk:"index_name"`
	IndexType  types.String `tfsdk:"index_type"`
	MetricType types.String `tfsdk:"metric_type"`
	Params     types.Map    `tfsdk:"params"`
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
	for _, f := range m.FieldBlocks {
		req.Fields = append(req.Fields, zilliz.FieldSchema{
			FieldName:       f.Name.ValueString(),
			DataType:        f.DataType.ValueString(),
			ElementDataType: f.ElementDataType.ValueString(),
			Description:     f.Description.ValueString(),
			IsPrimary:       f.IsPrimary.ValueBool(),
			AutoID:          f.AutoID.ValueBool(),
			IsPartitionKey:  f.IsPartitionKey.ValueBool(),
			Nullable:        f.Nullable.ValueBool(),
			MaxLength:       int(f.MaxLength.ValueInt64()),
			Dim:             int(f.Dim.ValueInt64()),
			MaxCapacity:     int(f.MaxCapacity.ValueInt64()),
		})
	}
	var diags diag.Diagnostics
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

// optionalInt reads a numeric type parameter the server may normalise to a string.
func optionalInt(params map[string]string, key string) types.Int64 {
	if v, ok := params[key]; ok {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return types.Int64Value(n)
		}
	}
	return types.Int64Null()
}

// collectionFromAPIV2 writes a v2 describe answer into the model. Field and index
// blocks come back in the server's order (the order they were created in); what
// the server does not report (index type and params, an empty field description)
// is kept from the prior model, matched by name.
func collectionFromAPIV2(c *zilliz.CollectionV2, m *collectionResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	prior := map[string]fieldBlockModel{}
	for _, f := range m.FieldBlocks {
		prior[f.Name.ValueString()] = f
	}
	priorIx := map[string]indexBlockModel{}
	for _, ix := range m.IndexBlocks {
		priorIx[ix.FieldName.ValueString()] = ix
	}

	m.Name = types.StringValue(c.Name)
	m.Description = types.StringValue(c.Description)
	m.LoadState = types.StringValue(c.Load)
	m.Load = types.BoolValue(c.Load == "LoadStateLoaded" || c.Load == "LoadStateLoading")
	m.ShardsNum = types.Int64Value(int64(c.ShardsNum))
	m.EnableDynamicField = types.BoolValue(c.EnableDynamicField)
	m.ConsistencyLevel = types.StringValue(c.ConsistencyLevel)
	m.TTLSeconds = optionalInt(c.Properties, "collection.ttl.seconds")

	m.FieldBlocks = make([]fieldBlockModel, 0, len(c.Fields))
	fields := make([]attr.Value, 0, len(c.Fields))
	for _, f := range c.Fields {
		description := types.StringValue(f.Description)
		if p, ok := prior[f.Name]; ok && f.Description == "" && !p.Description.IsNull() {
			description = p.Description // not every server echoes field descriptions
		} else if f.Description == "" {
			description = types.StringNull()
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

	m.IndexBlocks = make([]indexBlockModel, 0, len(c.Indexes))
	indexes := make([]attr.Value, 0, len(c.Indexes))
	for _, ix := range c.Indexes {
		block := indexBlockModel{
			FieldName:  types.StringValue(ix.FieldName),
			IndexName:  types.StringValue(ix.IndexName),
			MetricType: types.StringValue(ix.MetricType),
			IndexType:  types.StringNull(),
			Params:     types.MapNull(types.StringType),
		}
		if p, ok := priorIx[ix.FieldName]; ok {
			block.IndexType, block.Params = p.IndexType, p.Params
		}
		m.IndexBlocks = append(m.IndexBlocks, block)
		obj, d := types.ObjectValue(collectionIndexType.AttrTypes, map[string]attr.Value{
			"field_name": types.StringValue(ix.FieldName), "index_name": types.StringValue(ix.IndexName), "metric_type": types.StringValue(ix.MetricType),
		})
		diags.Append(d...)
		indexes = append(indexes, obj)
	}
	// The quick-setup attributes describe the first vector field and its index.
	m.VectorField, m.Dimension, m.MetricType = types.StringNull(), types.Int64Null(), types.StringNull()
	for _, f := range m.FieldBlocks {
		if isVectorType(f.DataType.ValueString()) {
			m.VectorField, m.Dimension = f.Name, f.Dim
			for _, ix := range c.Indexes {
				if ix.FieldName == f.Name.ValueString() {
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

func fieldBlockSchema() schema.ListNestedBlock {
	flag := func(desc string) schema.BoolAttribute {
		return schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false), MarkdownDescription: desc}
	}
	return schema.ListNestedBlock{
		MarkdownDescription: "A field of the collection's schema. With `field` blocks the collection is created through the v2 API " +
			"with exactly this schema (leave out `dimension`, `metric_type`, `primary_field` and `vector_field`). " +
			"Changing any field forces a new collection.",
		PlanModifiers: []planmodifier.List{listplanmodifier.RequiresReplace()},
		NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{Required: true, MarkdownDescription: "The field name.",
				Validators: []validator.String{stringvalidator.LengthBetween(1, 255), stringvalidator.RegexMatches(collectionNameRegexp, collectionNameRule)}},
			"data_type": schema.StringAttribute{Required: true,
				MarkdownDescription: "The Milvus data type, spelled exactly: `Bool`, `Int8`, `Int16`, `Int32`, `Int64`, `Float`, `Double`, `VarChar`, `Array`, `JSON`, " +
					"`BinaryVector`, `FloatVector`, `Float16Vector`, `BFloat16Vector`, `SparseFloatVector` or `Int8Vector`.",
				Validators: []validator.String{stringvalidator.OneOf(milvusDataTypes...)}},
			"is_primary":       flag("Whether this is the primary key (exactly one field, `Int64` or `VarChar`)."),
			"auto_id":          flag("Primary key only: whether Milvus generates its values."),
			"is_partition_key": flag("Whether entities are partitioned by this field (at most one, `Int64` or `VarChar`)."),
			"nullable":         flag("Whether the field may be null (scalar fields)."),
			"max_length": schema.Int64Attribute{Optional: true, MarkdownDescription: "`VarChar` fields and `Array` of `VarChar`: the most characters, 1 to 65535.",
				Validators: []validator.Int64{int64validator.Between(1, 65535)}},
			"dim": schema.Int64Attribute{Optional: true, MarkdownDescription: "Vector fields but `SparseFloatVector`: the number of dimensions.",
				Validators: []validator.Int64{int64validator.Between(1, 262144)}},
			"element_data_type": schema.StringAttribute{Optional: true, MarkdownDescription: "`Array` fields: the element type, one of `Bool`, `Int8`, `Int16`, `Int32`, `Int64`, `Float`, `Double`, `VarChar`.",
				Validators: []validator.String{stringvalidator.OneOf(arrayElementTypes...)}},
			"max_capacity": schema.Int64Attribute{Optional: true, MarkdownDescription: "`Array` fields: the most elements, 1 to 4096.",
				Validators: []validator.Int64{int64validator.Between(1, 4096)}},
			"description": schema.StringAttribute{Optional: true, MarkdownDescription: "A description of the field."},
		}},
	}
}

func indexBlockSchema() schema.ListNestedBlock {
	return schema.ListNestedBlock{
		MarkdownDescription: "An index, with `field` blocks. Every vector field needs one before the collection can be loaded. Changing any index forces a new collection.",
		PlanModifiers:       []planmodifier.List{listplanmodifier.RequiresReplace()},
		NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
			"field_name": schema.StringAttribute{Required: true, MarkdownDescription: "The field to index; must be one of the `field` blocks."},
			"index_name": schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "The index name; defaults to the field name.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"index_type": schema.StringAttribute{Optional: true, MarkdownDescription: "The index type, such as `AUTOINDEX`, `HNSW`, `IVF_FLAT`, `BIN_IVF_FLAT` or `SPARSE_INVERTED_INDEX`; the server picks one when left out. Not read back from the server."},
			"metric_type": schema.StringAttribute{Optional: true, Computed: true,
				MarkdownDescription: "Vector indexes: `COSINE`, `L2`, `IP` (float vectors), `HAMMING` or `JACCARD` (binary), `IP` (sparse). The server picks the type's default when left out.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				Validators:          []validator.String{stringvalidator.OneOf("COSINE", "L2", "IP", "HAMMING", "JACCARD", "BM25")}},
			"params": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Index build parameters as strings, such as `{ M = \"16\", efConstruction = \"200\" }`. Not read back from the server."},
		}},
	}
}

// validateQuickSetup checks a collection without `field` blocks.
func validateQuickSetup(cfg collectionResourceModel, diags *diag.Diagnostics) {
	if cfg.Dimension.IsNull() {
		diags.AddAttributeError(path.Root("dimension"), "Missing dimension",
			"Set dimension (the vector size, 1 to 32768) for a quick-setup collection, or describe the whole schema with field blocks.")
	}
	if len(cfg.IndexBlocks) > 0 {
		diags.AddAttributeError(path.Root("index"), "Index blocks need field blocks",
			"index blocks apply to a collection with field blocks. For a quick-setup collection use metric_type instead.")
	}
	for name, v := range map[string]attr.Value{"consistency_level": cfg.ConsistencyLevel, "ttl_seconds": cfg.TTLSeconds} {
		if !v.IsNull() {
			diags.AddAttributeError(path.Root(name), "Attribute needs field blocks",
				name+" applies to a collection with field blocks; the quick-setup form cannot set it. Remove it, or describe the schema with field blocks.")
		}
	}
	if !cfg.EnableDynamicField.IsNull() && !cfg.EnableDynamicField.IsUnknown() && !cfg.EnableDynamicField.ValueBool() {
		diags.AddAttributeError(path.Root("enable_dynamic_field"), "Attribute needs field blocks",
			"The quick-setup form always enables the dynamic field. Remove enable_dynamic_field, or describe the schema with field blocks.")
	}
	shards := cfg.ShardsNum
	if !shards.IsNull() && !shards.IsUnknown() && shards.ValueInt64() != 1 {
		diags.AddAttributeError(path.Root("shards_num"), "Attribute needs field blocks",
			"The quick-setup form always has one shard. Remove shards_num, or describe the schema with field blocks.")
	}
	primary, vector := cfg.PrimaryField.ValueString(), cfg.VectorField.ValueString()
	if cfg.PrimaryField.IsNull() {
		primary = "id"
	}
	if cfg.VectorField.IsNull() {
		vector = "vector"
	}
	if !cfg.PrimaryField.IsUnknown() && !cfg.VectorField.IsUnknown() && primary == vector {
		diags.AddAttributeError(path.Root("vector_field"), "Field names must differ",
			fmt.Sprintf("primary_field and vector_field are both %q; give them different names.", primary))
	}
}

// validateSchemaMode checks `field` and `index` blocks against the rules the
// server would enforce, so that a bad schema fails at plan time.
func validateSchemaMode(cfg collectionResourceModel, diags *diag.Diagnostics) {
	validateQuickSetupReports(cfg, diags) // in collection_reports.go
	seen := map[string]string{}
	primaries, partitionKeys := 0, 0
	for i, f := range cfg.FieldBlocks {
		p := path.Root("field").AtListIndex(i)
		name, typ := f.Name.ValueString(), f.DataType.ValueString()
		if f.Name.IsUnknown() || f.DataType.IsUnknown() {
			continue
		}
		if _, dup := seen[name]; dup {
			diags.AddAttributeError(p.AtName("name"), "Duplicate field name", fmt.Sprintf("Two fields are named %q; field names must be unique.", name))
		}
		seen[name] = typ
		fail := func(attrName, msg string) { diags.AddAttributeError(p.AtName(attrName), "Invalid field "+name, msg) }
		if f.IsPrimary.ValueBool() {
			primaries++
			if typ != "Int64" && typ != "VarChar" {
				fail("is_primary", fmt.Sprintf("The primary key must be Int64 or VarChar, not %s.", typ))
			}
		} else if f.AutoID.ValueBool() {
			fail("auto_id", "auto_id applies to the primary key only (is_primary = true).")
		}
		if f.IsPartitionKey.ValueBool() {
			partitionKeys++
			if typ != "Int64" && typ != "VarChar" {
				fail("is_partition_key", fmt.Sprintf("A partition key must be Int64 or VarChar, not %s.", typ))
			}
		}
		switch {
		case needsDim(typ) && f.Dim.IsNull():
			fail("dim", typ+" fields need dim, the number of dimensions.")
		case !needsDim(typ) && !f.Dim.IsNull():
			fail("dim", "dim applies to vector fields other than SparseFloatVector; remove it from this "+typ+" field.")
		}
		if typ == "BinaryVector" && !f.Dim.IsNull() && f.Dim.ValueInt64()%8 != 0 {
			fail("dim", "A BinaryVector's dim must be a multiple of 8.")
		}
		varchar := typ == "VarChar" || (typ == "Array" && f.ElementDataType.ValueString() == "VarChar")
		switch {
		case varchar && f.MaxLength.IsNull():
			fail("max_length", "VarChar fields (and arrays of VarChar) need max_length, 1 to 65535.")
		case !varchar && !f.MaxLength.IsNull():
			fail("max_length", "max_length applies to VarChar fields and arrays of VarChar only.")
		}
		if typ == "Array" {
			if f.ElementDataType.IsNull() {
				fail("element_data_type", "Array fields need element_data_type, such as Int64 or VarChar.")
			}
			if f.MaxCapacity.IsNull() {
				fail("max_capacity", "Array fields need max_capacity, the most elements (1 to 4096).")
			}
		} else {
			if !f.ElementDataType.IsNull() {
				fail("element_data_type", "element_data_type applies to Array fields only.")
			}
			if !f.MaxCapacity.IsNull() {
				fail("max_capacity", "max_capacity applies to Array fields only.")
			}
		}
		if f.Nullable.ValueBool() && (isVectorType(typ) || f.IsPrimary.ValueBool()) {
			fail("nullable", "Vector fields and the primary key cannot be nullable.")
		}
	}
	if primaries != 1 {
		diags.AddAttributeError(path.Root("field"), "Exactly one primary key",
			fmt.Sprintf("The schema has %d fields with is_primary = true; mark exactly one Int64 or VarChar field.", primaries))
	}
	if partitionKeys > 1 {
		diags.AddAttributeError(path.Root("field"), "At most one partition key",
			fmt.Sprintf("The schema has %d fields with is_partition_key = true; keep one.", partitionKeys))
	}
	indexed := map[string]bool{}
	for i, ix := range cfg.IndexBlocks {
		field := ix.FieldName.ValueString()
		if ix.FieldName.IsUnknown() {
			continue
		}
		if _, ok := seen[field]; !ok {
			diags.AddAttributeError(path.Root("index").AtListIndex(i).AtName("field_name"), "Index on an unknown field",
				fmt.Sprintf("No field block is named %q; index one of the fields defined above.", field))
		}
		if indexed[field] {
			diags.AddAttributeError(path.Root("index").AtListIndex(i).AtName("field_name"), "Two indexes on one field",
				fmt.Sprintf("Field %q has more than one index block; keep one.", field))
		}
		indexed[field] = true
	}
	if cfg.Load.IsNull() || cfg.Load.ValueBool() {
		for name, typ := range seen {
			if isVectorType(typ) && !indexed[name] {
				diags.AddAttributeError(path.Root("index"), "Vector field without an index",
					fmt.Sprintf("Vector field %q has no index block, so the collection cannot be loaded. Add an index block for it, or set load = false.", name))
			}
		}
	}
}
