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

var _ datasource.DataSourceWithConfigure = &regionsDataSource{}

// NewRegionsDataSource returns the zilliz_regions data source.
func NewRegionsDataSource() datasource.DataSource {
	return &regionsDataSource{}
}

type regionsDataSource struct {
	client *zilliz.Client
}

type regionsDataSourceModel struct {
	CloudID types.String  `tfsdk:"cloud_id"`
	Regions []regionModel `tfsdk:"regions"`
}

type regionModel struct {
	ID      types.String `tfsdk:"id"`
	CloudID types.String `tfsdk:"cloud_id"`
	Domain  types.String `tfsdk:"domain"`
}

func (d *regionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_regions"
}

func (d *regionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the regions where Zilliz Cloud runs clusters, optionally for one cloud. " +
			"Use a region's `id` as a cluster's `region_id`.",
		Attributes: map[string]schema.Attribute{
			"cloud_id": schema.StringAttribute{
				MarkdownDescription: "Only regions of this cloud: `aws`, `gcp` or `azure`. Leave it out for every region.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf("aws", "gcp", "azure")},
			},
			"regions": schema.ListNestedAttribute{
				MarkdownDescription: "The regions, in the order the API returns them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":       schema.StringAttribute{Computed: true, MarkdownDescription: "Region id, such as `gcp-us-west1`."},
						"cloud_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The cloud: `aws`, `gcp` or `azure`."},
						"domain":   schema.StringAttribute{Computed: true, MarkdownDescription: "The control-plane domain that serves the region."},
					},
				},
			},
		},
	}
}

func (d *regionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *regionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var state regionsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	regions, err := d.client.ListRegions(ctx, state.CloudID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Could not list regions", apiErrorDetail(err))
		return
	}
	state.Regions = make([]regionModel, 0, len(regions))
	for _, r := range regions {
		state.Regions = append(state.Regions, regionModel{
			ID:      types.StringValue(r.RegionID),
			CloudID: types.StringValue(r.CloudID),
			Domain:  types.StringValue(r.Domain),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
