package provider

import (
	"context"
	"fmt"
	"strconv"
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
	_ resource.ResourceWithConfigure      = &databaseResource{}
	_ resource.ResourceWithImportState    = &databaseResource{}
	_ resource.ResourceWithValidateConfig = &databaseResource{}
	_ resource.ResourceWithMoveState      = &databaseResource{}
	_ resource.ResourceWithModifyPlan     = &databaseResource{}
)

// NewDatabaseResource returns the zilliz_database resource.
func NewDatabaseResource() resource.Resource {
	return &databaseResource{}
}

type databaseResource struct {
	client *zilliz.Client
	walk   *planWalk
}

type databaseResourceModel struct {
	ID              types.String `tfsdk:"id"`
	ClusterEndpoint types.String `tfsdk:"cluster_endpoint"`
	Name            types.String `tfsdk:"name"`
	Properties      types.Map    `tfsdk:"properties"`
	Token           types.String `tfsdk:"token"`
}

// databaseProperties are the database properties the Milvus and Zilliz
// references document (alter_database_properties / drop_database_properties
// of the SDKs), with the kind of value each takes.
var databaseProperties = map[string]string{
	"database.replica.number":     "a whole number of replicas, at least 1",
	"database.resource_groups":    "a comma-separated list of resource group names",
	"database.diskQuota.mb":       "a disk quota in MB, a number of at least 0",
	"database.max.collections":    "a whole number of collections, at least 0",
	"database.force.deny.writing": "true or false",
	"database.force.deny.reading": "true or false",
}

// databasePropertyError says what is wrong with one property, or "".
func databasePropertyError(key, value string) string {
	kind, known := databaseProperties[key]
	if !known {
		return fmt.Sprintf("%q is not a database property. Use one of: %s.", key, strings.Join(sortedMapKeys(databaseProperties), ", "))
	}
	bad := false
	switch key {
	case "database.replica.number":
		n, err := strconv.Atoi(value)
		bad = err != nil || n < 1
	case "database.max.collections":
		n, err := strconv.Atoi(value)
		bad = err != nil || n < 0
	case "database.diskQuota.mb":
		f, err := strconv.ParseFloat(value, 64)
		bad = err != nil || f < 0
	case "database.force.deny.writing", "database.force.deny.reading":
		bad = value != "true" && value != "false"
	case "database.resource_groups":
		bad = strings.TrimSpace(value) == ""
	}
	if bad {
		return fmt.Sprintf("%s is %q; it must be %s.", key, value, kind)
	}
	return ""
}

// databasePropertiesValidator checks keys and values of `properties` at plan time.
type databasePropertiesValidator struct{}

func (databasePropertiesValidator) Description(context.Context) string {
	return "keys must be documented database properties with values of their kind"
}

func (v databasePropertiesValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (databasePropertiesValidator) ValidateMap(ctx context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for key, el := range req.ConfigValue.Elements() {
		s, ok := el.(types.String)
		if !ok || s.IsUnknown() || s.IsNull() {
			continue
		}
		if msg := databasePropertyError(key, s.ValueString()); msg != "" {
			resp.Diagnostics.AddAttributeError(req.Path.AtMapKey(key), "Invalid database property", msg)
		}
	}
}

// databaseNameValidators are Milvus's database name rule (proxy
// ValidateDatabaseName: 255 characters at most, a letter or underscore
// first, then letters, digits and underscores).
func databaseNameValidators() []validator.String {
	return []validator.String{
		stringvalidator.LengthBetween(1, 255),
		stringvalidator.RegexMatches(collectionNameRegexp, collectionNameRule),
	}
}

// notDefaultDatabase refuses the database "default": every cluster has it
// and it cannot be dropped, so Terraform cannot own it.
type notDefaultDatabase struct{}

func (notDefaultDatabase) Description(context.Context) string {
	return `must not be "default"`
}

func (v notDefaultDatabase) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (notDefaultDatabase) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() != "default" {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "The default database cannot be managed",
		`Every cluster has the database "default" and it cannot be dropped, so it cannot be a zilliz_database. `+
			`Collections and aliases use it when their database argument is left out.`)
}

func (r *databaseResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_database"
}

