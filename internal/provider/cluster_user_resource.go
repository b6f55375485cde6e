package provider

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var (
	_ resource.ResourceWithConfigure        = &clusterUserResource{}
	_ resource.ResourceWithImportState      = &clusterUserResource{}
	_ resource.ResourceWithValidateConfig   = &clusterUserResource{}
	_ resource.ResourceWithConfigValidators = &clusterUserResource{}
	_ resource.ResourceWithModifyPlan       = &clusterUserResource{}
	_ resource.ResourceWithMoveState        = &clusterUserResource{}
)

// NewClusterUserResource returns the zilliz_cluster_user resource.
func NewClusterUserResource() resource.Resource {
	return &clusterUserResource{}
}

type clusterUserResource struct {
	client *zilliz.Client
	walk   *planWalk
}

type clusterUserResourceModel struct {
	ID                 types.String   `tfsdk:"id"`
	ClusterEndpoint    types.String   `tfsdk:"cluster_endpoint"`
	Name               types.String   `tfsdk:"name"`
	Password           types.String   `tfsdk:"password"`
	PasswordWO         types.String   `tfsdk:"password_wo"`
	PasswordWOVersion  types.Int64    `tfsdk:"password_wo_version"`
	PreviousPasswordWO types.String   `tfsdk:"previous_password_wo"`
	Roles              types.Set      `tfsdk:"roles"`
	Token              types.String   `tfsdk:"token"`
	Timeouts           timeouts.Value `tfsdk:"timeouts"`
}

// The password of a user cannot be read back, and the cluster changes it
// only when given the current one (update_password: NewPasswordReq needs
// `password` and `newPassword`; a wrong current password is refused with
// 1400, even for an administrator, per Milvus's RBAC tests). The current
// password is therefore taken from `password` in state (Terraform before
// 1.11), or from `previous_password_wo` in the configuration: a write-only
// password is not kept anywhere, not even in private state, which is
// stored in the state file. When neither is known (an imported or moved
// user), the new password is checked by signing in with it, and if the
// cluster accepts it nothing is changed.

func (r *clusterUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_user"
}

func (r *clusterUserResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A user of a Dedicated Zilliz Cloud cluster (`POST {cluster_endpoint}/v2/vectordb/users/create`), " +
			"for an application to connect as `<name>:<password>`, and the roles it holds. `roles` is authoritative: each role added or " +
			"removed is one `grant_role` or `revoke_role` call in place, and a role bound or unbound in the console is put back by the next apply. " +
			"A password change is one `update_password` call, which needs the current password (see `previous_password_wo`). " +
			"A cluster holds at most 100 users. The built-in user `db_admin` cannot be managed.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<cluster_endpoint>/users/<name>`; also the import id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"cluster_endpoint": dedicatedEndpointAttribute("user"),
			"name": schema.StringAttribute{
				MarkdownDescription: "The user name: up to 32 letters, digits and underscores, starting with a letter; not `db_admin`. Changing this forces a new user.",
				Required:            true,
				PlanModifiers:       replaced(),
				Validators:          clusterUserNameValidators(),
			},
			"password_wo": schema.StringAttribute{
				MarkdownDescription: "Terraform 1.11 and later: the password, write-only — never stored in the plan or the state. 8 to 64 characters with three of: " +
					"uppercase letters, lowercase letters, digits, special characters. Terraform cannot see a change of a write-only value: change " +
					"`password_wo_version` with it, and the apply changes the password in place. Conflicts with `password`; needs `password_wo_version`.",
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: []validator.String{passwordRule{}},
			},
			"password_wo_version": schema.Int64Attribute{
				MarkdownDescription: "The version of `password_wo`. Change it (for example, increment it) to rotate the password: one `update_password` call, in place.",
				Optional:            true,
			},
			"previous_password_wo": schema.StringAttribute{
				MarkdownDescription: "Write-only: the user's current password, for a rotation of `password_wo`. The cluster changes a password only when it is " +
					"given the current one, and a write-only password is kept nowhere, so give the outgoing password here in the apply that bumps " +
					"`password_wo_version` (a secret store's previous version, for example). Not needed when moving from `password` to `password_wo`; " +
					"after an import, leaving it out makes the apply check that the cluster accepts `password_wo` instead of changing anything.",
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("password_wo"))},
			},
			"password": schema.StringAttribute{
				MarkdownDescription: "The password, for Terraform before 1.11: sensitive, but stored in the state (prefer `password_wo`). Same rules as `password_wo`. " +
					"Changing it changes the password in place. One of `password` and `password_wo` is needed to create a user.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{passwordRule{}},
			},
			"roles": schema.SetAttribute{
				MarkdownDescription: "The roles the user holds: custom roles (`zilliz_cluster_role.<name>.name`) and the built-in `db_ro`, `db_rw` and `db_admin`. " +
					"Authoritative: roles bound to the user outside Terraform are revoked. Default: none.",
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				Default:     setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{})),
				Validators: []validator.Set{setvalidator.ValueStringsAre(
					stringvalidator.LengthBetween(1, maxClusterRoleNameLength),
					stringvalidator.RegexMatches(collectionNameRegexp, collectionNameRule))},
			},
			"token": endpointTokenAttribute("user", "a cluster user allowed to manage users"),
		},
		Blocks: map[string]schema.Block{
			"timeouts": createTimeoutBlock(ctx), // data_plane_wait.go
		},
	}
}

