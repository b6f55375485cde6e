package provider

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
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
	_ resource.ResourceWithConfigure      = &clusterRoleResource{}
	_ resource.ResourceWithImportState    = &clusterRoleResource{}
	_ resource.ResourceWithValidateConfig = &clusterRoleResource{}
	_ resource.ResourceWithModifyPlan     = &clusterRoleResource{}
)

// NewClusterRoleResource returns the zilliz_cluster_role resource.
func NewClusterRoleResource() resource.Resource {
	return &clusterRoleResource{}
}

const defaultAccessCreateTimeout = 20 * time.Minute

type clusterRoleResource struct {
	client *zilliz.Client
	walk   *planWalk
}

type clusterRoleResourceModel struct {
	ID              types.String     `tfsdk:"id"`
	ClusterEndpoint types.String     `tfsdk:"cluster_endpoint"`
	Name            types.String     `tfsdk:"name"`
	Grants          []roleGrantModel `tfsdk:"grant"`
	Token           types.String     `tfsdk:"token"`
	Timeouts        timeouts.Value   `tfsdk:"timeouts"`
}

type roleGrantModel struct {
	Privilege  types.String `tfsdk:"privilege"`
	Database   types.String `tfsdk:"database"`
	Collection types.String `tfsdk:"collection"`
}

func (g roleGrantModel) api() zilliz.Grant {
	return zilliz.Grant{Privilege: g.Privilege.ValueString(), Database: g.Database.ValueString(), Collection: g.Collection.ValueString()}
}

func (r *clusterRoleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_role"
}

func (r *clusterRoleResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A custom role on a Dedicated Zilliz Cloud cluster and the privileges it grants " +
			"(`POST {cluster_endpoint}/v2/vectordb/roles/create`, `grant_privilege_v2`). Bind it to users with `zilliz_cluster_user.roles`. " +
			"A grant added or removed is one `grant_privilege_v2` or `revoke_privilege_v2` call: the role is never dropped and re-created for it, " +
			"so its users keep the access they still have. The grants are authoritative: a grant made in the console is revoked by the next apply, " +
			"and one revoked there is granted again. Destroying the role revokes its grants first (the cluster refuses to drop a role that holds any); " +
			"the cluster unbinds the role from its users itself. A cluster holds at most 20 custom roles. " +
			"The built-in roles `db_admin`, `db_rw` and `db_ro` cannot be managed.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<cluster_endpoint>/roles/<name>`; also the import id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"cluster_endpoint": dedicatedEndpointAttribute("role"),
			"name": schema.StringAttribute{
				MarkdownDescription: "The role name: up to 255 letters, digits and underscores, starting with a letter or an underscore; not a built-in role (`db_admin`, `db_ro`, `db_rw`, `admin`, `public`). Changing this forces a new role.",
				Required:            true,
				PlanModifiers:       replaced(),
				Validators:          clusterRoleNameValidators(),
			},
			"token": endpointTokenAttribute("role", "a cluster user allowed to manage roles"),
		},
		Blocks: map[string]schema.Block{
			"grant": schema.SetNestedBlock{
				MarkdownDescription: "A privilege the role holds on a database and a collection. A set: adding or removing one is one call, in place.",
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"privilege": schema.StringAttribute{
							MarkdownDescription: "A built-in privilege group — collection level `COLL_RO`, `COLL_RW`, `COLL_ADMIN`; database level `DB_RO`, `DB_RW`, `DB_Admin`; " +
								"cluster level `Cluster_RO`, `Cluster_RW`, `Cluster_Admin` (the Milvus names such as `CollectionReadOnly` are the same groups) — " +
								"or a single privilege such as `Search` (Zilliz Cloud enables single privileges for a role on request). Levels do not cascade: " +
								"a cluster group needs `database = \"*\"` and `collection = \"*\"`, a database group `collection = \"*\"`.",
							Required:   true,
							Validators: []validator.String{stringvalidator.RegexMatches(privilegeRegexp, "must be a privilege or privilege group name: letters and underscores")},
						},
						"database": schema.StringAttribute{
							MarkdownDescription: "The database the grant applies to, or `\"*\"` for every database.",
							Required:            true,
							Validators:          grantScopeValidators("database"),
						},
						"collection": schema.StringAttribute{
							MarkdownDescription: "The collection the grant applies to, or `\"*\"` for every collection of `database`.",
							Required:            true,
							Validators:          grantScopeValidators("collection"),
						},
					},
				},
			},
			"timeouts": createTimeoutBlock(ctx), // data_plane_wait.go
		},
	}
}

