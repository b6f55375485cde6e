package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var _ datasource.DataSourceWithConfigure = &projectsDataSource{}

// NewProjectsDataSource returns the zilliz_projects data source.
func NewProjectsDataSource() datasource.DataSource {
	return &projectsDataSource{}
}

type projectsDataSource struct {
	client *zilliz.Client
}

type projectsDataSourceModel struct {
	Projects []projectModel `tfsdk:"projects"`
}

type projectModel struct {
	ID            types.String `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	Plan          types.String `tfsdk:"plan"`
	InstanceCount types.Int64  `tfsdk:"instance_count"`
	CreateTime    types.String `tfsdk:"create_time"`
}

func projectFromAPI(p zilliz.Project) projectModel {
	return projectModel{
		ID:            types.StringValue(p.ProjectID),
		Name:          types.StringValue(p.ProjectName),
		Plan:          types.StringValue(p.Plan),
		InstanceCount: types.Int64Value(int64(p.InstanceCount)),
		CreateTime:    types.StringValue(p.CreateTime),
	}
}

func (d *projectsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_projects"
}

func (d *projectsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Zilliz Cloud projects the API key can see. Use a project's `id` as a cluster's `project_id`.",
		Attributes: map[string]schema.Attribute{
			"projects": schema.ListNestedAttribute{
				MarkdownDescription: "The projects, in the order the API returns them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":             schema.StringAttribute{Computed: true, MarkdownDescription: "Project id, such as `proj-4487580fcfe2c8a4391686`."},
						"name":           schema.StringAttribute{Computed: true, MarkdownDescription: "Project name."},
						"plan":           schema.StringAttribute{Computed: true, MarkdownDescription: "The project's plan, such as `Standard` or `Enterprise`."},
						"instance_count": schema.Int64Attribute{Computed: true, MarkdownDescription: "Number of clusters in the project."},
						"create_time":    schema.StringAttribute{Computed: true, MarkdownDescription: "When the project was created (RFC 3339, UTC)."},
					},
				},
			},
		},
	}
}

func (d *projectsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *projectsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	projects, err := d.client.ListProjects(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Could not list projects", apiErrorDetail(err))
		return
	}
	state := projectsDataSourceModel{Projects: make([]projectModel, 0, len(projects))}
	for _, p := range projects {
		state.Projects = append(state.Projects, projectFromAPI(p))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
