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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// A zilliz_collection with `field` blocks is created through the v2 vectordb API
// with a full schema and index parameters, and read back through v2 describe.
// Without them it is the v1 quick-setup form. This file holds the schema
// form's blocks (model, schema, validation, planning); its conversions each
// way are in collection_convert.go.

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
	DefaultValue    types.String `tfsdk:"default_value"`
}

type indexBlockModel struct {
	FieldName  types.String `tfsdk:"field_name"`
	IndexName  types.String `tfsdk:"index_name"`
	IndexType  types.String `tfsdk:"index_type"`
	MetricType types.String `tfsdk:"metric_type"`
	Params     types.Map    `tfsdk:"params"`
}

// schema is the field as the API takes it, its default_value converted to
// the field's type.
func (f fieldBlockModel) schema() (zilliz.FieldSchema, error) {
	def, err := defaultValueFor(f.DataType.ValueString(), f.DefaultValue)
	return zilliz.FieldSchema{
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
		DefaultValue:    def,
	}, err
}

// defaultValueFor converts a default_value (a string in the configuration)
// to the JSON type the server expects for the data type: a number for the
// integer and float types, a bool for Bool, the text for VarChar. nil when
// unset. Other types take no default value.
func defaultValueFor(dataType string, v types.String) (any, error) {
	if !known(v) {
		return nil, nil
	}
	text := v.ValueString()
	var out any
	var err error
	switch dataType {
	case "Bool":
		out, err = strconv.ParseBool(text)
	case "Int8", "Int16", "Int32", "Int64":
		bits := map[string]int{"Int8": 8, "Int16": 16, "Int32": 32, "Int64": 64}[dataType]
		out, err = strconv.ParseInt(text, 10, bits)
	case "Float", "Double":
		bits := 32
		if dataType == "Double" {
			bits = 64
		}
		out, err = strconv.ParseFloat(text, bits)
	case "VarChar":
		out = text
	default:
		return nil, fmt.Errorf("default_value applies to Bool, Int8, Int16, Int32, Int64, Float, Double and VarChar fields, not %s", dataType)
	}
	if err != nil {
		return nil, fmt.Errorf("default_value %q is not a valid %s", text, dataType)
	}
	return out, nil
}

// planIndexBlocks plans `index` blocks against the state's, matched by field:
// the plan (config order, defaults applied) with what the configuration
// leaves out (null in cfg) taken from the matched state block. Whether the
// planned blocks change an index is indexChanges' question, asked of its
// result; every index change is made in place.
func planIndexBlocks(cfg, plan, state []indexBlockModel) []indexBlockModel {
	byField := map[string]indexBlockModel{}
	for _, s := range state {
		byField[s.FieldName.ValueString()] = s
	}
	out := make([]indexBlockModel, len(plan))
	for i, p := range plan {
		c := p
		if i < len(cfg) {
			c = cfg[i]
		}
		s, ok := byField[p.FieldName.ValueString()]
		if !ok || p.FieldName.IsUnknown() {
			out[i] = p
			continue
		}
		p.IndexName = plannedString(c.IndexName, p.IndexName, s.IndexName)
		p.MetricType = plannedString(c.MetricType, p.MetricType, s.MetricType)
		p.IndexType = plannedString(c.IndexType, p.IndexType, s.IndexType)
		if c.Params.IsNull() {
			p.Params = s.Params
		}
		out[i] = p
	}
	return out
}

// plannedString plans one attribute of a matched block: the matched state
// block's when the configuration leaves it out (Terraform's proposed value
// comes from the state block at the same position, which may be another
// index), else the configured one.
func plannedString(cfg, plan, state types.String) types.String {
	if !cfg.IsNull() {
		return plan
	}
	if state.IsNull() && plan.IsUnknown() {
		return plan // the server did not tell; the apply reads it
	}
	return state
}

// indexChanges compares planned `index` blocks (planIndexBlocks) with the
// state's, matched by field: the state indexes to drop (removed or changed)
// and the planned ones to create (new or changed). ModifyPlan and Update both
// ask it, so the plan shows exactly the rebuilds the apply makes.
func indexChanges(plan, state []indexBlockModel) (drops, creates []indexBlockModel) {
	byField := map[string]indexBlockModel{}
	for _, s := range state {
		byField[s.FieldName.ValueString()] = s
	}
	planned := map[string]bool{}
	for _, p := range plan {
		planned[p.FieldName.ValueString()] = true
		s, ok := byField[p.FieldName.ValueString()]
		switch {
		case !ok || p.FieldName.IsUnknown():
			creates = append(creates, p)
		case indexChanged(p, s):
			drops, creates = append(drops, s), append(creates, p)
		}
	}
	for _, s := range state {
		if !planned[s.FieldName.ValueString()] {
			drops = append(drops, s)
		}
	}
	return drops, creates
}

