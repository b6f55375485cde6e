package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var _ datasource.DataSourceWithConfigure = &clusterDataSource{}

// NewClusterDataSource returns the zilliz_cluster data source.
func NewClusterDataSource() datasource.DataSource {
	return &clusterDataSource{}
}

type clusterDataSource struct {
	client *zilliz.Client
}

// clusterDataModel is one cluster as the data sources show it: what describe and
// list report, without the resource's arguments and secrets.
type clusterDataModel struct {
	ID                 types.String `tfsdk:"id"`
	ProjectID          types.String `tfsdk:"project_id"`
	RegionID           types.String `tfsdk:"region_id"`
	Name               types.String `tfsdk:"name"`
	Plan               types.String `tfsdk:"plan"`
	CUType             types.String `tfsdk:"cu_type"`
	CUSize             types.Int64  `tfsdk:"cu_size"`
	Replica            types.Int64  `tfsdk:"replica"`
	Labels             types.Map    `tfsdk:"labels"`
	Status             types.String `tfsdk:"status"`
	Description        types.String `tfsdk:"description"`
	ConnectAddress     types.String `tfsdk:"connect_address"`
	PrivateLinkAddress types.String `tfsdk:"private_link_address"`
	CreateTime         types.String `tfsdk:"create_time"`
}

// clusterDataAttributes is the schema of clusterDataModel; idRequired makes `id`
// the lookup key (zilliz_cluster) instead of a computed value (zilliz_clusters).
func clusterDataAttributes(idRequired bool) map[string]schema.Attribute {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	id := computed("The cluster id, such as `in01-6183d6bac30f801`.")
	if idRequired {
		id = schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "The id of the cluster to look up, such as `in01-6183d6bac30f801`.",
			Validators: []validator.String{stringvalidator.RegexMatches(clusterIDRegexp,
				"must be a cluster id such as in01-6183d6bac30f801")},
		}
	}
	return map[string]schema.Attribute{
		"id":                   id,
		"project_id":           computed("The project the cluster belongs to."),
		"region_id":            computed("The cloud region, such as `gcp-us-west1`."),
		"name":                 computed("The cluster name."),
		"plan":                 computed("`Free`, `Serverless`, `Standard` or `Enterprise`."),
		"cu_type":              computed("The compute unit type (dedicated clusters; null otherwise)."),
		"cu_size":              schema.Int64Attribute{Computed: true, MarkdownDescription: "The number of compute units (dedicated clusters; null otherwise)."},
		"replica":              schema.Int64Attribute{Computed: true, MarkdownDescription: "The number of replicas of a dedicated cluster, when Zilliz Cloud reports it; null otherwise. The describe answers recorded from Zilliz Cloud do not report it (newer API pages list it), so expect null: the number is in the Zilliz Cloud console."},
		"labels":               schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Labels on the cluster."},
		"status":               computed("The cluster status, such as `RUNNING` or `SUSPENDED`."),
		"description":          computed("The cluster description."),
		"connect_address":      computed("The cluster endpoint, for a collection's `cluster_endpoint`."),
		"private_link_address": computed("The private link endpoint, empty when none is set up."),
		"create_time":          computed("When the cluster was created (RFC 3339, UTC)."),
	}
}

// clusterDataFromAPI fills a data-source model from the API, with the same
// mapping as the resource (plan of free clusters, null dedicated-only values).
func clusterDataFromAPI(ctx context.Context, c *zilliz.Cluster) (clusterDataModel, diag.Diagnostics) {
	r := clusterResourceModel{Labels: types.MapUnknown(types.StringType)} // every label the cluster has
	diags := clusterFromAPI(ctx, c, &r)
	if c.Replica <= 0 {
		// Not reported: clusterFromAPI's 1 is the resource's assumption, not a fact.
		r.Replica = types.Int64Null()
	}
	return clusterDataModel{
		ID: r.ID, ProjectID: r.ProjectID, RegionID: r.RegionID, Name: r.Name, Plan: r.Plan,
		CUType: r.CUType, CUSize: r.CUSize, Replica: r.Replica, Labels: r.Labels, Status: r.Status,
		Description: r.Description, ConnectAddress: r.ConnectAddress, PrivateLinkAddress: r.PrivateLinkAddress,
		CreateTime: r.CreateTime,
	}, diags
}

func (d *clusterDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster"
}

func (d *clusterDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one Zilliz Cloud cluster by id, for example one managed outside this configuration.",
		Attributes:          clusterDataAttributes(true),
	}
}

func (d *clusterDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *clusterDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var cfg clusterDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cluster, err := d.client.DescribeCluster(ctx, cfg.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Could not read cluster "+cfg.ID.ValueString(), apiErrorDetail(err))
		return
	}
	if cluster.Labels == nil {
		// The recorded describe answers carry no labels field.
		labels, err := d.client.GetClusterLabels(ctx, cluster.ClusterID)
		if err != nil {
			resp.Diagnostics.AddError("Could not read labels of cluster "+cluster.ClusterID, apiErrorDetail(err))
			return
		}
		cluster.Labels = labels
	}
	state, diags := clusterDataFromAPI(ctx, cluster)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
