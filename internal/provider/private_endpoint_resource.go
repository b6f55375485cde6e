package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var (
	_ resource.ResourceWithConfigure      = &privateEndpointResource{}
	_ resource.ResourceWithImportState    = &privateEndpointResource{}
	_ resource.ResourceWithValidateConfig = &privateEndpointResource{}
)

// NewPrivateEndpointResource returns the zilliz_private_endpoint resource.
func NewPrivateEndpointResource() resource.Resource {
	return &privateEndpointResource{}
}

type privateEndpointResource struct {
	client *zilliz.Client
}

type privateEndpointResourceModel struct {
	ID                    types.String `tfsdk:"id"`
	ProjectID             types.String `tfsdk:"project_id"`
	RegionID              types.String `tfsdk:"region_id"`
	EndpointID            types.String `tfsdk:"endpoint_id"`
	GCPProjectID          types.String `tfsdk:"gcp_project_id"`
	CloudID               types.String `tfsdk:"cloud_id"`
	EndpointService       types.String `tfsdk:"endpoint_service"`
	EndpointServiceStatus types.String `tfsdk:"endpoint_service_status"`
	EndpointStatus        types.String `tfsdk:"endpoint_status"`
}

// awsEndpointIDRegexp is the form of an AWS VPC endpoint id: "vpce-" and 8
// or 17 hexadecimal digits.
var awsEndpointIDRegexp = regexp.MustCompile(`^vpce-([0-9a-f]{8}|[0-9a-f]{17})$`)

// privateEndpointIDRegexp parses the id and import id.
var privateEndpointIDRegexp = regexp.MustCompile(`^(proj-[0-9a-z]+)/([a-z]+-[a-z0-9-]+)/([^/\s]+)$`)

func privateEndpointID(projectID, regionID, endpointID string) string {
	return projectID + "/" + regionID + "/" + endpointID
}

func (r *privateEndpointResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_private_endpoint"
}

func (r *privateEndpointResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	forcesNew := " The API has no call that changes an endpoint's registration, so changing this forces a new one."
	resp.Schema = schema.Schema{
		MarkdownDescription: "Registers a private endpoint of your cloud account (an AWS VPC interface endpoint, an Azure private endpoint, " +
			"a Google Cloud Private Service Connect endpoint) with a Zilliz Cloud project, so that its clusters are reached privately " +
			"(`POST /v2/projects/{projectId}/privateEndpoints`). Nothing changes in place. Destroying it removes the registration " +
			"(`DELETE /v2/projects/{projectId}/privateEndpoints/{endpointId}`); the endpoint in your cloud account is yours to remove.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<project_id>/<region_id>/<endpoint_id>`; also the import id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"project_id": schema.StringAttribute{
				MarkdownDescription: "The project, such as `zilliz_project.search.id` or a literal `proj-…` id." + forcesNew,
				Required:            true,
				PlanModifiers:       replaced(),
				Validators:          []validator.String{stringvalidator.RegexMatches(projectIDRegexp, "must be a project id such as proj-4487580fcfe2c8a4391686")},
			},
			"region_id": schema.StringAttribute{
				MarkdownDescription: "The cloud region of the endpoint, such as `aws-us-west-2` (see the `zilliz_regions` data source)." + forcesNew,
				Required:            true,
				PlanModifiers:       replaced(),
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"endpoint_id": schema.StringAttribute{
				MarkdownDescription: "The endpoint's id in your cloud account: on AWS the VPC endpoint id (`vpce-` and 8 or 17 hexadecimal digits)." + forcesNew,
				Required:            true,
				PlanModifiers:       replaced(),
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"gcp_project_id": schema.StringAttribute{
				MarkdownDescription: "The Google Cloud project of the endpoint: required for Google Cloud regions (`gcp-…`), not allowed elsewhere." + forcesNew,
				Optional:            true,
				PlanModifiers:       replaced(),
			},
			"cloud_id": schema.StringAttribute{
				MarkdownDescription: "The cloud provider: `aws`, `gcp` or `azure`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"endpoint_service": schema.StringAttribute{
				MarkdownDescription: "The Zilliz Cloud endpoint service the endpoint connects to.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"endpoint_service_status": schema.StringAttribute{
				MarkdownDescription: "The status of the Zilliz Cloud side, as last read.",
				Computed:            true,
			},
			"endpoint_status": schema.StringAttribute{
				MarkdownDescription: "The status of the endpoint's connection, as last read.",
				Computed:            true,
			},
		},
	}
}

func (r *privateEndpointResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig: Google Cloud regions need gcp_project_id ("required for
// Google Cloud regions", Create Private Endpoint (V2)) and others take none
// (they would never read it back); AWS endpoint ids have AWS's form.
func (r *privateEndpointResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg privateEndpointResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.RegionID.IsUnknown() || cfg.RegionID.IsNull() {
		return
	}
	region := cfg.RegionID.ValueString()
	gcp := strings.HasPrefix(region, "gcp-")
	switch {
	case gcp && cfg.GCPProjectID.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("gcp_project_id"), "gcp_project_id is required",
			fmt.Sprintf("%s is a Google Cloud region: set gcp_project_id to the Google Cloud project of the Private Service Connect endpoint.", region))
	case !gcp && !cfg.GCPProjectID.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("gcp_project_id"), "gcp_project_id is only for Google Cloud",
			fmt.Sprintf("%s is not a Google Cloud region: remove gcp_project_id.", region))
	}
	if strings.HasPrefix(region, "aws-") && !cfg.EndpointID.IsUnknown() && !cfg.EndpointID.IsNull() && !awsEndpointIDRegexp.MatchString(cfg.EndpointID.ValueString()) {
		resp.Diagnostics.AddAttributeError(path.Root("endpoint_id"), "Not an AWS VPC endpoint id",
			fmt.Sprintf("%q is not a VPC endpoint id: on AWS it is vpce- and 8 or 17 hexadecimal digits, such as vpce-0123456789abcdef0 "+
				"(aws_vpc_endpoint.<name>.id).", cfg.EndpointID.ValueString()))
	}
}

