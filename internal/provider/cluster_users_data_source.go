package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var _ datasource.DataSourceWithConfigure = &clusterUsersDataSource{}

// NewClusterUsersDataSource returns the zilliz_cluster_users data source.
func NewClusterUsersDataSource() datasource.DataSource {
	return &clusterUsersDataSource{}
}

type clusterUsersDataSource struct {
	client *zilliz.Client
}

type clusterUsersDataSourceModel struct {
	ClusterEndpoint types.String       `tfsdk:"cluster_endpoint"`
	Token           types.String       `tfsdk:"token"`
	Users           []clusterUserEntry `tfsdk:"users"`
}

type clusterUserEntry struct {
	Name  types.String `tfsdk:"name"`
	Roles []string     `tfsdk:"roles"`
}

func (d *clusterUsersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_users"
}

func (d *clusterUsersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the users of a cluster and the roles each holds (`POST {cluster_endpoint}/v2/vectordb/users/list` and `users/describe`), " +
			"the built-in `db_admin` included. Passwords are never readable.",
		Attributes: map[string]schema.Attribute{
			"cluster_endpoint": listEndpointAttribute(),
			"token":            listTokenAttribute("a cluster user allowed to list users"),
			"users": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The users, sorted by name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":  schema.StringAttribute{Computed: true, MarkdownDescription: "The user name."},
					"roles": schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The roles the user holds, sorted."},
				}},
			},
		},
	}
}

func (d *clusterUsersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterUsersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state clusterUsersDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(d.client, state.ClusterEndpoint, state.Token, tokenArgument, &resp.Diagnostics)
	if dp == nil {
		return
	}
	names, err := dp.ListUsers(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Could not list cluster users on "+dp.Endpoint(), apiErrorDetail(err))
		return
	}
	state.Users = make([]clusterUserEntry, 0, len(names))
	for _, n := range names {
		roles, err := dp.DescribeUser(ctx, n)
		if err != nil {
			resp.Diagnostics.AddError("Could not read cluster user "+n, apiErrorDetail(err))
			return
		}
		state.Users = append(state.Users, clusterUserEntry{Name: types.StringValue(n), Roles: roles})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