func (r *clusterUserResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.walk = walkFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *clusterUserResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.Conflicting(path.MatchRoot("password"), path.MatchRoot("password_wo")),
		resourcevalidator.RequiredTogether(path.MatchRoot("password_wo"), path.MatchRoot("password_wo_version")),
	}
}

func (r *clusterUserResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var token types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("token"), &token)...)
	validateTokenNotEmpty(token, &resp.Diagnostics)
}

// ModifyPlan says why a replacement is forced (sayWhyReplaced); it needs a
// password to create a user, also when a replacement creates it (an
// imported user may have none in the configuration), and refuses a cluster
// that is not Dedicated or, for a new user, has no room for it; it refuses to replace or destroy the user with its
// protected cluster (refuseLeavingWithCluster).
func (r *clusterUserResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	sayWhyReplaced(ctx, req, resp, "Cluster user", clusterUserReplacement...)
	if r.walk.refuseLeavingWithCluster(ctx, req, "Cluster user", &resp.Diagnostics) {
		return
	}
	replacing := len(replacingChanges(ctx, req, clusterUserReplacement)) > 0
	if req.Plan.Raw.IsNull() || (!req.State.Raw.IsNull() && !replacing) {
		return
	}
	var password, passwordWO, endpoint types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password"), &password)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &passwordWO)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("cluster_endpoint"), &endpoint)...)
	if password.IsNull() && passwordWO.IsNull() {
		detail := "A new cluster user needs a password: set password_wo and password_wo_version (Terraform 1.11 and later), or password."
		if replacing {
			detail = "This change replaces the user, and the new user needs a password (the old one cannot be read back): " +
				"set password_wo and password_wo_version (Terraform 1.11 and later), or password."
		}
		resp.Diagnostics.AddAttributeError(path.Root("password_wo"), "Missing password", detail)
	}
	if msg := notDedicatedError(ctx, r.client, endpoint, "Cluster users"); msg != "" {
		resp.Diagnostics.AddAttributeError(path.Root("cluster_endpoint"), "Cluster users need a Dedicated cluster", msg)
		return
	}
	refuseUserOverLimit(ctx, r.client, req, &resp.Diagnostics) // a new user only: a replacement drops the old one first
}

// clusterUserID is the id and import id of a user.
func clusterUserID(endpoint, name string) string { return clusterUserIDForm.id(endpoint, name) }

