package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var _ datasource.DataSourceWithConfigure = &partitionsDataSource{}

// NewPartitionsDataSource returns the zilliz_partitions data source.
func NewPartitionsDataSource() datasource.DataSource {
	return &partitionsDataSource{}
}

type partitionsDataSource struct {
	client *zilliz.Client
}

type partitionsDataSourceModel struct {
	ClusterEndpoint types.String `tfsdk:"cluster_endpoint"`
	Database        types.String `tfsdk:"database"`
	CollectionName  types.String `tfsdk:"collection_name"`
	Token           types.String `tfsdk:"token"`
	Names           []string     `tfsdk:"names"`
}

func (d *partitionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_partitions"
}

func (d *partitionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the partitions of a collection (`POST {cluster_endpoint}/v2/vectordb/partitions/list`), `_default` included.",
		Attributes: map[string]schema.Attribute{
			"cluster_endpoint": listEndpointAttribute(),
			"database": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The collection's database. Default `default`.",
				Validators:          databaseNameValidators(),
			},
			"collection_name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The collection.",
				Validators:          databaseNameValidators(),
			},
			"token": listTokenAttribute("a cluster user"),
			"names": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The partition names, sorted.",
			},
		},
	}
}

func (d *partitionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *partitionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state partitionsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(d.client, state.ClusterEndpoint, state.Token, tokenArgument, &resp.Diagnostics)
	if dp == nil {
		return
	}
	names, err := dp.ListPartitions(ctx, state.Database.ValueString(), state.CollectionName.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Could not list the partitions of collection "+state.CollectionName.ValueString(), apiErrorDetail(err))
		return
	}
	state.Names = names
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