func (r *databaseResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A database on a Zilliz Cloud cluster: a namespace of collections and aliases, with its own properties " +
			"(replicas, resource groups, quotas, read/write switches). Created with `POST {cluster_endpoint}/v2/vectordb/databases/create`. " +
			"Destroying it drops the database, which the cluster refuses while it still holds collections: the provider never drops " +
			"collections implicitly, so destroy them first (Terraform does so when they reference this database). " +
			"The database `default` exists on every cluster and cannot be managed.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<cluster_endpoint>/databases/<name>`; also the import id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"cluster_endpoint": clusterEndpointAttribute("database"),
			"name": schema.StringAttribute{
				MarkdownDescription: "The database name: up to 255 letters, digits and underscores, starting with a letter or an underscore; not `default`. Changing this forces a new database (the old one must be empty to be dropped).",
				Required:            true,
				PlanModifiers:       replaced(),
				Validators:          append(databaseNameValidators(), notDefaultDatabase{}),
			},
			"properties": schema.MapAttribute{
				MarkdownDescription: "Database properties, changed in place (`databases/alter` sets them, `databases/drop_properties` removes them, " +
					"which returns them to the server default). Keys: `database.replica.number` (replicas, at least 1), " +
					"`database.resource_groups` (comma-separated resource group names), `database.diskQuota.mb` (disk quota in MB), " +
					"`database.max.collections` (most collections allowed), `database.force.deny.writing` and `database.force.deny.reading` " +
					"(`true` or `false`). Values are strings, as the server stores them. Properties the server sets itself under other keys are not tracked.",
				Optional:    true,
				ElementType: types.StringType,
				Validators:  []validator.Map{databasePropertiesValidator{}},
			},
			"token": endpointTokenAttribute("database", "the cluster"),
		},
	}
}

func (r *databaseResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.walk = walkFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses to replace or destroy the database with its protected
// cluster (refuseLeavingWithCluster): the cluster's own protection would
// refuse only after the database was dropped.
func (r *databaseResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.walk.refuseLeavingWithCluster(ctx, req, "Database", &resp.Diagnostics)
}

func (r *databaseResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var token types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("token"), &token)...)
	validateTokenNotEmpty(token, &resp.Diagnostics)
}

// databaseID is the id and import id of a database.
func databaseID(endpoint, name string) string { return databaseIDForm.id(endpoint, name) }

// parseDatabaseID splits an id made by databaseID.
func parseDatabaseID(id string) (endpoint, name string, err error) {
	endpoint, n, err := databaseIDForm.parse(id)
	if err != nil {
		return "", "", err
	}
	return endpoint, n[0], nil
}

// databaseFromAPI writes a describe answer into the model. Only documented
// properties are tracked: a server may keep others of its own (inferred),
// which the configuration cannot manage and must not show as drift. With
// none set, the model keeps the null or empty map it had.
func databaseFromAPI(db *zilliz.Database, endpoint string, m *databaseResourceModel) diag.Diagnostics {
	m.ID = types.StringValue(databaseID(endpoint, db.Name))
	m.Name = types.StringValue(db.Name)
	props := map[string]string{}
	for k, v := range db.Properties {
		if _, ok := databaseProperties[k]; ok {
			props[k] = v
		}
	}
	if len(props) == 0 && (m.Properties.IsNull() || m.Properties.IsUnknown()) {
		m.Properties = types.MapNull(types.StringType)
		return nil
	}
	var d diag.Diagnostics
	m.Properties, d = types.MapValueFrom(context.Background(), types.StringType, props)
	return d
}