func parseClusterUserID(id string) (endpoint, name string, err error) {
	endpoint, n, err := clusterUserIDForm.parse(id)
	if err != nil {
		return "", "", err
	}
	return endpoint, n[0], nil
}

// stringSet and setStrings convert between a set of strings and a sorted slice.
func stringSet(values []string) types.Set {
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		elems = append(elems, types.StringValue(v))
	}
	return types.SetValueMust(types.StringType, elems)
}

func setStrings(ctx context.Context, s types.Set, diags *diag.Diagnostics) []string {
	out := []string{}
	if s.IsNull() || s.IsUnknown() {
		return out
	}
	diags.Append(s.ElementsAs(ctx, &out, false)...)
	sort.Strings(out)
	return out
}

// forState clears what must never be stored: the write-only values.
func (m clusterUserResourceModel) forState(endpoint string) *clusterUserResourceModel {
	m.ID = types.StringValue(clusterUserID(endpoint, m.Name.ValueString()))
	m.PasswordWO = types.StringNull()
	m.PreviousPasswordWO = types.StringNull()
	return &m
}

func (r *clusterUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan clusterUserResourceModel
	var passwordWO types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &passwordWO)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(r.client, plan.ClusterEndpoint, plan.Token, tokenArgument, &resp.Diagnostics)
	timeout, d := plan.Timeouts.Create(ctx, defaultAccessCreateTimeout)
	resp.Diagnostics.Append(d...)
	if dp == nil || resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	name := plan.Name.ValueString()
	summary := "Could not create cluster user " + name
	password := plan.Password.ValueString()
	if !passwordWO.IsNull() {
		password = passwordWO.ValueString()
	}
	if password == "" {
		resp.Diagnostics.AddError(summary, "A new cluster user needs a password: set password_wo and password_wo_version, or password.")
		return
	}
	if msg := notDedicatedError(ctx, r.client, plan.ClusterEndpoint, "Cluster users"); msg != "" {
		resp.Diagnostics.AddError(summary, msg)
		return
	}
	var users []string
	if err := awaitDataPlane(ctx, dp, func(ctx context.Context, dp *zilliz.DataPlane) (err error) {
		users, err = dp.ListUsers(ctx)
		return err
	}); err != nil {
		resp.Diagnostics.AddError(summary, err.Error())
		return
	}
	if slices.Contains(users, name) {
		resp.Diagnostics.AddError(summary, fmt.Sprintf("A user named %q already exists on %s. Terraform does not take over existing users silently: "+
			"import it with\n\n  terraform import <resource address> '%s'\n\nor choose another name.", name, dp.Endpoint(), clusterUserID(dp.Endpoint(), name)))
		return
	}
	if err := dp.CreateUser(ctx, name, password); err != nil {
		detail := apiErrorDetail(err)
		if len(users) >= maxUsersPerCluster {
			detail = fmt.Sprintf("The cluster has %d users already; Zilliz Cloud allows %d per cluster.\n\n%s", len(users), maxUsersPerCluster, detail)
		}
		resp.Diagnostics.AddError(summary, detail)
		return
	}
	tflog.Info(ctx, "cluster user created", map[string]any{"endpoint": dp.Endpoint(), "user": name})
	// Recorded at once, with the roles bound so far.
	want := setStrings(ctx, plan.Roles, &resp.Diagnostics)
	state := plan
	state.Roles = stringSet(nil)
	rememberEndpointCluster(ctx, r.client, dp.Endpoint(), nil, resp.Private)
	var bound []string
	for _, role := range want {
		if err := dp.GrantRole(ctx, name, role); err != nil {
			state.Roles = stringSet(bound)
			resp.Diagnostics.Append(resp.State.Set(ctx, state.forState(dp.Endpoint()))...)
			resp.Diagnostics.AddError(summary, fmt.Sprintf("The user was created, but binding role %q failed; the next apply binds what is missing.\n\n%s", role, apiErrorDetail(err)))
			return
		}
		bound = append(bound, role)
	}
	state.Roles = stringSet(bound)
	roles, err := dp.DescribeUser(ctx, name)
	if err != nil {
		resp.Diagnostics.Append(resp.State.Set(ctx, state.forState(dp.Endpoint()))...)
		resp.Diagnostics.AddError("Could not read cluster user "+name+" after creating it", apiErrorDetail(err))
		return
	}
	state.Roles = stringSet(roles)
	resp.Diagnostics.Append(resp.State.Set(ctx, state.forState(dp.Endpoint()))...)
}

