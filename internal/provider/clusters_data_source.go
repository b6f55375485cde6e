package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var _ datasource.DataSourceWithConfigure = &clustersDataSource{}

// NewClustersDataSource returns the zilliz_clusters data source.
func NewClustersDataSource() datasource.DataSource {
	return &clustersDataSource{}
}

type clustersDataSource struct {
	client *zilliz.Client
}

type clustersDataSourceModel struct {
	Clusters []clusterDataModel `tfsdk:"clusters"`
}

func (d *clustersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_clusters"
}

func (d *clustersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every Zilliz Cloud cluster the API key can see, across all pages of the list API, with each cluster's labels (one labels call per cluster).",
		Attributes: map[string]schema.Attribute{
			"clusters": schema.ListNestedAttribute{
				MarkdownDescription: "The clusters, oldest first as the API lists them.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: clusterDataAttributes(false)},
			},
		},
	}
}

func (d *clustersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *clustersDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	clusters, err := d.client.ListAllClusters(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Could not list clusters", apiErrorDetail(err))
		return
	}
	state := clustersDataSourceModel{Clusters: make([]clusterDataModel, 0, len(clusters))}
	for i := range clusters {
		c := &clusters[i]
		if c.Labels == nil && c.Status != statusDeleted {
			// The list answer carries no labels (nor does describe, as
			// recorded): ask each cluster, as zilliz_cluster does.
			labels, err := d.client.GetClusterLabels(ctx, c.ClusterID)
			if err != nil {
				resp.Diagnostics.AddError("Could not read labels of cluster "+c.ClusterID, apiErrorDetail(err))
				return
			}
			c.Labels = labels
		}
		m, diags := clusterDataFromAPI(ctx, c)
		resp.Diagnostics.Append(diags...)
		state.Clusters = append(state.Clusters, m)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
