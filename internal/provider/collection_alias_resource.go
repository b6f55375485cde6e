package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var (
	_ resource.ResourceWithConfigure      = &collectionAliasResource{}
	_ resource.ResourceWithImportState    = &collectionAliasResource{}
	_ resource.ResourceWithValidateConfig = &collectionAliasResource{}
	_ resource.ResourceWithMoveState      = &collectionAliasResource{}
	_ resource.ResourceWithModifyPlan     = &collectionAliasResource{}
)

// NewCollectionAliasResource returns the zilliz_collection_alias resource.
func NewCollectionAliasResource() resource.Resource {
	return &collectionAliasResource{}
}

type collectionAliasResource struct {
	client *zilliz.Client
	walk   *planWalk
}

type collectionAliasResourceModel struct {
	ID              types.String `tfsdk:"id"`
	ClusterEndpoint types.String `tfsdk:"cluster_endpoint"`
	Database        types.String `tfsdk:"database"`
	Name            types.String `tfsdk:"name"`
	CollectionName  types.String `tfsdk:"collection_name"`
	Token           types.String `tfsdk:"token"`
}

func (r *collectionAliasResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_collection_alias"
}

func (r *collectionAliasResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An alias of a collection: a second name that searches and queries can use, so that an application " +
			"reads `articles` while the collection behind it is swapped (blue-green re-indexing). Changing `collection_name` " +
			"retargets the alias in place with one `aliases/alter` call, so no read ever finds the alias missing; the alias is " +
			"never dropped and re-created for that. A collection that still has aliases cannot be dropped (the cluster refuses).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<cluster_endpoint>/databases/<database>/aliases/<name>`; also the import id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"cluster_endpoint": clusterEndpointAttribute("alias"),
			"database": schema.StringAttribute{
				MarkdownDescription: "The database of the alias and its collection (an alias names a collection of its own database). Default `default`. Changing this forces a new alias.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("default"),
				PlanModifiers:       replaced(),
				Validators:          databaseNameValidators(),
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The alias: up to 255 letters, digits and underscores, starting with a letter or an underscore. It must not be the name of a collection in the database. Changing this forces a new alias.",
				Required:            true,
				PlanModifiers:       replaced(),
				Validators:          databaseNameValidators(),
			},
			"collection_name": schema.StringAttribute{
				MarkdownDescription: "The collection the alias names, usually `zilliz_collection.<name>.name`. Changing it retargets the alias in place (`aliases/alter`).",
				Required:            true,
				Validators:          databaseNameValidators(),
			},
			"token": endpointTokenAttribute("alias", "the cluster"),
		},
	}
}

func (r *collectionAliasResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.walk = walkFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses to replace or destroy the alias with its protected
// cluster (refuseLeavingWithCluster): the cluster's own protection would
// refuse only after the alias was dropped.
func (r *collectionAliasResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.walk.refuseLeavingWithCluster(ctx, req, "Alias", &resp.Diagnostics)
}

// ValidateConfig refuses an alias named like the collection it names: the
// cluster would refuse it (Milvus 1601, alias and collection name conflict).
func (r *collectionAliasResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg collectionAliasResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validateTokenNotEmpty(cfg.Token, &resp.Diagnostics)
	if known(cfg.Name) && known(cfg.CollectionName) && cfg.Name.ValueString() == cfg.CollectionName.ValueString() {
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Alias named like its collection",
			fmt.Sprintf("The alias %q has the name of the collection it names. An alias must not be the name of any collection "+
				"in its database; choose another name (for example the collection's name without its version suffix).", cfg.Name.ValueString()))
	}
}

// aliasID is the id and import id of an alias.
func aliasID(endpoint, database, name string) string { return aliasIDForm.id(endpoint, database, name) }

// parseAliasID splits an id made by aliasID.
func parseAliasID(id string) (endpoint, database, name string, err error) {
	endpoint, n, err := aliasIDForm.parse(id)
	if err != nil {
		return "", "", "", err
	}
	return endpoint, n[0], n[1], nil
}

// aliasFromAPI writes a describe answer into the model.
func aliasFromAPI(a *zilliz.Alias, endpoint string, m *collectionAliasResourceModel) {
	m.ID = types.StringValue(aliasID(endpoint, m.Database.ValueString(), m.Name.ValueString()))
	m.CollectionName = types.StringValue(a.CollectionName)
}

