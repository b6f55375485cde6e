package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var (
	_ resource.ResourceWithConfigure   = &projectResource{}
	_ resource.ResourceWithImportState = &projectResource{}
	_ resource.ResourceWithModifyPlan  = &projectResource{}
	_ resource.ResourceWithMoveState   = &projectResource{}
)

// NewProjectResource returns the zilliz_project resource.
func NewProjectResource() resource.Resource {
	return &projectResource{}
}

type projectResource struct {
	client *zilliz.Client
}

type projectResourceModel struct {
	ID            types.String `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	Plan          types.String `tfsdk:"plan"`
	RegionIDs     types.Set    `tfsdk:"region_ids"`
	InstanceCount types.Int64  `tfsdk:"instance_count"`
	CreateTime    types.String `tfsdk:"create_time"`
}

// projectIDRegexp is the form of a project id ("proj-" and lowercase hex in
// every recorded id; letters are allowed as the docs' examples use x).
var projectIDRegexp = regexp.MustCompile(`^proj-[0-9a-z]+$`)

// privateOrgDefaultProject keeps, in private state, the id of the
// organisation's Default Project as seen when the project was created or
// last read: the anchor that tells "this key belongs to the same
// organisation" (see provedProjectGone).
const privateOrgDefaultProject = "org_default_project"

func (r *projectResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_project"
}

func (r *projectResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Zilliz Cloud project: the container of clusters, with a plan and the regions it is bound to. " +
			"Created with `POST /v2/projects`. Its plan is raised in place (`PATCH /v2/projects/{id}/plan`) and regions are added in place " +
			"(`POST /v2/projects/{id}/regions`); the API can lower neither, so a lower plan or a removed region fails at plan time. " +
			"Destroying it calls `DELETE /v2/projects/{id}`, which Zilliz Cloud refuses while the project still holds clusters. " +
			"Creating and deleting projects needs an API key of an **Organization Owner**. An organisation has at most 100 projects. " +
			"The organisation's `Default Project` cannot be deleted, so it cannot be managed here: read it with the `zilliz_project` data source.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The project id, such as `proj-4487580fcfe2c8a4391686`; also the import id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The project name, 1 to 50 characters, unique in the organisation. The API has no call that renames a project, " +
					"so changing it forces a new project (and the old one must hold no clusters to be deleted).",
				Required:      true,
				PlanModifiers: replaced(),
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 50)},
			},
			"plan": schema.StringAttribute{
				MarkdownDescription: "`Standard`, `Enterprise` (the default) or `BusinessCritical`. Raising it changes the project in place; " +
					"a lower plan fails at plan time, because Zilliz Cloud only upgrades a project's plan (it answers 63104 " +
					"\"Project plan can only be upgraded, not downgraded.\").",
				Optional:      true,
				Computed:      true,
				Default:       stringdefault.StaticString(zilliz.ProjectPlanEnterprise),
				Validators:    []validator.String{stringvalidator.OneOf(zilliz.ProjectPlans...)},
				PlanModifiers: []planmodifier.String{onlyRaiseProjectPlan{}},
			},
			"region_ids": schema.SetAttribute{
				MarkdownDescription: "Regions bound to the project, such as `gcp-us-west1` (see the `zilliz_regions` data source). " +
					"Regions added here are bound in place; the API cannot unbind a region, so removing one fails at plan time. " +
					"Zilliz Cloud binds one region to a `Standard` or `Enterprise` project; several need `BusinessCritical` " +
					"(raise the plan in the same apply: the plan changes before regions are added). Left out, the project keeps " +
					"what it has. Where Zilliz Cloud's project answers do not list regions, the configured ones are kept as they are.",
				Optional:      true,
				Computed:      true,
				ElementType:   types.StringType,
				Validators:    []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown(), onlyAddProjectRegions{}},
			},
			"instance_count": schema.Int64Attribute{
				// No UseStateForUnknown: clusters made in the same apply change it.
				MarkdownDescription: "The number of clusters in the project when it was last read.",
				Computed:            true,
			},
			"create_time": schema.StringAttribute{
				MarkdownDescription: "When the project was created (RFC 3339, UTC).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *projectResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// regionList is the set's regions, sorted; nil for a null or unknown set.
func regionList(ctx context.Context, s types.Set, diags *diag.Diagnostics) []string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(s.ElementsAs(ctx, &out, false)...)
	sort.Strings(out)
	return out
}

// projectResourceFromAPI writes a project answer into the model. An answer without
// regions (the recorded form) keeps the regions the model has.
func projectResourceFromAPI(ctx context.Context, p *zilliz.Project, m *projectResourceModel) diag.Diagnostics {
	m.ID = types.StringValue(p.ProjectID)
	m.Name = types.StringValue(p.ProjectName)
	m.Plan = types.StringValue(p.Plan)
	m.InstanceCount = types.Int64Value(int64(p.InstanceCount))
	m.CreateTime = types.StringValue(p.CreateTime)
	var diags diag.Diagnostics
	switch {
	case p.RegionIDs != nil && (len(p.RegionIDs) > 0 || !m.RegionIDs.IsNull()):
		m.RegionIDs, diags = types.SetValueFrom(ctx, types.StringType, p.RegionIDs)
	case m.RegionIDs.IsUnknown():
		m.RegionIDs = types.SetNull(types.StringType)
	}
	return diags
}

// ModifyPlan refuses, at plan time, a project the organisation has no room
// for (100 projects; checked with one list call when a project is to be created).
func (r *projectResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	sayWhyReplaced(ctx, req, resp, "Project", projectReplacement...)
	if !req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	projects, err := r.client.ListProjects(ctx)
	if err != nil {
		tflog.Debug(ctx, "could not list projects to check the organisation's limit", map[string]any{"error": err.Error()})
		return
	}
	if len(projects) >= zilliz.MaxProjectsPerOrganization {
		resp.Diagnostics.AddError("No room for another project",
			fmt.Sprintf("The organisation already has %d projects, the most Zilliz Cloud allows (docs: \"a maximum of %d projects in each organization\"). "+
				"Delete a project you no longer need, or use an existing one (data source zilliz_project).", len(projects), zilliz.MaxProjectsPerOrganization))
	}
}

func (r *projectResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan projectResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	regions := regionList(ctx, plan.RegionIDs, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	name := plan.Name.ValueString()
	id, adopted, err := r.client.CreateProject(ctx, zilliz.CreateProjectRequest{ProjectName: name, Plan: plan.Plan.ValueString(), RegionIDs: regions})
	if err != nil {
		resp.Diagnostics.AddError("Could not create project "+name, accessErrorDetail(err, "create projects"))
		return
	}
	if adopted {
		resp.Diagnostics.AddWarning("Project found after a lost answer",
			fmt.Sprintf("The answer to the create request was lost, but project %s named %q, created just now, was found and is used.", id, name))
	}
	tflog.Info(ctx, "project created", map[string]any{"id": id, "name": name})
	// Recorded at once: a describe that fails now leaves the project in state.
	plan.ID = types.StringValue(id)
	if plan.InstanceCount.IsUnknown() {
		plan.InstanceCount = types.Int64Value(0)
	}
	if plan.CreateTime.IsUnknown() {
		plan.CreateTime = types.StringValue("")
	}
	if plan.RegionIDs.IsUnknown() {
		plan.RegionIDs = types.SetNull(types.StringType)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	p, err := r.client.GetProject(ctx, id)
	if err != nil {
		resp.Diagnostics.AddError("Could not read project "+id+" after creating it", apiErrorDetail(err))
		return
	}
	resp.Diagnostics.Append(projectResourceFromAPI(ctx, p, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	r.rememberOrg(ctx, nil, resp.Private)
}

// rememberOrg keeps the id of the organisation's Default Project in private
// state, once (best effort: a key that cannot list projects leaves it unset).
func (r *projectResource) rememberOrg(ctx context.Context, private privateGetter, out privateSetter) {
	if private != nil {
		if raw, _ := private.GetKey(ctx, privateOrgDefaultProject); len(raw) > 0 {
			out.SetKey(ctx, privateOrgDefaultProject, raw)
			return
		}
	}
	projects, err := r.client.ListProjects(ctx)
	if err != nil {
		return
	}
	for _, p := range projects {
		if p.ProjectName == zilliz.DefaultProjectName {
			raw, _ := json.Marshal(p.ProjectID)
			out.SetKey(ctx, privateOrgDefaultProject, raw)
			return
		}
	}
}

// provedProjectGone reports whether a project that describe answered 96012
// for ("Project org and Apikey org does not match", the answer for an id of
// no project of the key's organisation) is certainly gone: the key still
// sees its organisation's Default Project (the same one as when the project
// was created or last read), so the key is of the same organisation, and the
// project is not in that organisation's list. A key of another
// organisation, or a key that cannot list, proves nothing.
func (r *projectResource) provedProjectGone(ctx context.Context, id string, private privateGetter) bool {
	raw, _ := private.GetKey(ctx, privateOrgDefaultProject)
	var anchor string
	if len(raw) == 0 || json.Unmarshal(raw, &anchor) != nil || anchor == "" {
		return false
	}
	projects, err := r.client.ListProjects(ctx)
	if err != nil {
		return false
	}
	sameOrg := false
	for _, p := range projects {
		if p.ProjectID == id {
			return false
		}
		if p.ProjectID == anchor && p.ProjectName == zilliz.DefaultProjectName {
			sameOrg = true
		}
	}
	return sameOrg
}

// projectNoAccessAdvice explains a 96012 that proved nothing.
const projectNoAccessAdvice = "Zilliz Cloud gives this answer both for a project that no longer exists and for a project of another organisation. " +
	"The project was kept in state, because the provider's API key could not prove which: check that the key belongs to the " +
	"organisation of this project. If the project was deleted, remove it from state with `terraform state rm` (or a `removed` block)."

func (r *projectResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state projectResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	p, err := r.client.GetProject(ctx, id)
	switch {
	case zilliz.IsNotFound(err) || (zilliz.IsProjectOrgMismatch(err) && r.provedProjectGone(ctx, id, req.Private)):
		tflog.Warn(ctx, "the project is gone; removing it from state", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		return
	case zilliz.IsProjectOrgMismatch(err):
		resp.Diagnostics.AddError("Could not read project "+id, apiErrorDetail(err)+"\n\n"+projectNoAccessAdvice)
		return
	case err != nil:
		resp.Diagnostics.AddError("Could not read project "+id, apiErrorDetail(err))
		return
	}
	resp.Diagnostics.Append(projectResourceFromAPI(ctx, p, &state)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	r.rememberOrg(ctx, req.Private, resp.Private)
}

// Update raises the plan, then binds the new regions (several regions may
// need the higher plan), then reads the project.
func (r *projectResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state projectResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	have := regionList(ctx, state.RegionIDs, &resp.Diagnostics)
	want := regionList(ctx, plan.RegionIDs, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	if newPlan := plan.Plan.ValueString(); newPlan != state.Plan.ValueString() {
		if err := r.client.UpgradeProjectPlan(ctx, id, newPlan); err != nil {
			resp.Diagnostics.AddError("Could not upgrade the plan of project "+id, accessErrorDetail(err, "change projects"))
			return
		}
		tflog.Info(ctx, "project plan upgraded", map[string]any{"id": id, "plan": newPlan})
		state.Plan = plan.Plan
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
	var added []string
	for _, rg := range want {
		if !slices.Contains(have, rg) {
			added = append(added, rg)
		}
	}
	if len(added) > 0 {
		if err := r.client.AddProjectRegions(ctx, id, added); err != nil {
			resp.Diagnostics.AddError("Could not add regions to project "+id, accessErrorDetail(err, "change projects"))
			return
		}
		tflog.Info(ctx, "project regions added", map[string]any{"id": id, "regions": added})
	}
	plan.ID = state.ID
	p, err := r.client.GetProject(ctx, id)
	if err != nil {
		resp.Diagnostics.AddError("Could not read project "+id, apiErrorDetail(err))
		return
	}
	resp.Diagnostics.Append(projectResourceFromAPI(ctx, p, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *projectResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state projectResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	err := r.client.DeleteProject(ctx, id)
	switch {
	case err == nil || zilliz.IsNotFound(err):
		return
	case zilliz.IsProjectOrgMismatch(err) && r.provedProjectGone(ctx, id, req.Private):
		return
	}
	detail := accessErrorDetail(err, "delete projects")
	if p, gerr := r.client.GetProject(ctx, id); gerr == nil && p.InstanceCount > 0 {
		detail = fmt.Sprintf("The project still holds %d cluster(s). Zilliz Cloud deletes only an empty project, and the provider never drops clusters "+
			"implicitly: destroy them first (Terraform does so when they reference this project).\n\n%s", p.InstanceCount, detail)
	}
	resp.Diagnostics.AddError("Could not delete project "+id, detail)
}

// ImportState takes a project id. The Default Project is refused: it cannot
// be deleted, so Terraform could never destroy what it would own.
func (r *projectResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !projectIDRegexp.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid project import id",
			fmt.Sprintf("%q is not a project id. Use the id of the project, for example proj-4487580fcfe2c8a4391686 (see the zilliz_projects data source).", req.ID))
		return
	}
	if r.client != nil {
		if p, err := r.client.GetProject(ctx, req.ID); err == nil && p.ProjectName == zilliz.DefaultProjectName {
			resp.Diagnostics.AddError("The Default Project cannot be managed",
				"Every organisation has its Default Project and it cannot be deleted, so it cannot be a zilliz_project. Read it with the zilliz_project data source.")
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

// onlyRaiseProjectPlan refuses a plan lower than the project's current one.
type onlyRaiseProjectPlan struct{}

var _ planmodifier.String = onlyRaiseProjectPlan{}

func (onlyRaiseProjectPlan) Description(context.Context) string {
	return "a project's plan can be raised in place but never lowered"
}
func (m onlyRaiseProjectPlan) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (onlyRaiseProjectPlan) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.PlanValue.IsUnknown() || req.PlanValue.IsNull() {
		return
	}
	from, to := req.StateValue.ValueString(), req.PlanValue.ValueString()
	if zilliz.ProjectPlanRank(to) >= 0 && zilliz.ProjectPlanRank(from) > zilliz.ProjectPlanRank(to) {
		resp.Diagnostics.AddAttributeError(req.Path, "A project's plan cannot be lowered",
			fmt.Sprintf("The project's plan is %s; %s is lower. Zilliz Cloud only upgrades a project's plan (Standard < Enterprise < BusinessCritical): "+
				"keep plan = %q, or create a new project with the lower plan and move the clusters there.", from, to, from))
	}
}

// onlyAddProjectRegions refuses a region_ids that leaves out a region the
// project has: the API can bind regions but never unbind one.
type onlyAddProjectRegions struct{}

var _ planmodifier.Set = onlyAddProjectRegions{}

func (onlyAddProjectRegions) Description(context.Context) string {
	return "regions can be added in place but never removed"
}
func (m onlyAddProjectRegions) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (onlyAddProjectRegions) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.PlanValue.IsUnknown() || req.PlanValue.IsNull() {
		return
	}
	var diags diag.Diagnostics
	have := regionList(ctx, req.StateValue, &diags)
	want := regionList(ctx, resp.PlanValue, &diags)
	if diags.HasError() {
		return
	}
	var removed []string
	for _, rg := range have {
		if !slices.Contains(want, rg) {
			removed = append(removed, rg)
		}
	}
	if len(removed) > 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Regions cannot be removed from a project",
			fmt.Sprintf("The project is bound to %s, which region_ids leaves out. Zilliz Cloud can add regions to a project but has no call that removes one: "+
				"keep %s in region_ids (a region bound outside Terraform must be added to it too).", strings.Join(removed, ", "), strings.Join(removed, ", ")))
	}
}

// officialProject is a zillizcloud_project in state (schema version 0:
// id, project_name, plan, region_ids; /work/shared/official-zillizcloud/schemas.json).
type officialProject struct {
	ID          string   `json:"id"`
	ProjectName string   `json:"project_name"`
	Plan        *string  `json:"plan"`
	RegionIDs   []string `json:"region_ids"`
}

func (r *projectResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: moveProjectFromOfficial}}
}

// moveProjectFromOfficial turns a zillizcloud_project into a zilliz_project
// without a call: the next refresh reads the rest.
func moveProjectFromOfficial(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	var src officialProject
	if !officialSource(req, resp, "zillizcloud_project", `zilliz_project.<name> id = "<project id>"`, &src) {
		return
	}
	if !projectIDRegexp.MatchString(src.ID) || src.ProjectName == "" {
		resp.Diagnostics.AddError("Cannot move zillizcloud_project", "The source state has no project id or project_name: was the project ever created? "+
			"Import it instead with `import { to = zilliz_project.<name> id = \"<project id>\" }`.")
		return
	}
	plan := deref(src.Plan)
	if plan == "" {
		plan = zilliz.ProjectPlanEnterprise // the official provider's default, as ours
	}
	if zilliz.ProjectPlanRank(plan) < 0 {
		resp.Diagnostics.AddAttributeError(path.Root("plan"), "Cannot move zillizcloud_project.plan",
			fmt.Sprintf("zillizcloud_project %s has plan %q, none of %s.", src.ID, plan, strings.Join(zilliz.ProjectPlans, ", ")))
		return
	}
	m := projectResourceModel{
		ID: types.StringValue(src.ID), Name: types.StringValue(src.ProjectName), Plan: types.StringValue(plan),
		RegionIDs: types.SetNull(types.StringType), InstanceCount: types.Int64Value(0), CreateTime: types.StringValue(""),
	}
	if len(src.RegionIDs) > 0 {
		var d diag.Diagnostics
		m.RegionIDs, d = types.SetValueFrom(ctx, types.StringType, src.RegionIDs)
		resp.Diagnostics.Append(d...)
	}
	tflog.Info(ctx, "moving zillizcloud_project to zilliz_project", map[string]any{"id": src.ID})
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
}