func (r *clusterRoleResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.walk = walkFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig applies the levels of the built-in privilege groups.
func (r *clusterRoleResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg clusterRoleResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validateTokenNotEmpty(cfg.Token, &resp.Diagnostics)
	for _, g := range cfg.Grants {
		if !known(g.Privilege) || !known(g.Database) || !known(g.Collection) {
			continue
		}
		if msg := grantLevelError(g.Privilege.ValueString(), g.Database.ValueString(), g.Collection.ValueString()); msg != "" {
			resp.Diagnostics.AddAttributeError(path.Root("grant"), "Privilege group granted at the wrong level", msg)
		}
	}
}

// ModifyPlan says why a replacement is forced (sayWhyReplaced), refuses to
// replace or destroy the role with its protected cluster
// (refuseLeavingWithCluster), and refuses a new role on a cluster that is
// not Dedicated or has no room for it when the endpoint is known at plan
// time.
func (r *clusterRoleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	sayWhyReplaced(ctx, req, resp, "Cluster role", clusterRoleReplacement...)
	if r.walk.refuseLeavingWithCluster(ctx, req, "Cluster role", &resp.Diagnostics) {
		return
	}
	if req.Plan.Raw.IsNull() || !req.State.Raw.IsNull() {
		return
	}
	var endpoint types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("cluster_endpoint"), &endpoint)...)
	if msg := notDedicatedError(ctx, r.client, endpoint, "Custom cluster roles"); msg != "" {
		resp.Diagnostics.AddAttributeError(path.Root("cluster_endpoint"), "Custom roles need a Dedicated cluster", msg)
		return
	}
	refuseRoleOverLimit(ctx, r.client, req, &resp.Diagnostics)
}

// clusterRoleID is the id and import id of a role.
func clusterRoleID(endpoint, name string) string { return clusterRoleIDForm.id(endpoint, name) }

func parseClusterRoleID(id string) (endpoint, name string, err error) {
	endpoint, n, err := clusterRoleIDForm.parse(id)
	if err != nil {
		return "", "", err
	}
	return endpoint, n[0], nil
}

// grantDatabases are the named databases of some grants: describe asks
// for each of them besides "*" (see zilliz.DataPlane.DescribeRole).
func grantDatabases(grants ...[]roleGrantModel) []string {
	seen := map[string]bool{"*": true}
	var out []string
	for _, list := range grants {
		for _, g := range list {
			if db := g.Database.ValueString(); !seen[db] {
				seen[db] = true
				out = append(out, db)
			}
		}
	}
	sort.Strings(out)
	return out
}

// roleGrantsFromAPI turns the server's grants into grant blocks. A grant the
// model has already keeps the model's spelling of its privilege group
// (COLL_RO and CollectionReadOnly are one group), so a describe that answers
// with the other spelling shows no change.
func roleGrantsFromAPI(grants []zilliz.Grant, known []roleGrantModel) []roleGrantModel {
	spelled := map[string]roleGrantModel{}
	for _, g := range known {
		spelled[g.api().Key()] = g
	}
	out := make([]roleGrantModel, 0, len(grants))
	for _, g := range grants {
		if m, ok := spelled[g.Key()]; ok {
			out = append(out, m)
			continue
		}
		out = append(out, roleGrantModel{Privilege: types.StringValue(g.Privilege), Database: types.StringValue(g.Database), Collection: types.StringValue(g.Collection)})
	}
	return out
}

// grantChanges compares stored and planned grants: what to grant and what
// to revoke, by key (one privilege whatever its spelling).
func grantChanges(old, want []roleGrantModel) (grant, revoke []zilliz.Grant) {
	have := map[string]bool{}
	for _, g := range old {
		have[g.api().Key()] = true
	}
	wanted := map[string]bool{}
	for _, g := range want {
		wanted[g.api().Key()] = true
		if !have[g.api().Key()] {
			grant = append(grant, g.api())
		}
	}
	for _, g := range old {
		if !wanted[g.api().Key()] {
			revoke = append(revoke, g.api())
		}
	}
	return grant, revoke
}