func (r *clusterUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state clusterUserResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(r.client, state.ClusterEndpoint, state.Token, tokenArgument, &resp.Diagnostics)
	if dp == nil {
		return
	}
	name := state.Name.ValueString()
	var roles []string
	// describe answers a missing user like one without roles: the list decides.
	if !refreshOnEndpoint(ctx, r.client, dp.Endpoint(), req, resp, "Cluster user", name, state.ID.ValueString(), func(ctx context.Context) (bool, error) {
		users, err := dp.ListUsers(ctx)
		if err != nil || !slices.Contains(users, name) {
			return false, err
		}
		roles, err = dp.DescribeUser(ctx, name)
		return true, err
	}) {
		return
	}
	state.Roles = stringSet(roles)
	rememberEndpointCluster(ctx, r.client, dp.Endpoint(), req.Private, resp.Private)
	resp.Diagnostics.Append(resp.State.Set(ctx, state.forState(dp.Endpoint()))...)
}

// Update binds added roles, unbinds removed ones (one call each), changes
// the password when asked to (one call), then reads the user back.
func (r *clusterUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, cfg clusterUserResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(r.client, plan.ClusterEndpoint, plan.Token, tokenArgument, &resp.Diagnostics)
	if dp == nil {
		return
	}
	name := plan.Name.ValueString()
	result := plan
	have, want := setStrings(ctx, state.Roles, &resp.Diagnostics), setStrings(ctx, plan.Roles, &resp.Diagnostics)
	current := append([]string{}, have...)
	for _, role := range want {
		if slices.Contains(have, role) {
			continue
		}
		if err := dp.GrantRole(ctx, name, role); err != nil {
			resp.Diagnostics.AddError("Could not bind a role to cluster user "+name, fmt.Sprintf("Binding role %q failed.\n\n%s", role, apiErrorDetail(err)))
			break
		}
		current = append(current, role)
	}
	for _, role := range have {
		if resp.Diagnostics.HasError() || slices.Contains(want, role) {
			continue
		}
		if err := dp.RevokeRole(ctx, name, role); err != nil {
			resp.Diagnostics.AddError("Could not unbind a role from cluster user "+name, fmt.Sprintf("Unbinding role %q failed.\n\n%s", role, apiErrorDetail(err)))
			break
		}
		current = slices.DeleteFunc(current, func(s string) bool { return s == role })
	}
	result.Roles = stringSet(current)
	if !resp.Diagnostics.HasError() {
		if d := r.changePassword(ctx, dp, name, cfg, plan, state); d.HasError() {
			resp.Diagnostics.Append(d...)
			// The password did not change: keep what state knew of it.
			result.Password, result.PasswordWOVersion = state.Password, state.PasswordWOVersion
		}
	}
	if roles, err := dp.DescribeUser(ctx, name); err == nil {
		result.Roles = stringSet(roles)
	} else if !resp.Diagnostics.HasError() {
		resp.Diagnostics.AddError("Could not read cluster user "+name, apiErrorDetail(err))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, result.forState(dp.Endpoint()))...)
}