// indexChanged tells whether a planned block changes the index in state: only
// a change the configuration makes does. A value null in state (the server
// did not tell) never differs; an unknown planned value (configured from
// something known only at apply) differs from a known one.
func indexChanged(p, s indexBlockModel) bool {
	differ := func(a, b types.String) bool {
		return known(b) && (a.IsUnknown() || (known(a) && a.ValueString() != b.ValueString()))
	}
	paramsDiffer := known(s.Params) && (p.Params.IsUnknown() || (known(p.Params) && !mapsEqual(p.Params, s.Params)))
	return differ(p.IndexName, s.IndexName) || differ(p.IndexType, s.IndexType) || differ(p.MetricType, s.MetricType) || paramsDiffer
}

// fieldReplaceReasons says why planned `field` blocks need a new collection,
// one sentence per field, matched to the state's by name: a field removed, or
// changed in anything but its description (the server stores none) or a
// default_value the server never told (null in state), or a new field Milvus
// cannot add to an existing collection (a vector, primary or partition key
// field). A new scalar field is added in place; one that is not nullable is
// refused at plan time (ModifyPlan), not replaced.
func fieldReplaceReasons(plan, state []fieldBlockModel) []string {
	var reasons []string
	byName := map[string]fieldBlockModel{}
	for _, s := range state {
		byName[s.Name.ValueString()] = s
	}
	planned := map[string]bool{}
	for _, p := range plan {
		if p.Name.IsUnknown() {
			reasons = append(reasons, "a field name is known only at apply")
			continue
		}
		name := p.Name.ValueString()
		planned[name] = true
		s, ok := byName[name]
		if !ok {
			if !addableField(p) {
				reasons = append(reasons, fmt.Sprintf("field %q is new, and Milvus adds only scalar fields that are neither the primary nor the partition key to an existing collection", name))
			}
			continue
		}
		p.Description, s.Description = types.StringNull(), types.StringNull()
		if s.DefaultValue.IsNull() {
			p.DefaultValue = types.StringNull()
		}
		if p != s {
			reasons = append(reasons, fmt.Sprintf("field %q changes, and Milvus cannot change an existing field (its type, size, nullability, key role or default value)", name))
		}
	}
	for _, s := range state {
		if !planned[s.Name.ValueString()] {
			reasons = append(reasons, fmt.Sprintf("field %q is removed, and a field cannot be dropped from an existing collection", s.Name.ValueString()))
		}
	}
	return reasons
}

// addableField tells whether Milvus's add-field call can take the field (it
// must also be nullable: see addedFields).
func addableField(f fieldBlockModel) bool {
	return !isVectorType(f.DataType.ValueString()) && !f.IsPrimary.ValueBool() && !f.AutoID.ValueBool() && !f.IsPartitionKey.ValueBool() && !f.DataType.IsUnknown()
}

// addedFields are the planned fields the state does not have, in plan order.
func addedFields(plan, state []fieldBlockModel) []fieldBlockModel {
	have := map[string]bool{}
	for _, s := range state {
		have[s.Name.ValueString()] = true
	}
	var out []fieldBlockModel
	for _, p := range plan {
		if !p.Name.IsUnknown() && !have[p.Name.ValueString()] {
			out = append(out, p)
		}
	}
	return out
}

var indexBlockObjectType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"field_name": types.StringType, "index_name": types.StringType, "index_type": types.StringType,
	"metric_type": types.StringType, "params": types.MapType{ElemType: types.StringType},
}}

// indexBlocksByField is the `index` block modifier: see planIndexBlocks.
// Any index change is made in place (drop and create that index), so it
// never asks for a new collection.
var indexBlocksByField = matchBlocksByKey{what: "index", plan: func(ctx context.Context, cfg, plan, state types.List) (types.List, bool, diag.Diagnostics) {
	var c, p, s []indexBlockModel
	diags := plan.ElementsAs(ctx, &p, false)
	diags.Append(state.ElementsAs(ctx, &s, false)...)
	diags.Append(cfg.ElementsAs(ctx, &c, false)...)
	if diags.HasError() {
		return plan, false, diags
	}
	out, d := types.ListValueFrom(ctx, indexBlockObjectType, planIndexBlocks(c, p, s))
	diags.Append(d...)
	return out, false, diags
}}