func (r *collectionAliasResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan collectionAliasResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(r.client, plan.ClusterEndpoint, plan.Token, tokenArgument, &resp.Diagnostics)
	if dp == nil {
		return
	}
	db, name, target := plan.Database.ValueString(), plan.Name.ValueString(), plan.CollectionName.ValueString()
	if err := dp.CreateAlias(ctx, db, name, target); err != nil {
		resp.Diagnostics.AddError("Could not create alias "+name, apiErrorDetail(err))
		return
	}
	tflog.Info(ctx, "alias created", map[string]any{"database": db, "alias": name, "collection": target})
	// Recorded at once (id known before the describe): a describe that fails
	// leaves a tainted alias in state, not one Terraform has forgotten.
	plan.ID = types.StringValue(aliasID(dp.Endpoint(), db, name))
	rememberEndpointCluster(ctx, r.client, dp.Endpoint(), nil, resp.Private)
	r.readInto(ctx, dp, &plan, resp.Diagnostics.AddError)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// readInto describes the alias into m; a failure is reported with addError.
func (r *collectionAliasResource) readInto(ctx context.Context, dp *zilliz.DataPlane, m *collectionAliasResourceModel, addError func(string, string)) {
	a, err := dp.DescribeAlias(ctx, m.Database.ValueString(), m.Name.ValueString())
	if err != nil {
		addError("Could not read alias "+m.Name.ValueString(), apiErrorDetail(err))
		return
	}
	aliasFromAPI(a, dp.Endpoint(), m)
}

func (r *collectionAliasResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state collectionAliasResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(r.client, state.ClusterEndpoint, state.Token, tokenArgument, &resp.Diagnostics)
	if dp == nil {
		return
	}
	var a *zilliz.Alias
	if !refreshOnEndpoint(ctx, r.client, dp.Endpoint(), req, resp, "Alias", state.Name.ValueString(), state.ID.ValueString(), func(ctx context.Context) (found bool, err error) {
		a, err = dp.DescribeAlias(ctx, state.Database.ValueString(), state.Name.ValueString())
		return true, err
	}) {
		return
	}
	aliasFromAPI(a, dp.Endpoint(), &state)
	rememberEndpointCluster(ctx, r.client, dp.Endpoint(), req.Private, resp.Private)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update retargets the alias with one alter call when collection_name
// changed (a token change needs no call), then reads it back.
func (r *collectionAliasResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state collectionAliasResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(r.client, plan.ClusterEndpoint, plan.Token, tokenArgument, &resp.Diagnostics)
	if dp == nil {
		return
	}
	db, name, target := plan.Database.ValueString(), plan.Name.ValueString(), plan.CollectionName.ValueString()
	if target != state.CollectionName.ValueString() {
		if err := dp.AlterAlias(ctx, db, name, target); err != nil {
			resp.Diagnostics.AddError("Could not retarget alias "+name, apiErrorDetail(err))
			return
		}
		tflog.Info(ctx, "alias retargeted", map[string]any{"database": db, "alias": name, "from": state.CollectionName.ValueString(), "to": target})
	}
	r.readInto(ctx, dp, &plan, resp.Diagnostics.AddError)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *collectionAliasResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state collectionAliasResourceModel
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
		return dp.DropAlias(ctx, state.Database.ValueString(), name)
	})
	switch {
	case outcome == endpointGone:
		tflog.Warn(ctx, "the alias's cluster is gone; nothing to drop", map[string]any{"id": state.ID.ValueString()})
	case outcome == endpointAsleep:
		resp.Diagnostics.AddError("Could not drop alias "+name, "Its "+asleep+" and serves no requests. Resume it and destroy again.")
	case err != nil && !zilliz.IsNotFound(err):
		resp.Diagnostics.AddError("Could not drop alias "+name, apiErrorDetail(err))
	}
}

func (r *collectionAliasResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	endpoint, db, name, err := parseAliasID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid alias import id", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster_endpoint"), endpoint)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("database"), db)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
}

// MoveState takes over a zillizcloud_alias (collection_alias_move.go).
func (r *collectionAliasResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: moveAliasFromOfficial}}
}
