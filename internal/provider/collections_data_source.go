package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var _ datasource.DataSourceWithConfigure = &collectionsDataSource{}

// NewCollectionsDataSource returns the zilliz_collections data source.
func NewCollectionsDataSource() datasource.DataSource {
	return &collectionsDataSource{}
}

type collectionsDataSource struct {
	client *zilliz.Client
}

type collectionsDataSourceModel struct {
	ClusterEndpoint types.String `tfsdk:"cluster_endpoint"`
	Database        types.String `tfsdk:"database"`
	Token           types.String `tfsdk:"token"`
	Names           []string     `tfsdk:"names"`
}

func (d *collectionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_collections"
}

func (d *collectionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := endpointArguments()
	attrs["names"] = schema.ListAttribute{Computed: true, ElementType: types.StringType,
		MarkdownDescription: "The names of the collections in the database."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the collections of one database on a cluster endpoint.",
		Attributes:          attrs,
	}
}

func (d *collectionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *collectionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var state collectionsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp, err := d.client.DataPlane(state.ClusterEndpoint.ValueString(), state.Token.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Invalid cluster endpoint", err.Error())
		return
	}
	dp = dp.WithTokenSource("its token argument")
	names, err := dp.ListCollections(ctx, databaseOrDefault(state.Database))
	if err != nil {
		resp.Diagnostics.AddError("Could not list collections on "+dp.Endpoint(), apiErrorDetail(err))
		return
	}
	state.Names = names
	if state.Names == nil {
		state.Names = []string{}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
