package provider

import (
	"context"
	"fmt"
	"regexp"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
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
	_ resource.ResourceWithConfigure      = &apiKeyResource{}
	_ resource.ResourceWithImportState    = &apiKeyResource{}
	_ resource.ResourceWithValidateConfig = &apiKeyResource{}
	_ resource.ResourceWithModifyPlan     = &apiKeyResource{}
	_ resource.ResourceWithMoveState      = &apiKeyResource{}
)

// NewAPIKeyResource returns the zilliz_api_key resource.
func NewAPIKeyResource() resource.Resource {
	return &apiKeyResource{}
}

type apiKeyResource struct {
	client *zilliz.Client
}

type apiKeyResourceModel struct {
	ID            types.String `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	Description   types.String `tfsdk:"description"`
	OrgRole       types.String `tfsdk:"org_role"`
	ProjectAccess types.Set    `tfsdk:"project_access"`
	Key           types.String `tfsdk:"key"`
	CreateTime    types.String `tfsdk:"create_time"`
	CreatedBy     types.String `tfsdk:"created_by"`
	CreatorName   types.String `tfsdk:"creator_name"`
}

// apiKeyAccessModel is one project_access block.
type apiKeyAccessModel struct {
	ProjectID   types.String `tfsdk:"project_id"`
	Role        types.String `tfsdk:"role"`
	ClusterIDs  types.Set    `tfsdk:"cluster_ids"`
	AllClusters types.Bool   `tfsdk:"all_clusters"`
}

var apiKeyAccessType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"project_id": types.StringType, "role": types.StringType,
	"cluster_ids": types.SetType{ElemType: types.StringType}, "all_clusters": types.BoolType,
}}

// apiKeyIDRegexp is the form of a key id ("key-xxxxxxxxxxxxxx" in the
// reference pages).
var apiKeyIDRegexp = regexp.MustCompile(`^key-[0-9A-Za-z]+$`)

func (r *apiKeyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key"
}

func (r *apiKeyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A customized Zilliz Cloud API key for an application or a pipeline, with an organisation role and, for a `Member`, " +
			"a role in each project it may reach (`POST /v2/api-keys`). Its secret, `key`, is returned **only once**, when the key is created: " +
			"it is kept (sensitive) in state from then on, and an imported key has none. Name, description, roles and cluster lists change in " +
			"place (`PUT /v2/api-keys/{id}`, which replaces the whole role set; the secret stays the same). Destroying it deletes the key, and " +
			"its secret stops working. Managing API keys needs the provider's API key to be an **Organization Owner**'s. An organisation has at " +
			"most 100 customized keys.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The key's id, such as `key-0123456789abcd` (not the secret); also the import id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The key's display name; not blank. Changes in place.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must not be blank")},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "What the key is for. Changes in place.",
				Optional:            true,
			},
			"org_role": schema.StringAttribute{
				MarkdownDescription: "The key's organisation role: `Member` (reaches only the projects in `project_access`), `Billing-Admin` " +
					"(billing only, no project) or `Owner` (everything; the official provider reports that Zilliz Cloud creates Owner keys only in the console). " +
					"Changes in place.",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(zilliz.OrgRoleMember, zilliz.OrgRoleBillingAdmin, zilliz.OrgRoleOwner)},
			},
			"key": schema.StringAttribute{
				MarkdownDescription: "The secret to authenticate with (`Authorization: Bearer <key>`). Zilliz Cloud returns it only in the answer to the " +
					"create call, so it is known only for keys this configuration created: null after an import. Sensitive; hand it to a secret store " +
					"in the same apply (see the example).",
				Computed:      true,
				Sensitive:     true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"create_time": schema.StringAttribute{
				MarkdownDescription: "When the key was created (RFC 3339, UTC).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"created_by": schema.StringAttribute{
				MarkdownDescription: "Who created the key: an email address, or the id of the API key that created it.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"creator_name": schema.StringAttribute{
				MarkdownDescription: "The display name of the key's creator.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"project_access": schema.SetNestedBlock{
				MarkdownDescription: "A project the key may reach and its role there; one block per project. Required (at least one) when " +
					"`org_role` is `Member`, not allowed otherwise. Changes in place.",
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"project_id": schema.StringAttribute{
							MarkdownDescription: "The project, such as `zilliz_project.search.id`.",
							Required:            true,
						},
						"role": schema.StringAttribute{
							MarkdownDescription: "`Admin`, `Read-Write` or `Read-Only` in that project.",
							Required:            true,
							Validators:          []validator.String{stringvalidator.OneOf(zilliz.ProjectRoleAdmin, zilliz.ProjectRoleReadWrite, zilliz.ProjectRoleReadOnly)},
						},
						"cluster_ids": schema.SetAttribute{
							MarkdownDescription: "The clusters of the project the key may reach, such as `[zilliz_cluster.main.id]`. Set this or `all_clusters = true`.",
							Optional:            true,
							ElementType:         types.StringType,
							Validators:          []validator.Set{setvalidator.SizeAtLeast(1)},
						},
						"all_clusters": schema.BoolAttribute{
							MarkdownDescription: "`true`: every cluster of the project, including clusters created later. Set this or `cluster_ids`.",
							Optional:            true,
						},
					},
				},
			},
		},
	}
}

func (r *apiKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// accessBlocks reads the project_access set (empty when null or unknown).
func accessBlocks(ctx context.Context, s types.Set, diags *diag.Diagnostics) []apiKeyAccessModel {
	var out []apiKeyAccessModel
	if s.IsNull() || s.IsUnknown() {
		return out
	}
	diags.Append(s.ElementsAs(ctx, &out, false)...)
	return out
}

// ValidateConfig holds the rules of Create API Key (V2) that a configuration
// shows: project access is required for a Member and means nothing for the
// other roles, and each project grants either every cluster or listed ones
// (the API ignores clusterIds while allCluster is true).
func (r *apiKeyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg apiKeyResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	blocks := accessBlocks(ctx, cfg.ProjectAccess, &resp.Diagnostics)
	if !cfg.OrgRole.IsUnknown() && !cfg.ProjectAccess.IsUnknown() {
		switch role := cfg.OrgRole.ValueString(); {
		case role == zilliz.OrgRoleMember && len(blocks) == 0:
			resp.Diagnostics.AddAttributeError(path.Root("project_access"), "A Member key needs project access",
				`org_role = "Member" reaches only the projects it is given: add at least one project_access block.`)
		case role != zilliz.OrgRoleMember && len(blocks) > 0:
			resp.Diagnostics.AddAttributeError(path.Root("project_access"), "Project access is only for Member keys",
				fmt.Sprintf("An %s key is not given projects: an Owner key reaches every project and a Billing-Admin key none. "+
					"Remove the project_access blocks, or use org_role = \"Member\".", role))
		}
	}
	seen := map[string]bool{}
	for _, b := range blocks {
		p := path.Root("project_access")
		if !b.ProjectID.IsUnknown() && !b.ProjectID.IsNull() {
			if seen[b.ProjectID.ValueString()] {
				resp.Diagnostics.AddAttributeError(p, "A project is given twice",
					fmt.Sprintf("Project %s has two project_access blocks; give it one, with one role.", b.ProjectID.ValueString()))
			}
			seen[b.ProjectID.ValueString()] = true
		}
		if b.AllClusters.IsUnknown() || b.ClusterIDs.IsUnknown() {
			continue
		}
		all := !b.AllClusters.IsNull() && b.AllClusters.ValueBool()
		switch {
		case !b.AllClusters.IsNull() && !b.AllClusters.ValueBool():
			resp.Diagnostics.AddAttributeError(p, "all_clusters = false",
				"Leave all_clusters out and list the clusters in cluster_ids instead, or set all_clusters = true.")
		case all && !b.ClusterIDs.IsNull():
			resp.Diagnostics.AddAttributeError(p, "Both all_clusters and cluster_ids",
				"all_clusters = true already gives every cluster of the project (Zilliz Cloud ignores cluster_ids then): set one of them.")
		case !all && b.ClusterIDs.IsNull():
			resp.Diagnostics.AddAttributeError(p, "No clusters given",
				"Each project_access needs cluster_ids (the clusters the key may reach) or all_clusters = true.")
		}
	}
}

// ModifyPlan checks, when a key is to be created, what one list call can
// tell at plan time: that the provider's key may manage API keys at all
// (an Organization Owner's) and that the organisation has room for another
// (100 customized keys).
func (r *apiKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	keys, err := r.client.ListAPIKeys(ctx)
	switch {
	case zilliz.IsOwnerRequired(err):
		resp.Diagnostics.AddError("The provider's API key may not manage API keys", accessErrorDetail(err, "manage API keys"))
	case err != nil:
		tflog.Debug(ctx, "could not list API keys to check the organisation's limit", map[string]any{"error": err.Error()})
	case len(keys) >= zilliz.MaxAPIKeysPerOrganization:
		resp.Diagnostics.AddError("No room for another API key",
			fmt.Sprintf("The organisation already has %d customized API keys, the most Zilliz Cloud allows (docs: \"up to %d customized API keys\"). "+
				"Delete keys that are no longer used (the zilliz_api_keys data source lists them).", len(keys), zilliz.MaxAPIKeysPerOrganization))
	}
}

// apiKeyRequest is the create or update body the model asks for.
func apiKeyRequest(ctx context.Context, m apiKeyResourceModel, diags *diag.Diagnostics) zilliz.APIKeyRequest {
	req := zilliz.APIKeyRequest{Name: m.Name.ValueString(), Description: m.Description.ValueString(), OrgRole: m.OrgRole.ValueString()}
	for _, b := range accessBlocks(ctx, m.ProjectAccess, diags) {
		a := zilliz.APIKeyProjectAccess{ProjectID: b.ProjectID.ValueString(), Role: b.Role.ValueString(), AllCluster: b.AllClusters.ValueBool()}
		if !a.AllCluster {
			diags.Append(b.ClusterIDs.ElementsAs(ctx, &a.ClusterIDs, false)...)
			sort.Strings(a.ClusterIDs)
		}
		req.Projects = append(req.Projects, a)
	}
	sort.Slice(req.Projects, func(i, j int) bool { return req.Projects[i].ProjectID < req.Projects[j].ProjectID })
	return req
}

// apiKeyFromAPI writes a key answer into the model; the secret is never in it.
func apiKeyFromAPI(ctx context.Context, k *zilliz.APIKey, m *apiKeyResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(k.APIKeyID)
	m.Name = types.StringValue(k.Name)
	if k.Description != "" || !m.Description.IsNull() {
		m.Description = types.StringValue(k.Description)
	}
	m.OrgRole = types.StringValue(k.OrgRole)
	m.CreateTime = types.StringValue(k.CreateTime)
	m.CreatedBy = types.StringValue(k.CreatedBy)
	m.CreatorName = types.StringValue(k.CreatorName)
	if m.Key.IsUnknown() {
		m.Key = types.StringNull()
	}
	var blocks []attr.Value
	for _, p := range k.Projects {
		clusters := types.SetNull(types.StringType)
		all := types.BoolNull()
		if p.AllCluster {
			all = types.BoolValue(true)
		} else {
			ids := []string{}
			for _, c := range p.Clusters {
				ids = append(ids, c.ClusterID)
			}
			var d diag.Diagnostics
			clusters, d = types.SetValueFrom(ctx, types.StringType, ids)
			diags.Append(d...)
		}
		obj, d := types.ObjectValue(apiKeyAccessType.AttrTypes, map[string]attr.Value{
			"project_id": types.StringValue(p.ProjectID), "role": types.StringValue(p.Role), "cluster_ids": clusters, "all_clusters": all,
		})
		diags.Append(d...)
		blocks = append(blocks, obj)
	}
	if len(blocks) == 0 {
		// A key without projects has an empty block set, as a configuration
		// without project_access blocks does.
		m.ProjectAccess = types.SetValueMust(apiKeyAccessType, []attr.Value{})
		return diags
	}
	var d diag.Diagnostics
	m.ProjectAccess, d = types.SetValue(apiKeyAccessType, blocks)
	diags.Append(d...)
	return diags
}

func (r *apiKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan apiKeyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	body := apiKeyRequest(ctx, plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	created, err := r.client.CreateAPIKey(ctx, body)
	if err != nil {
		resp.Diagnostics.AddError("Could not create API key "+body.Name, accessErrorDetail(err, "manage API keys"))
		return
	}
	tflog.Info(ctx, "API key created", map[string]any{"id": created.APIKeyID, "name": body.Name})
	// The secret exists only in this answer: into state before anything else can fail.
	plan.ID = types.StringValue(created.APIKeyID)
	plan.Key = types.StringValue(created.Secret)
	for _, v := range []*types.String{&plan.CreateTime, &plan.CreatedBy, &plan.CreatorName} {
		if v.IsUnknown() {
			*v = types.StringValue("")
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if created.Secret == "" {
		resp.Diagnostics.AddWarning("No secret in the create answer",
			fmt.Sprintf("Zilliz Cloud created API key %s but its answer carried no secret, so `key` is empty. Create a new secret in the console.", created.APIKeyID))
	}
	k, err := r.client.DescribeAPIKey(ctx, created.APIKeyID)
	if err != nil {
		resp.Diagnostics.AddError("Could not read API key "+created.APIKeyID+" after creating it", apiErrorDetail(err))
		return
	}
	resp.Diagnostics.Append(apiKeyFromAPI(ctx, k, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *apiKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state apiKeyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	k, err := r.client.DescribeAPIKey(ctx, id)
	switch {
	case zilliz.IsNotFound(err):
		tflog.Warn(ctx, "the API key is gone; removing it from state", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.AddError("Could not read API key "+id, accessErrorDetail(err, "read API keys"))
		return
	}
	resp.Diagnostics.Append(apiKeyFromAPI(ctx, k, &state)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update sends the whole key as planned (the API replaces the role set)
// and keeps the secret.
func (r *apiKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state apiKeyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	body := apiKeyRequest(ctx, plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	if err := r.client.UpdateAPIKey(ctx, id, body); err != nil {
		resp.Diagnostics.AddError("Could not update API key "+id, accessErrorDetail(err, "manage API keys"))
		return
	}
	tflog.Info(ctx, "API key updated", map[string]any{"id": id})
	k, err := r.client.DescribeAPIKey(ctx, id)
	if err != nil {
		resp.Diagnostics.AddError("Could not read API key "+id, apiErrorDetail(err))
		return
	}
	plan.ID, plan.Key = state.ID, state.Key
	resp.Diagnostics.Append(apiKeyFromAPI(ctx, k, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *apiKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state apiKeyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	if err := r.client.DeleteAPIKey(ctx, id); err != nil && !zilliz.IsNotFound(err) {
		resp.Diagnostics.AddError("Could not delete API key "+id, accessErrorDetail(err, "manage API keys"))
	}
}

// ImportState takes a key id. The secret cannot be read back: `key` stays null.
func (r *apiKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !apiKeyIDRegexp.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid API key import id",
			fmt.Sprintf("%q is not an API key id. Use the key's id (not its secret), for example key-0123456789abcd (see the zilliz_api_keys data source).", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("key"), types.StringNull())...)
}

// officialAPIKey is a zillizcloud_api_key in state (schema version 0).
type officialAPIKey struct {
	ID            string  `json:"id"`
	Name          string  `json:"name"`
	Role          string  `json:"role"`
	KeyValue      *string `json:"key_value"`
	CreateTime    *string `json:"create_time"`
	CreatedBy     *string `json:"created_by"`
	CreatorName   *string `json:"creator_name"`
	ProjectAccess []struct {
		ProjectID  string   `json:"project_id"`
		Role       *string  `json:"role"`
		AllCluster *bool    `json:"all_cluster"`
		ClusterIDs []string `json:"cluster_ids"`
	} `json:"project_access"`
}

func (r *apiKeyResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: moveAPIKeyFromOfficial}}
}

// moveAPIKeyFromOfficial turns a zillizcloud_api_key into a zilliz_api_key
// without a call, secret included: the official provider kept it in state
// (key_value), and this is the only place it can come from.
func moveAPIKeyFromOfficial(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	var src officialAPIKey
	if !officialSource(req, resp, "zillizcloud_api_key", `zilliz_api_key.<name> id = "<key id>"`, &src) {
		return
	}
	if !apiKeyIDRegexp.MatchString(src.ID) || src.Name == "" || src.Role == "" {
		resp.Diagnostics.AddError("Cannot move zillizcloud_api_key", "The source state has no key id, name or role: was the key ever created? "+
			"Import it instead with `import { to = zilliz_api_key.<name> id = \"<key id>\" }`.")
		return
	}
	m := apiKeyResourceModel{
		ID: types.StringValue(src.ID), Name: types.StringValue(src.Name), Description: types.StringNull(), OrgRole: types.StringValue(src.Role),
		Key: types.StringPointerValue(src.KeyValue), CreateTime: types.StringValue(deref(src.CreateTime)),
		CreatedBy: types.StringValue(deref(src.CreatedBy)), CreatorName: types.StringValue(deref(src.CreatorName)),
	}
	if deref(src.KeyValue) == "" {
		m.Key = types.StringNull() // the official provider writes "" for an imported key
	}
	blocks := []attr.Value{}
	for i, pa := range src.ProjectAccess {
		role := deref(pa.Role)
		all := pa.AllCluster != nil && *pa.AllCluster
		if role == "" || (!all && len(pa.ClusterIDs) == 0) {
			resp.Diagnostics.AddAttributeError(path.Root("project_access"), "Cannot move zillizcloud_api_key.project_access",
				fmt.Sprintf("project_access[%d] (project %s) has no role or neither all_cluster nor cluster_ids; refresh it with the zillizcloud provider first.", i, pa.ProjectID))
			return
		}
		clusters, allv := types.SetNull(types.StringType), types.BoolNull()
		if all {
			allv = types.BoolValue(true)
		} else {
			var d diag.Diagnostics
			clusters, d = types.SetValueFrom(ctx, types.StringType, pa.ClusterIDs)
			resp.Diagnostics.Append(d...)
		}
		obj, d := types.ObjectValue(apiKeyAccessType.AttrTypes, map[string]attr.Value{
			"project_id": types.StringValue(pa.ProjectID), "role": types.StringValue(role), "cluster_ids": clusters, "all_clusters": allv,
		})
		resp.Diagnostics.Append(d...)
		blocks = append(blocks, obj)
	}
	var d diag.Diagnostics
	m.ProjectAccess, d = types.SetValue(apiKeyAccessType, blocks)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "moving zillizcloud_api_key to zilliz_api_key", map[string]any{"id": src.ID})
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
}
