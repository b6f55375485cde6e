package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var _ datasource.DataSourceWithConfigure = &apiKeysDataSource{}

// NewAPIKeysDataSource returns the zilliz_api_keys data source.
func NewAPIKeysDataSource() datasource.DataSource {
	return &apiKeysDataSource{}
}

type apiKeysDataSource struct {
	client *zilliz.Client
}

type apiKeysDataSourceModel struct {
	APIKeys []apiKeyItemModel `tfsdk:"api_keys"`
}

type apiKeyItemModel struct {
	ID            types.String            `tfsdk:"id"`
	Name          types.String            `tfsdk:"name"`
	Description   types.String            `tfsdk:"description"`
	OrgRole       types.String            `tfsdk:"org_role"`
	CreateTime    types.String            `tfsdk:"create_time"`
	CreatedBy     types.String            `tfsdk:"created_by"`
	CreatorName   types.String            `tfsdk:"creator_name"`
	ProjectAccess []apiKeyItemAccessModel `tfsdk:"project_access"`
}

type apiKeyItemAccessModel struct {
	ProjectID   types.String `tfsdk:"project_id"`
	ProjectName types.String `tfsdk:"project_name"`
	Role        types.String `tfsdk:"role"`
	AllClusters types.Bool   `tfsdk:"all_clusters"`
	ClusterIDs  []string     `tfsdk:"cluster_ids"`
}

func (d *apiKeysDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_keys"
}

func (d *apiKeysDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the organisation's customized API keys (`GET /v2/api-keys`, every page): who may reach what. " +
			"Secrets are never listed: Zilliz Cloud shows a key's secret only once, when it is created. Listing keys needs the " +
			"provider's API key to be an Organization Owner's.",
		Attributes: map[string]schema.Attribute{
			"api_keys": schema.ListNestedAttribute{
				MarkdownDescription: "The keys, in the order the API returns them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":           schema.StringAttribute{Computed: true, MarkdownDescription: "The key's id, such as `key-0123456789abcd`; the import id of `zilliz_api_key`."},
						"name":         schema.StringAttribute{Computed: true, MarkdownDescription: "The key's display name."},
						"description":  schema.StringAttribute{Computed: true, MarkdownDescription: "The key's description."},
						"org_role":     schema.StringAttribute{Computed: true, MarkdownDescription: "`Owner`, `Member` or `Billing-Admin`."},
						"create_time":  schema.StringAttribute{Computed: true, MarkdownDescription: "When the key was created (RFC 3339, UTC)."},
						"created_by":   schema.StringAttribute{Computed: true, MarkdownDescription: "An email address, or the id of the key that created it."},
						"creator_name": schema.StringAttribute{Computed: true, MarkdownDescription: "The creator's display name."},
						"project_access": schema.ListNestedAttribute{
							Computed:            true,
							MarkdownDescription: "The projects a Member key reaches.",
							NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
								"project_id":   schema.StringAttribute{Computed: true, MarkdownDescription: "The project."},
								"project_name": schema.StringAttribute{Computed: true, MarkdownDescription: "The project's name."},
								"role":         schema.StringAttribute{Computed: true, MarkdownDescription: "`Admin`, `Read-Write` or `Read-Only`."},
								"all_clusters": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the key reaches every cluster of the project."},
								"cluster_ids": schema.ListAttribute{Computed: true, ElementType: types.StringType,
									MarkdownDescription: "The clusters it reaches when `all_clusters` is false."},
							}},
						},
					},
				},
			},
		},
	}
}

func (d *apiKeysDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *apiKeysDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	keys, err := d.client.ListAPIKeys(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Could not list API keys", accessErrorDetail(err, "list API keys"))
		return
	}
	state := apiKeysDataSourceModel{APIKeys: make([]apiKeyItemModel, 0, len(keys))}
	for _, k := range keys {
		item := apiKeyItemModel{
			ID: types.StringValue(k.APIKeyID), Name: types.StringValue(k.Name), Description: types.StringValue(k.Description),
			OrgRole: types.StringValue(k.OrgRole), CreateTime: types.StringValue(k.CreateTime), CreatedBy: types.StringValue(k.CreatedBy),
			CreatorName: types.StringValue(k.CreatorName), ProjectAccess: []apiKeyItemAccessModel{},
		}
		for _, p := range k.Projects {
			a := apiKeyItemAccessModel{ProjectID: types.StringValue(p.ProjectID), ProjectName: types.StringValue(p.ProjectName),
				Role: types.StringValue(p.Role), AllClusters: types.BoolValue(p.AllCluster), ClusterIDs: []string{}}
			for _, c := range p.Clusters {
				a.ClusterIDs = append(a.ClusterIDs, c.ClusterID)
			}
			item.ProjectAccess = append(item.ProjectAccess, a)
		}
		state.APIKeys = append(state.APIKeys, item)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
