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

var _ datasource.DataSourceWithConfigure = &collectionAliasesDataSource{}

// NewCollectionAliasesDataSource returns the zilliz_collection_aliases data source.
func NewCollectionAliasesDataSource() datasource.DataSource {
	return &collectionAliasesDataSource{}
}

type collectionAliasesDataSource struct {
	client *zilliz.Client
}

type collectionAliasesDataSourceModel struct {
	ClusterEndpoint types.String      `tfsdk:"cluster_endpoint"`
	Database        types.String      `tfsdk:"database"`
	Token           types.String      `tfsdk:"token"`
	CollectionName  types.String      `tfsdk:"collection_name"`
	Names           []string          `tfsdk:"names"`
	Collections     map[string]string `tfsdk:"collections"`
}

func (d *collectionAliasesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_collection_aliases"
}

func (d *collectionAliasesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := endpointArguments()
	attrs["collection_name"] = schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: "List only the aliases of this collection. Without it, every alias of the database is listed.",
		Validators:          []validator.String{stringvalidator.RegexMatches(collectionNameRegexp, collectionNameRule)},
	}
	attrs["names"] = schema.ListAttribute{
		Computed:            true,
		ElementType:         types.StringType,
		MarkdownDescription: "The alias names, sorted.",
	}
	attrs["collections"] = schema.MapAttribute{
		Computed:            true,
		ElementType:         types.StringType,
		MarkdownDescription: "The collection each alias names, by alias.",
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the aliases of one collection, or of a whole database, on a cluster endpoint " +
			"(`POST {cluster_endpoint}/v2/vectordb/aliases/list`, then `aliases/describe` for each).",
		Attributes: attrs,
	}
}

func (d *collectionAliasesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *collectionAliasesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state collectionAliasesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(d.client, state.ClusterEndpoint, state.Token, tokenArgument, &resp.Diagnostics)
	if dp == nil {
		return
	}
	db := databaseOrDefault(state.Database)
	names, err := dp.ListAliases(ctx, db, state.CollectionName.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Could not list aliases in database "+db, apiErrorDetail(err))
		return
	}
	state.Names = names
	state.Collections = make(map[string]string, len(names))
	for _, name := range names {
		a, err := dp.DescribeAlias(ctx, db, name)
		if err != nil {
			resp.Diagnostics.AddError("Could not read alias "+name, apiErrorDetail(err))
			return
		}
		state.Collections[name] = a.CollectionName
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
