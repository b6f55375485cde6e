package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var (
	_ datasource.DataSourceWithConfigure        = &projectDataSource{}
	_ datasource.DataSourceWithConfigValidators = &projectDataSource{}
)

// NewProjectDataSource returns the zilliz_project data source.
func NewProjectDataSource() datasource.DataSource {
	return &projectDataSource{}
}

type projectDataSource struct {
	client *zilliz.Client
}

type projectDataSourceModel struct {
	ID            types.String `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	Plan          types.String `tfsdk:"plan"`
	RegionIDs     types.Set    `tfsdk:"region_ids"`
	InstanceCount types.Int64  `tfsdk:"instance_count"`
	CreateTime    types.String `tfsdk:"create_time"`
}

func (d *projectDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_project"
}

func (d *projectDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One Zilliz Cloud project, found by `id` (`GET /v2/projects/{id}`) or by `name` (in `GET /v2/projects`). " +
			"Set exactly one of them. Use it for a project Terraform does not manage, such as the organisation's `Default Project`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The project id, such as `proj-4487580fcfe2c8a4391686`. Set this or `name`.",
				Optional:            true,
				Computed:            true,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The project name, such as `Default Project`. Set this or `id`; a name that several projects share is an error that lists their ids.",
				Optional:            true,
				Computed:            true,
			},
			"plan": schema.StringAttribute{
				MarkdownDescription: "The project's plan: `Standard`, `Enterprise` or `BusinessCritical`.",
				Computed:            true,
			},
			"region_ids": schema.SetAttribute{
				MarkdownDescription: "The regions bound to the project; null where Zilliz Cloud's answer does not list them.",
				Computed:            true,
				ElementType:         types.StringType,
			},
			"instance_count": schema.Int64Attribute{
				MarkdownDescription: "The number of clusters in the project.",
				Computed:            true,
			},
			"create_time": schema.StringAttribute{
				MarkdownDescription: "When the project was created (RFC 3339, UTC).",
				Computed:            true,
			},
		},
	}
}

func (d *projectDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *projectDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *projectDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg projectDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var p *zilliz.Project
	if id := cfg.ID.ValueString(); id != "" {
		got, err := d.client.GetProject(ctx, id)
		if err != nil {
			resp.Diagnostics.AddError("Could not read project "+id, apiErrorDetail(err))
			return
		}
		p = got
	} else {
		name := cfg.Name.ValueString()
		all, err := d.client.ListProjects(ctx)
		if err != nil {
			resp.Diagnostics.AddError("Could not list projects", apiErrorDetail(err))
			return
		}
		var ids []string
		for i := range all {
			if all[i].ProjectName == name {
				p = &all[i]
				ids = append(ids, all[i].ProjectID)
			}
		}
		switch {
		case len(ids) == 0:
			resp.Diagnostics.AddAttributeError(path.Root("name"), "No such project",
				fmt.Sprintf("The API key sees no project named %q. The zilliz_projects data source lists the projects it sees.", name))
			return
		case len(ids) > 1:
			resp.Diagnostics.AddAttributeError(path.Root("name"), "Several projects have this name",
				fmt.Sprintf("%d projects are named %q: %s. Use id instead of name.", len(ids), name, strings.Join(ids, ", ")))
			return
		}
	}
	state := projectDataSourceModel{
		ID: types.StringValue(p.ProjectID), Name: types.StringValue(p.ProjectName), Plan: types.StringValue(p.Plan),
		InstanceCount: types.Int64Value(int64(p.InstanceCount)), CreateTime: types.StringValue(p.CreateTime),
		RegionIDs: types.SetNull(types.StringType),
	}
	if p.RegionIDs != nil {
		regions, diags := types.SetValueFrom(ctx, types.StringType, p.RegionIDs)
		resp.Diagnostics.Append(diags...)
		state.RegionIDs = regions
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