func (r *databaseResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan databaseResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(r.client, plan.ClusterEndpoint, plan.Token, tokenArgument, &resp.Diagnostics)
	props := stringMap(plan.Properties)
	if dp == nil || resp.Diagnostics.HasError() {
		return
	}
	name := plan.Name.ValueString()
	if err := dp.CreateDatabase(ctx, name, props); err != nil {
		resp.Diagnostics.AddError("Could not create database "+name, apiErrorDetail(err))
		return
	}
	tflog.Info(ctx, "database created", map[string]any{"endpoint": dp.Endpoint(), "database": name})
	// Recorded at once: a describe that fails now leaves a tainted database
	// in state, not one Terraform has forgotten.
	plan.ID = types.StringValue(databaseID(dp.Endpoint(), name))
	rememberEndpointCluster(ctx, r.client, dp.Endpoint(), nil, resp.Private)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	db, err := dp.DescribeDatabase(ctx, name)
	if err != nil {
		resp.Diagnostics.AddError("Could not read database "+name+" after creating it", apiErrorDetail(err))
		return
	}
	resp.Diagnostics.Append(databaseFromAPI(db, dp.Endpoint(), &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *databaseResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state databaseResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(r.client, state.ClusterEndpoint, state.Token, tokenArgument, &resp.Diagnostics)
	if dp == nil {
		return
	}
	name := state.Name.ValueString()
	var db *zilliz.Database
	if !refreshOnEndpoint(ctx, r.client, dp.Endpoint(), req, resp, "Database", name, state.ID.ValueString(), func(ctx context.Context) (found bool, err error) {
		db, err = dp.DescribeDatabase(ctx, name)
		return true, err
	}) {
		return
	}
	resp.Diagnostics.Append(databaseFromAPI(db, dp.Endpoint(), &state)...)
	rememberEndpointCluster(ctx, r.client, dp.Endpoint(), req.Private, resp.Private)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update changes properties in place: one alter for the keys set or changed,
// one drop_properties for the keys removed, then a read.
func (r *databaseResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state databaseResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(r.client, plan.ClusterEndpoint, plan.Token, tokenArgument, &resp.Diagnostics)
	set, drop := propertyChanges(stringMap(state.Properties), stringMap(plan.Properties))
	if dp == nil || resp.Diagnostics.HasError() {
		return
	}
	name := plan.Name.ValueString()
	if err := dp.AlterDatabaseProperties(ctx, name, set); err != nil {
		resp.Diagnostics.AddError("Could not set properties of database "+name, apiErrorDetail(err))
		return
	}
	if err := dp.DropDatabaseProperties(ctx, name, drop); err != nil {
		resp.Diagnostics.AddError("Could not drop properties of database "+name, apiErrorDetail(err))
		return
	}
	tflog.Info(ctx, "database properties changed", map[string]any{"database": name, "set": sortedMapKeys(set), "dropped": drop})
	db, err := dp.DescribeDatabase(ctx, name)
	if err != nil {
		resp.Diagnostics.AddError("Could not read database "+name, apiErrorDetail(err))
		return
	}
	resp.Diagnostics.Append(databaseFromAPI(db, dp.Endpoint(), &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete drops the database. The server refuses one that still holds
// collections; the error then names them, and nothing is dropped.
func (r *databaseResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state databaseResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(r.client, state.ClusterEndpoint, state.Token, tokenArgument, &resp.Diagnostics)
	if dp == nil {
		return
	}
	name := state.Name.ValueString()
	outcome, asleep, err := callEndpoint(ctx, r.client, dp.Endpoint(), req.Private, func(ctx context.Context) error { return dp.DropDatabase(ctx, name) })
	switch {
	case outcome == endpointGone:
		tflog.Warn(ctx, "the database's cluster is gone; nothing to drop", map[string]any{"id": state.ID.ValueString()})
		return
	case outcome == endpointAsleep:
		resp.Diagnostics.AddError("Could not drop database "+name, "Its "+asleep+" and serves no requests. Resume it and destroy again.")
		return
	case err == nil || zilliz.IsNotFound(err):
		return
	}
	detail := apiErrorDetail(err)
	if names, lerr := dp.ListCollections(ctx, name); lerr == nil && len(names) > 0 {
		detail = fmt.Sprintf("The database still holds %d collection(s): %s. The provider never drops collections implicitly: "+
			"destroy them (or remove them from the database) first, then destroy the database.\n\n%s",
			len(names), strings.Join(names, ", "), detail)
	}
	resp.Diagnostics.AddError("Could not drop database "+name, detail)
}

func (r *databaseResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	endpoint, name, err := parseDatabaseID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid database import id", err.Error())
		return
	}
	if name == "default" {
		resp.Diagnostics.AddError("The default database cannot be managed",
			`Every cluster has the database "default" and it cannot be dropped, so it cannot be imported as a zilliz_database.`)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster_endpoint"), endpoint)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
}

// MoveState takes over a zillizcloud_database (database_move.go).
func (r *databaseResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: moveDatabaseFromOfficial}}
}