// describeInto reads the role's grants into m: on the databases of its
// grants, or with everywhere on every database of the cluster too (Read,
// for grants made in the console elsewhere; see
// zilliz.DataPlane.DescribeRoleEverywhere).
func (r *clusterRoleResource) describeInto(ctx context.Context, dp *zilliz.DataPlane, m *clusterRoleResourceModel, known []roleGrantModel, everywhere bool) error {
	describe := dp.DescribeRole
	if everywhere {
		describe = dp.DescribeRoleEverywhere
	}
	grants, err := describe(ctx, m.Name.ValueString(), grantDatabases(m.Grants, known)...)
	if err != nil {
		return err
	}
	m.Grants = roleGrantsFromAPI(grants, known)
	m.ID = types.StringValue(clusterRoleID(dp.Endpoint(), m.Name.ValueString()))
	return nil
}

func (r *clusterRoleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan clusterRoleResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
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
	summary := "Could not create cluster role " + name
	if msg := notDedicatedError(ctx, r.client, plan.ClusterEndpoint, "Custom cluster roles"); msg != "" {
		resp.Diagnostics.AddError(summary, msg)
		return
	}
	var roles []string
	if err := awaitDataPlane(ctx, dp, func(ctx context.Context, dp *zilliz.DataPlane) (err error) {
		roles, err = dp.ListRoles(ctx)
		return err
	}); err != nil {
		resp.Diagnostics.AddError(summary, err.Error())
		return
	}
	if zilliz.IsBuiltinRole(name) || slices.Contains(roles, name) {
		resp.Diagnostics.AddError(summary, fmt.Sprintf("A role named %q already exists on %s. Terraform does not take over existing roles silently: "+
			"import it with\n\n  terraform import <resource address> '%s'\n\nor choose another name.", name, dp.Endpoint(), clusterRoleID(dp.Endpoint(), name)))
		return
	}
	if err := dp.CreateRole(ctx, name); err != nil {
		detail := apiErrorDetail(err)
		if customRoles(roles) >= maxCustomRolesPerCluster {
			detail = fmt.Sprintf("The cluster has %d custom roles already; Zilliz Cloud allows %d per cluster.\n\n%s", customRoles(roles), maxCustomRolesPerCluster, detail)
		}
		resp.Diagnostics.AddError(summary, detail)
		return
	}
	tflog.Info(ctx, "cluster role created", map[string]any{"endpoint": dp.Endpoint(), "role": name})
	// Recorded at once, with the grants made so far, so that a failure from
	// here on leaves state that matches the cluster.
	state := plan
	state.ID = types.StringValue(clusterRoleID(dp.Endpoint(), name))
	state.Grants = []roleGrantModel{}
	rememberEndpointCluster(ctx, r.client, dp.Endpoint(), nil, resp.Private)
	for _, g := range plan.Grants {
		if err := dp.GrantPrivilege(ctx, name, g.api()); err != nil {
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
			resp.Diagnostics.AddError(summary, fmt.Sprintf("The role was created, but granting %s on %s.%s failed; the next apply grants what is missing.\n\n%s",
				g.Privilege.ValueString(), g.Database.ValueString(), g.Collection.ValueString(), apiErrorDetail(err)))
			return
		}
		state.Grants = append(state.Grants, g)
	}
	if err := r.describeInto(ctx, dp, &state, plan.Grants, false); err != nil {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		resp.Diagnostics.AddError("Could not read cluster role "+name+" after creating it", apiErrorDetail(err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// customRoles counts the roles that are not built in.
func customRoles(roles []string) int {
	n := 0
	for _, r := range roles {
		if !zilliz.IsBuiltinRole(r) {
			n++
		}
	}
	return n
}

func (r *clusterRoleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state clusterRoleResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(r.client, state.ClusterEndpoint, state.Token, tokenArgument, &resp.Diagnostics)
	if dp == nil {
		return
	}
	name := state.Name.ValueString()
	known := state.Grants
	if !refreshOnEndpoint(ctx, r.client, dp.Endpoint(), req, resp, "Cluster role", name, state.ID.ValueString(), func(ctx context.Context) (bool, error) {
		roles, err := dp.ListRoles(ctx)
		if err != nil || !slices.Contains(roles, name) {
			return false, err
		}
		return true, r.describeInto(ctx, dp, &state, known, true)
	}) {
		return
	}
	rememberEndpointCluster(ctx, r.client, dp.Endpoint(), req.Private, resp.Private)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update grants what was added and then revokes what was removed, one call
// each, so that a grant replaced by a wider one never leaves a gap; then it
// reads the role back.
func (r *clusterRoleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state clusterRoleResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(r.client, plan.ClusterEndpoint, plan.Token, tokenArgument, &resp.Diagnostics)
	if dp == nil {
		return
	}
	name := plan.Name.ValueString()
	grant, revoke := grantChanges(state.Grants, plan.Grants)
	// current is what the role holds as far as the calls tell, for when the
	// read-back fails too.
	current := map[string]roleGrantModel{}
	for _, g := range state.Grants {
		current[g.api().Key()] = g
	}
	plannedByKey := map[string]roleGrantModel{}
	for _, g := range plan.Grants {
		plannedByKey[g.api().Key()] = g
	}
	var failed error
	for _, g := range grant {
		if failed = dp.GrantPrivilege(ctx, name, g); failed != nil {
			resp.Diagnostics.AddError("Could not grant a privilege to cluster role "+name,
				fmt.Sprintf("Granting %s on %s.%s failed.\n\n%s", g.Privilege, g.Database, g.Collection, apiErrorDetail(failed)))
			break
		}
		current[g.Key()] = plannedByKey[g.Key()]
	}
	for _, g := range revoke {
		if failed != nil {
			break
		}
		if failed = dp.RevokePrivilege(ctx, name, g); failed != nil {
			resp.Diagnostics.AddError("Could not revoke a privilege from cluster role "+name,
				fmt.Sprintf("Revoking %s on %s.%s failed.\n\n%s", g.Privilege, g.Database, g.Collection, apiErrorDetail(failed)))
			break
		}
		delete(current, g.Key())
	}
	tflog.Info(ctx, "cluster role grants changed", map[string]any{"role": name, "granted": len(grant), "revoked": len(revoke)})
	// Whatever happened, state is what the cluster says now.
	known := append(append([]roleGrantModel{}, plan.Grants...), state.Grants...)
	result := plan
	if err := r.describeInto(ctx, dp, &result, known, false); err != nil {
		result.Grants = make([]roleGrantModel, 0, len(current))
		for _, k := range sortedMapKeys(current) {
			result.Grants = append(result.Grants, current[k])
		}
		if failed == nil {
			resp.Diagnostics.AddError("Could not read cluster role "+name, apiErrorDetail(err))
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &result)...)
}

// Delete revokes every grant the role holds on any database of the cluster
// (the cluster refuses to drop a role with privileges: rootcoord DropRole,
// "fail to drop the role that it has privileges"), then drops it. The cluster unbinds the role from its
// users itself. A role or cluster that is gone is no error.
func (r *clusterRoleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state clusterRoleResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(r.client, state.ClusterEndpoint, state.Token, tokenArgument, &resp.Diagnostics)
	if dp == nil {
		return
	}
	name := state.Name.ValueString()
	summary := "Could not drop cluster role " + name
	outcome, asleep, err := callEndpoint(ctx, r.client, dp.Endpoint(), req.Private, func(ctx context.Context) error {
		roles, err := dp.ListRoles(ctx)
		if err != nil || !slices.Contains(roles, name) {
			return err
		}
		grants, err := dp.DescribeRoleEverywhere(ctx, name, grantDatabases(state.Grants)...)
		if err != nil {
			return err
		}
		for _, g := range grants {
			if err := dp.RevokePrivilege(ctx, name, g); err != nil {
				return fmt.Errorf("revoking %s on %s.%s before the drop: %w", g.Privilege, g.Database, g.Collection, err)
			}
		}
		tflog.Info(ctx, "cluster role grants revoked before the drop", map[string]any{"role": name, "revoked": len(grants)})
		return dp.DropRole(ctx, name)
	})
	switch {
	case outcome == endpointGone:
		tflog.Warn(ctx, "the role's cluster is gone; nothing to drop", map[string]any{"id": state.ID.ValueString()})
	case outcome == endpointAsleep:
		resp.Diagnostics.AddError(summary, "Its "+asleep+" and serves no requests. Resume it and destroy again.")
	case err != nil:
		resp.Diagnostics.AddError(summary, apiErrorDetail(err))
	}
}

func (r *clusterRoleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	endpoint, name, err := parseClusterRoleID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid cluster role import id", err.Error())
		return
	}
	if zilliz.IsBuiltinRole(name) {
		resp.Diagnostics.AddError("Built-in role cannot be managed", fmt.Sprintf("%q is a built-in role of every cluster and cannot be imported as a zilliz_cluster_role.", name))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster_endpoint"), endpoint)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
}
