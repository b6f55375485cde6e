package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var _ datasource.DataSourceWithConfigure = &databasesDataSource{}

// NewDatabasesDataSource returns the zilliz_databases data source.
func NewDatabasesDataSource() datasource.DataSource {
	return &databasesDataSource{}
}

type databasesDataSource struct {
	client *zilliz.Client
}

type databasesDataSourceModel struct {
	ClusterEndpoint types.String `tfsdk:"cluster_endpoint"`
	Token           types.String `tfsdk:"token"`
	Names           []string     `tfsdk:"names"`
}

func (d *databasesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_databases"
}

func (d *databasesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the databases of a cluster endpoint (`POST {cluster_endpoint}/v2/vectordb/databases/list`), `default` included.",
		Attributes: map[string]schema.Attribute{
			"cluster_endpoint": listEndpointAttribute(),
			"token":            listTokenAttribute("the cluster"),
			"names": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The database names, sorted.",
			},
		},
	}
}

func (d *databasesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *databasesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state databasesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(d.client, state.ClusterEndpoint, state.Token, tokenArgument, &resp.Diagnostics)
	if dp == nil {
		return
	}
	names, err := dp.ListDatabases(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Could not list databases on "+dp.Endpoint(), apiErrorDetail(err))
		return
	}
	state.Names = names
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