// fieldBlocksByName is the `field` block modifier: a field change Milvus cannot
// make in place (fieldReplaceReasons) replaces the collection.
var fieldBlocksByName = matchBlocksByKey{what: "field", plan: func(ctx context.Context, _, plan, state types.List) (types.List, bool, diag.Diagnostics) {
	var p, s []fieldBlockModel
	diags := plan.ElementsAs(ctx, &p, false)
	diags.Append(state.ElementsAs(ctx, &s, false)...)
	if diags.HasError() {
		return plan, true, diags
	}
	return plan, len(fieldReplaceReasons(p, s)) > 0, diags
}}

func fieldBlockSchema() schema.ListNestedBlock {
	flag := func(desc string) schema.BoolAttribute {
		return schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false), MarkdownDescription: desc}
	}
	return schema.ListNestedBlock{
		MarkdownDescription: "A field of the collection's schema. With `field` blocks the collection is created through the v2 API " +
			"with exactly this schema (leave out `dimension`, `metric_type`, `primary_field` and `vector_field`). " +
			"A new scalar field with `nullable = true` is added in place (entities already stored hold null, or `default_value`); " +
			"removing or changing a field, or adding a vector, primary or partition key field, forces a new collection (its entities are lost).",
		PlanModifiers: []planmodifier.List{fieldBlocksByName},
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
			"default_value": schema.StringAttribute{Optional: true, MarkdownDescription: "The value of the field for entities stored without it, " +
				"written as a string and converted by `data_type`: a number for `Int8`…`Int64`, `Float` and `Double`, `true`/`false` for `Bool`, the text for `VarChar`; " +
				"other types take none. Not read back from the server (an import leaves it unset); changing it on an existing field forces a new collection."},
			"description": schema.StringAttribute{Optional: true, MarkdownDescription: "A description of the field, kept in Terraform state only: " +
				"the v2 create API stores no field descriptions (the server describes every field with an empty one). Changing it does not touch the collection."},
		}},
	}
}

func indexBlockSchema() schema.ListNestedBlock {
	return schema.ListNestedBlock{
		MarkdownDescription: "An index, with `field` blocks. Every vector field needs one before the collection can be loaded. " +
			"Blocks are matched to the server's indexes by `field_name` (the server lists them in no fixed order). " +
			"Adding, removing or changing an index changes that index only, in place: the provider releases the collection where the server needs it " +
			"(an index of a loaded collection cannot be dropped), drops and creates the index, waits until it is built and loads the collection again. " +
			"Entities stay.",
		PlanModifiers: []planmodifier.List{indexBlocksByField},
		NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
			"field_name": schema.StringAttribute{Required: true, MarkdownDescription: "The field to index; must be one of the `field` blocks, at most one index per field."},
			"index_name": schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "The index name; defaults to the field name."},
			"index_type": schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "The index type, such as `AUTOINDEX`, `HNSW`, `IVF_FLAT`, `BIN_IVF_FLAT` or `SPARSE_INVERTED_INDEX`; " +
				"the server picks one when left out. Read back from the server (`/v2/vectordb/indexes/describe`) on create and import."},
			"metric_type": schema.StringAttribute{Optional: true, Computed: true,
				MarkdownDescription: "Vector indexes: `COSINE`, `L2`, `IP` (float vectors), `HAMMING` or `JACCARD` (binary), `IP` (sparse). The server picks the type's default when left out.",
				Validators:          []validator.String{stringvalidator.OneOf("COSINE", "L2", "IP", "HAMMING", "JACCARD", "BM25")}},
			"params": schema.MapAttribute{Optional: true, Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Index build parameters as strings, such as `{ M = \"16\", efConstruction = \"200\" }`; `index_type` and `metric_type` have their own arguments and are not allowed here. " +
					"Read back on import where the server reports them (newer servers do); a value it does not report is kept from the configuration and never rebuilds the index.",
				Validators: []validator.Map{indexParamsValidator{}}},
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
	for name, v := range map[string]attr.Value{"consistency_level": cfg.ConsistencyLevel, "ttl_seconds": cfg.TTLSeconds, "properties": cfg.Properties} {
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
		if _, err := defaultValueFor(typ, f.DefaultValue); err != nil {
			fail("default_value", err.Error()+".")
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

// indexParamsValidator refuses, in `params`, the keys that have arguments of
// their own (indexOwnArguments): set twice, they could disagree.
type indexParamsValidator struct{}

func (indexParamsValidator) Description(context.Context) string {
	return "must not hold index_type or metric_type, which have their own arguments"
}

func (v indexParamsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (indexParamsValidator) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if !known(req.ConfigValue) {
		return
	}
	for _, k := range sortedMapKeys(req.ConfigValue.Elements()) {
		if arg, own := indexOwnArguments[k]; own {
			resp.Diagnostics.AddAttributeError(req.Path.AtMapKey(k), "Index parameter with its own argument",
				fmt.Sprintf("Set %s with the %s argument of the index block, not in params.", arg, arg))
		}
	}
}
