package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var _ datasource.DataSourceWithConfigure = &collectionDataSource{}

// NewCollectionDataSource returns the zilliz_collection data source.
func NewCollectionDataSource() datasource.DataSource {
	return &collectionDataSource{}
}

type collectionDataSource struct {
	client *zilliz.Client
}

// collectionDataModel is what the data source reads with the v1 describe: a
// subset of the resource's attributes (no `field`/`index` blocks, load,
// consistency_level or ttl_seconds), every one from the server's answer.
type collectionDataModel struct {
	ID                 types.String `tfsdk:"id"`
	ClusterEndpoint    types.String `tfsdk:"cluster_endpoint"`
	Database           types.String `tfsdk:"database"`
	Name               types.String `tfsdk:"name"`
	Token              types.String `tfsdk:"token"`
	Dimension          types.Int64  `tfsdk:"dimension"`
	MetricType         types.String `tfsdk:"metric_type"`
	PrimaryField       types.String `tfsdk:"primary_field"`
	VectorField        types.String `tfsdk:"vector_field"`
	Description        types.String `tfsdk:"description"`
	Fields             types.List   `tfsdk:"fields"`
	Indexes            types.List   `tfsdk:"indexes"`
	LoadState          types.String `tfsdk:"load_state"`
	ShardsNum          types.Int64  `tfsdk:"shards_num"`
	EnableDynamicField types.Bool   `tfsdk:"enable_dynamic_field"`
}

func (d *collectionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_collection"
}

func (d *collectionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := endpointArguments()
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	attrs["name"] = schema.StringAttribute{Required: true, MarkdownDescription: "The collection name.",
		Validators: []validator.String{stringvalidator.RegexMatches(collectionNameRegexp, collectionNameRule)}}
	attrs["id"] = computed("`<cluster_endpoint>/databases/<database>/collections/<name>`.")
	attrs["dimension"] = schema.Int64Attribute{Computed: true, MarkdownDescription: "Dimensions of the vector field."}
	attrs["metric_type"] = computed("The metric of the vector field's index.")
	attrs["primary_field"] = computed("The primary key field.")
	attrs["vector_field"] = computed("The vector field.")
	attrs["description"] = computed("The collection description.")
	attrs["load_state"] = computed("The load state, such as `LoadStateLoaded`.")
	attrs["shards_num"] = schema.Int64Attribute{Computed: true, MarkdownDescription: "The number of shards."}
	attrs["enable_dynamic_field"] = schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the dynamic field is enabled."}
	attrs["fields"] = schema.ListAttribute{Computed: true, ElementType: collectionFieldType,
		MarkdownDescription: "The fields: `name`, `type`, `description`, `primary_key`, `auto_id`, `partition_key`."}
	attrs["indexes"] = schema.ListAttribute{Computed: true, ElementType: collectionIndexType,
		MarkdownDescription: "The indexes: `field_name`, `index_name`, `metric_type`."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one collection on a cluster endpoint.",
		Attributes:          attrs,
	}
}

func (d *collectionDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *collectionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var cfg collectionDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp, err := d.client.DataPlane(cfg.ClusterEndpoint.ValueString(), cfg.Token.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Invalid cluster endpoint", err.Error())
		return
	}
	dp = dp.WithTokenSource("its token argument")
	db := databaseOrDefault(cfg.Database)
	collection, err := dp.DescribeCollection(ctx, db, cfg.Name.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Could not read collection "+cfg.Name.ValueString(), apiErrorDetail(err))
		return
	}
	var m collectionResourceModel
	resp.Diagnostics.Append(collectionFromAPI(collection, &m)...)
	state := collectionDataModel{
		ID: types.StringValue(collectionID(dp.Endpoint(), db, m.Name.ValueString())), ClusterEndpoint: cfg.ClusterEndpoint,
		Database: cfg.Database, Name: m.Name, Token: cfg.Token, Dimension: m.Dimension, MetricType: m.MetricType,
		PrimaryField: m.PrimaryField, VectorField: m.VectorField, Description: m.Description, Fields: m.Fields,
		Indexes: m.Indexes, LoadState: m.LoadState, ShardsNum: m.ShardsNum, EnableDynamicField: m.EnableDynamicField,
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