// privateEndpointFromAPI writes a list entry into the model.
func privateEndpointFromAPI(projectID string, e *zilliz.PrivateEndpoint, m *privateEndpointResourceModel) {
	m.ID = types.StringValue(privateEndpointID(projectID, e.RegionID, e.EndpointID))
	m.ProjectID = types.StringValue(projectID)
	m.RegionID = types.StringValue(e.RegionID)
	m.EndpointID = types.StringValue(e.EndpointID)
	m.GCPProjectID = types.StringNull()
	if e.GCPProjectID != nil && *e.GCPProjectID != "" {
		m.GCPProjectID = types.StringValue(*e.GCPProjectID)
	}
	m.CloudID = types.StringValue(e.CloudID)
	m.EndpointService = types.StringValue(e.EndpointService)
	m.EndpointServiceStatus = types.StringValue(e.EndpointServiceStatus)
	m.EndpointStatus = types.StringValue(e.EndpointStatus)
}

func (r *privateEndpointResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan privateEndpointResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	project, region, endpoint := plan.ProjectID.ValueString(), plan.RegionID.ValueString(), plan.EndpointID.ValueString()
	err := r.client.CreatePrivateEndpoint(ctx, project, zilliz.CreatePrivateEndpointRequest{
		RegionID: region, EndpointID: endpoint, GCPProjectID: plan.GCPProjectID.ValueString()})
	if err != nil {
		resp.Diagnostics.AddError("Could not register private endpoint "+endpoint, accessErrorDetail(err, "change this project"))
		return
	}
	tflog.Info(ctx, "private endpoint registered", map[string]any{"project": project, "region": region, "endpoint": endpoint})
	plan.ID = types.StringValue(privateEndpointID(project, region, endpoint))
	for _, v := range []*types.String{&plan.CloudID, &plan.EndpointService, &plan.EndpointServiceStatus, &plan.EndpointStatus} {
		if v.IsUnknown() {
			*v = types.StringValue("")
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	e, err := r.client.FindPrivateEndpoint(ctx, project, region, endpoint)
	if err != nil {
		resp.Diagnostics.AddError("Could not read private endpoint "+endpoint+" after registering it", apiErrorDetail(err))
		return
	}
	privateEndpointFromAPI(project, e, &plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *privateEndpointResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state privateEndpointResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	project, endpoint := state.ProjectID.ValueString(), state.EndpointID.ValueString()
	e, err := r.client.FindPrivateEndpoint(ctx, project, state.RegionID.ValueString(), endpoint)
	switch {
	case zilliz.IsNotFound(err):
		tflog.Warn(ctx, "the private endpoint is gone; removing it from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.AddError("Could not read private endpoint "+endpoint, apiErrorDetail(err))
		return
	}
	privateEndpointFromAPI(project, e, &state)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update has nothing to send: every argument forces a new endpoint, so only
// a plan without changes can get here; it keeps the state.
func (r *privateEndpointResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var state privateEndpointResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete removes the registration. Whatever the answer, an endpoint the
// project's list no longer holds is gone, which is what destroy wants (the
// code for "no such endpoint" is not documented).
func (r *privateEndpointResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state privateEndpointResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	project, region, endpoint := state.ProjectID.ValueString(), state.RegionID.ValueString(), state.EndpointID.ValueString()
	err := r.client.DeletePrivateEndpoint(ctx, project, endpoint, region, state.GCPProjectID.ValueString())
	if err == nil {
		return
	}
	if _, ferr := r.client.FindPrivateEndpoint(ctx, project, region, endpoint); zilliz.IsNotFound(ferr) {
		return
	}
	resp.Diagnostics.AddError("Could not remove private endpoint "+endpoint, accessErrorDetail(err, "change this project"))
}

// ImportState takes <project_id>/<region_id>/<endpoint_id>.
func (r *privateEndpointResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	m := privateEndpointIDRegexp.FindStringSubmatch(req.ID)
	if m == nil {
		resp.Diagnostics.AddError("Invalid private endpoint import id",
			fmt.Sprintf("%q is not a private endpoint id. Use <project id>/<region id>/<endpoint id>, "+
				"for example proj-4487580fcfe2c8a4391686/aws-us-west-2/vpce-0123456789abcdef0", req.ID))
		return
	}
	var diags diag.Diagnostics
	diags.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	diags.Append(resp.State.SetAttribute(ctx, path.Root("project_id"), m[1])...)
	diags.Append(resp.State.SetAttribute(ctx, path.Root("region_id"), m[2])...)
	diags.Append(resp.State.SetAttribute(ctx, path.Root("endpoint_id"), m[3])...)
	resp.Diagnostics.Append(diags...)
}
