package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var _ datasource.DataSourceWithConfigure = &clusterRolesDataSource{}

// NewClusterRolesDataSource returns the zilliz_cluster_roles data source.
func NewClusterRolesDataSource() datasource.DataSource {
	return &clusterRolesDataSource{}
}

type clusterRolesDataSource struct {
	client *zilliz.Client
}

type clusterRolesDataSourceModel struct {
	ClusterEndpoint types.String       `tfsdk:"cluster_endpoint"`
	Token           types.String       `tfsdk:"token"`
	Roles           []clusterRoleEntry `tfsdk:"roles"`
}

type clusterRoleEntry struct {
	Name    types.String     `tfsdk:"name"`
	BuiltIn types.Bool       `tfsdk:"built_in"`
	Grants  []roleGrantModel `tfsdk:"grants"`
}

func (d *clusterRolesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_roles"
}

func (d *clusterRolesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the roles of a cluster and the privileges each grants (`POST {cluster_endpoint}/v2/vectordb/roles/list` and `roles/describe`), " +
			"the built-in `db_admin`, `db_rw` and `db_ro` included.",
		Attributes: map[string]schema.Attribute{
			"cluster_endpoint": listEndpointAttribute(),
			"token":            listTokenAttribute("a cluster user allowed to list roles"),
			"roles": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The roles, sorted by name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":     schema.StringAttribute{Computed: true, MarkdownDescription: "The role name."},
					"built_in": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the role is built in (it cannot be changed or dropped)."},
					"grants": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "The privileges the role grants, as `zilliz_cluster_role` grant blocks write them.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"privilege":  schema.StringAttribute{Computed: true, MarkdownDescription: "A privilege group or a privilege."},
							"database":   schema.StringAttribute{Computed: true, MarkdownDescription: "The database, `*` for every one."},
							"collection": schema.StringAttribute{Computed: true, MarkdownDescription: "The collection, `*` for every one."},
						}},
					},
				}},
			},
		},
	}
}

func (d *clusterRolesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterRolesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state clusterRolesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(d.client, state.ClusterEndpoint, state.Token, tokenArgument, &resp.Diagnostics)
	if dp == nil {
		return
	}
	names, err := dp.ListRoles(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Could not list cluster roles on "+dp.Endpoint(), apiErrorDetail(err))
		return
	}
	// Every database is asked: a server that matches describe's dbName
	// exactly shows a grant only there (zilliz.DataPlane.DescribeRoleEverywhere).
	databases, err := dp.ListDatabases(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Could not list the databases of "+dp.Endpoint(), apiErrorDetail(err))
		return
	}
	state.Roles = make([]clusterRoleEntry, 0, len(names))
	for _, n := range names {
		grants, err := dp.DescribeRole(ctx, n, databases...)
		if err != nil {
			resp.Diagnostics.AddError("Could not read cluster role "+n, apiErrorDetail(err))
			return
		}
		state.Roles = append(state.Roles, clusterRoleEntry{Name: types.StringValue(n), BuiltIn: types.BoolValue(zilliz.IsBuiltinRole(n)), Grants: roleGrantsFromAPI(grants, nil)})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