// changePassword makes the cluster's password the configured one when the
// configuration asks for a change: a new password_wo_version, a move from
// password to password_wo, or a new password.
func (r *clusterUserResource) changePassword(ctx context.Context, dp *zilliz.DataPlane, name string, cfg, plan, state clusterUserResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	want, changed := "", false
	switch {
	case !cfg.PasswordWO.IsNull():
		want = cfg.PasswordWO.ValueString()
		changed = !plan.PasswordWOVersion.Equal(state.PasswordWOVersion) || !state.Password.IsNull()
	case !plan.Password.IsNull():
		want = plan.Password.ValueString()
		changed = !plan.Password.Equal(state.Password)
	}
	if !changed || want == "" {
		return diags
	}
	current := state.Password.ValueString()
	if !cfg.PreviousPasswordWO.IsNull() {
		current = cfg.PreviousPasswordWO.ValueString()
	}
	summary := "Could not change the password of cluster user " + name
	if current == want {
		return diags
	}
	if current == "" {
		// Nothing tells the current password (an imported or moved user):
		// take the configured one if the cluster accepts it.
		accepted, err := dp.CheckCredentials(ctx, name, want)
		switch {
		case err != nil:
			diags.AddError(summary, "Checking the configured password against the cluster failed.\n\n"+apiErrorDetail(err))
		case !accepted:
			how := "set previous_password_wo to the user's current password for this apply."
			if cfg.PasswordWO.IsNull() {
				how = "set password to the user's current password and apply once, then change it."
			}
			diags.AddError(summary, "Terraform does not know the user's current password (the user was imported, or its password is write-only), "+
				"and the cluster does not accept the configured one. The cluster changes a password only when given the current one: "+how)
		default:
			tflog.Info(ctx, "the cluster accepts the configured password; nothing to change", map[string]any{"user": name})
		}
		return diags
	}
	if err := dp.UpdatePassword(ctx, name, current, want); err != nil {
		detail := apiErrorDetail(err)
		if zilliz.IsWrongPassword(err) {
			detail = "The cluster did not accept the current password Terraform gave it (from previous_password_wo, else the password in state): " +
				"was the password changed outside Terraform? Set previous_password_wo to the user's current password for this apply.\n\n" + detail
		}
		diags.AddError(summary, detail)
		return diags
	}
	tflog.Info(ctx, "cluster user password changed", map[string]any{"user": name})
	return diags
}

// Delete unbinds the user's roles and drops it. Recent Milvus versions drop
// the bindings with the user, older ones left them behind for a later user
// of the same name (rootcoord catalog DropCredential), so they are unbound
// first. A user or cluster that is gone is no error.
func (r *clusterUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state clusterUserResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(r.client, state.ClusterEndpoint, state.Token, tokenArgument, &resp.Diagnostics)
	if dp == nil {
		return
	}
	name := state.Name.ValueString()
	outcome, asleep, err := callEndpoint(ctx, r.client, dp.Endpoint(), req.Private, func(ctx context.Context) error {
		users, err := dp.ListUsers(ctx)
		if err != nil || !slices.Contains(users, name) {
			return err
		}
		roles, err := dp.DescribeUser(ctx, name)
		if err != nil {
			return err
		}
		for _, role := range roles {
			if err := dp.RevokeRole(ctx, name, role); err != nil {
				return fmt.Errorf("unbinding role %q before the drop: %w", role, err)
			}
		}
		return dp.DropUser(ctx, name)
	})
	switch {
	case outcome == endpointGone:
		tflog.Warn(ctx, "the user's cluster is gone; nothing to drop", map[string]any{"id": state.ID.ValueString()})
	case outcome == endpointAsleep:
		resp.Diagnostics.AddError("Could not drop cluster user "+name, "Its "+asleep+" and serves no requests. Resume it and destroy again.")
	case err != nil:
		resp.Diagnostics.AddError("Could not drop cluster user "+name, apiErrorDetail(err))
	}
}

func (r *clusterUserResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	endpoint, name, err := parseClusterUserID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid cluster user import id", err.Error())
		return
	}
	if name == zilliz.BuiltinUser {
		resp.Diagnostics.AddError("Built-in user cannot be managed", "db_admin is the built-in user of every cluster and cannot be imported as a zilliz_cluster_user.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster_endpoint"), endpoint)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
}

func (r *clusterUserResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: moveClusterUserFromOfficial}}
}
