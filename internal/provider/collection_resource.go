package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var (
	_ resource.ResourceWithConfigure        = &collectionResource{}
	_ resource.ResourceWithImportState      = &collectionResource{}
	_ resource.ResourceWithValidateConfig   = &collectionResource{}
	_ resource.ResourceWithModifyPlan       = &collectionResource{}
	_ resource.ResourceWithConfigValidators = &collectionResource{}
	_ resource.ResourceWithMoveState        = &collectionResource{}
)

// NewCollectionResource returns the zilliz_collection resource.
func NewCollectionResource() resource.Resource {
	return &collectionResource{}
}

const (
	defaultCollectionCreateTimeout = 10 * time.Minute
	defaultCollectionDeleteTimeout = 5 * time.Minute
	defaultCollectionUpdateTimeout = 10 * time.Minute
	maxDimension                   = 32768
)

var (
	collectionNameRegexp = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	collectionNameRule   = "must start with a letter or an underscore and contain only letters, digits and underscores"
	vectorTypeRegexp     = regexp.MustCompile(`^[A-Za-z0-9]*Vector\((\d+)\)$`)
)

type collectionResource struct {
	client *zilliz.Client
	walk   *planWalk
}

type collectionResourceModel struct {
	ID                 types.String      `tfsdk:"id"`
	ClusterEndpoint    types.String      `tfsdk:"cluster_endpoint"`
	Database           types.String      `tfsdk:"database"`
	Name               types.String      `tfsdk:"name"`
	Dimension          types.Int64       `tfsdk:"dimension"`
	MetricType         types.String      `tfsdk:"metric_type"`
	PrimaryField       types.String      `tfsdk:"primary_field"`
	VectorField        types.String      `tfsdk:"vector_field"`
	Description        types.String      `tfsdk:"description"`
	Token              types.String      `tfsdk:"token"`
	TokenWO            types.String      `tfsdk:"token_wo"`
	TokenWOVersion     types.Int64       `tfsdk:"token_wo_version"`
	Fields             types.List        `tfsdk:"fields"`
	Indexes            types.List        `tfsdk:"indexes"`
	LoadState          types.String      `tfsdk:"load_state"`
	ShardsNum          types.Int64       `tfsdk:"shards_num"`
	EnableDynamicField types.Bool        `tfsdk:"enable_dynamic_field"`
	ConsistencyLevel   types.String      `tfsdk:"consistency_level"`
	TTLSeconds         types.Int64       `tfsdk:"ttl_seconds"`
	Properties         types.Map         `tfsdk:"properties"`
	DeletionProtection types.Bool        `tfsdk:"deletion_protection"`
	Load               types.Bool        `tfsdk:"load"`
	FieldBlocks        []fieldBlockModel `tfsdk:"field"`
	IndexBlocks        []indexBlockModel `tfsdk:"index"`
	Timeouts           timeouts.Value    `tfsdk:"timeouts"`
}

// hasFieldBlocks tells whether the collection has a schema of its own (`field`
// blocks). The model is read only where the blocks are known; at plan time
// configForm tells the form, unknown blocks included.
func (m collectionResourceModel) hasFieldBlocks() bool { return len(m.FieldBlocks) > 0 }

var (
	collectionFieldType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"name": types.StringType, "type": types.StringType, "description": types.StringType,
		"primary_key": types.BoolType, "auto_id": types.BoolType, "partition_key": types.BoolType,
	}}
	collectionIndexType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"field_name": types.StringType, "index_name": types.StringType, "metric_type": types.StringType,
	}}
)

func (r *collectionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_collection"
}

func (r *collectionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A collection on a Zilliz Cloud cluster, in one of two forms. Without `field` blocks it is the quick-setup form " +
			"(`POST {cluster_endpoint}/v1/vector/collections/create`): an auto-id Int64 primary key and one float vector field of `dimension` with an index. " +
			"With `field` and `index` blocks it is created with exactly that schema through `POST {cluster_endpoint}/v2/vectordb/collections/create`. " +
			"These change in place, keeping the collection, its id on the server and its entities: `name` (renamed), a new nullable scalar `field`, " +
			"`index` blocks (that index is dropped and created, the collection released and loaded again where the server needs it), `ttl_seconds`, `properties`, " +
			"`load`, `token`, `deletion_protection` and field descriptions. Anything else replaces the collection: it is dropped with its entities and created empty. " +
			"Such a plan carries a warning with the number of entities it drops, and `deletion_protection = true` refuses it. With `load = true` (the default) create and update wait, within the timeout, until the server " +
			"reports the collection loaded. What the server does not store is kept from the configuration: field descriptions (never stored by the v2 create) " +
			"and, on servers older than Milvus PR #40023 (February 2025), the description of a collection with `field` blocks. " +
			"Destroying it calls `POST {cluster_endpoint}/v1/vector/collections/drop`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<cluster_endpoint>/databases/<database>/collections/<name>`; also the import id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"cluster_endpoint": clusterEndpointAttribute("collection"),
			"database": schema.StringAttribute{
				MarkdownDescription: "The database that holds the collection. Default `default`. Changing this forces a new collection: " +
					"the rename call moves a collection between databases only on newer servers, and older ones ignore the target database, so the provider does not use it.",
				Optional:      true,
				Computed:      true,
				Default:       stringdefault.StaticString("default"),
				PlanModifiers: replaced(),
				Validators:    []validator.String{stringvalidator.RegexMatches(collectionNameRegexp, collectionNameRule)},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The collection name: up to 255 letters, digits and underscores, starting with a letter or an underscore. " +
					"Changing it renames the collection in place (`POST /v2/vectordb/collections/rename`); the id follows, and entities, indexes and aliases stay.",
				Required: true,
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 255),
					stringvalidator.RegexMatches(collectionNameRegexp, collectionNameRule),
				},
			},
			"dimension": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Quick setup: the number of dimensions of the vector field, 1 to %d (required without `field` blocks). "+
					"With `field` blocks it reports the first vector field's `dim`. Changing this forces a new collection.", maxDimension),
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Int64{defaultByForm{quickSetup: planNull, schema: serverChooses}, int64planmodifier.RequiresReplace()},
				Validators:    []validator.Int64{int64validator.Between(1, maxDimension)},
			},
			"metric_type": schema.StringAttribute{
				MarkdownDescription: "Quick setup: the similarity metric of the vector index, `COSINE` (default), `L2` or `IP`. With `field` blocks it reports the first vector field's index metric (set metrics in `index` blocks). Changing this forces a new collection.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{defaultByForm{quickSetup: fixed(types.StringValue("COSINE")), schema: serverChooses}, stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.OneOf("L2", "IP", "COSINE")},
			},
			"primary_field": schema.StringAttribute{
				MarkdownDescription: "Quick setup: the name of the Int64 primary key field (auto id), default `id`. With `field` blocks it reports the primary field. Changing this forces a new collection.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{defaultByForm{quickSetup: fixed(types.StringValue("id")), schema: serverChooses}, stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.RegexMatches(collectionNameRegexp, collectionNameRule)},
			},
			"vector_field": schema.StringAttribute{
				MarkdownDescription: "Quick setup: the name of the float vector field, default `vector`. With `field` blocks it reports the first vector field. Changing this forces a new collection.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{defaultByForm{quickSetup: fixed(types.StringValue("vector")), schema: serverChooses}, stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.RegexMatches(collectionNameRegexp, collectionNameRule)},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "A description of the collection. Default empty. Changing this forces a new collection: " +
					"no documented property or call changes the description of an existing collection.",
				Optional:      true,
				Computed:      true,
				Default:       stringdefault.StaticString(""),
				PlanModifiers: replaced(),
			},
			"token":            endpointTokenAttribute("collection", "the cluster"),
			"token_wo":         tokenWOAttribute(), // collection_token_wo.go
			"token_wo_version": tokenWOVersionAttribute(),
			// fields and indexes are lists of objects, not nested attributes: Terraform
			// 1.5 and 1.6 crash generating configuration (-generate-config-out) for a
			// resource with a computed nested attribute (fixed by hashicorp/terraform#34472 in 1.7).
			"fields": schema.ListAttribute{
				MarkdownDescription: "The collection's fields as the cluster describes them: objects with `name`, `type` (such as `Int64` or `FloatVector(768)`), " +
					"`description`, `primary_key`, `auto_id` (whether the primary key is generated) and `partition_key`.",
				Computed:      true,
				ElementType:   collectionFieldType,
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"indexes": schema.ListAttribute{
				MarkdownDescription: "The collection's indexes as the cluster describes them: objects with `field_name` (the indexed field), `index_name` and `metric_type`.",
				Computed:            true,
				ElementType:         collectionIndexType,
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"load_state": schema.StringAttribute{
				MarkdownDescription: "Whether the collection is loaded for search: `LoadStateLoaded`, `LoadStateLoading`, `LoadStateNotLoad` or `LoadStateNotExist`.",
				Computed:            true,
				// No modifier: the framework plans it unknown whenever the collection
				// changes (the state may move from Loading to Loaded meanwhile) and
				// as in state otherwise.
			},
			"shards_num": schema.Int64Attribute{
				MarkdownDescription: "With `field` blocks: the number of shards, 1 to 16 (default 1). The quick-setup form always has 1. Changing this forces a new collection.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{defaultByForm{quickSetup: serverChooses, schema: fixed(types.Int64Value(1))}, int64planmodifier.RequiresReplace()},
				Validators:          []validator.Int64{int64validator.Between(1, 16)},
			},
			"enable_dynamic_field": schema.BoolAttribute{
				MarkdownDescription: "With `field` blocks: whether entities may carry fields beyond the schema (default `false`). The quick-setup form always enables it. Changing this forces a new collection.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{defaultByForm{quickSetup: serverChooses, schema: fixed(types.BoolValue(false))}, boolplanmodifier.RequiresReplace()},
			},
			"consistency_level": schema.StringAttribute{
				MarkdownDescription: "With `field` blocks: `Strong`, `Session`, `Bounded` (default), `Eventually` or `Customized`. Null for the quick-setup form. Changing this forces a new collection.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{defaultByForm{quickSetup: planNull, schema: fixed(types.StringValue("Bounded"))}, stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.OneOf(consistencyLevels...)},
			},
			"ttl_seconds": schema.Int64Attribute{
				MarkdownDescription: "With `field` blocks: entities expire this many seconds after insertion. Leave it out to keep them. " +
					"Changes in place (the collection property `collection.ttl.seconds`, set with alter_properties and removed with drop_properties).",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, 1<<31-1)},
			},
			"properties": schema.MapAttribute{
				MarkdownDescription: "With `field` blocks: collection properties, as strings. The keys the Milvus and Zilliz Cloud references document: " +
					"`mmap.enabled` (`\"true\"` or `\"false\"`: memory-map the raw data and indexes) and `partitionkey.isolation` (`\"true\"` or `\"false\"`; needs a partition key). " +
					"Set the TTL with `ttl_seconds`. Changes in place (alter_properties / drop_properties); the server changes `mmap.enabled` only on a released collection, " +
					"so the provider releases it and loads it again.",
				Optional:    true,
				ElementType: types.StringType,
				Validators:  []validator.Map{collectionPropertiesValidator{}},
			},
			"deletion_protection": schema.BoolAttribute{
				MarkdownDescription: "When `true`, a plan that would destroy or replace the collection fails at plan time, so its entities are never dropped; " +
					"a replacement Terraform decides on its own (a tainted resource, `-replace`, `replace_triggered_by`) fails at apply time, before anything is dropped. " +
					"Default `false`. Set it to `false` and apply before destroying the collection on purpose.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"load": schema.BoolAttribute{
				MarkdownDescription: "Whether the collection is loaded into memory for search (default `true`). Changed in place (load or release). Loading needs an index on every vector field.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
			},
		},
		Blocks: map[string]schema.Block{
			"field":    fieldBlockSchema(),
			"index":    indexBlockSchema(),
			"timeouts": timeoutsBlock(ctx, collectionTimeouts), // timeouts_block.go
		},
	}
}

func (r *collectionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.walk = walkFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *collectionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	// `field` and `index` blocks made by a dynamic block over a value known
	// only at apply are unknown lists, which the model cannot hold: check
	// the rest then, and the blocks once they are known.
	var blocks struct {
		Field types.List `tfsdk:"field"`
		Index types.List `tfsdk:"index"`
	}
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("field"), &blocks.Field)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("index"), &blocks.Index)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if blocks.Field.IsUnknown() || blocks.Index.IsUnknown() {
		resp.Diagnostics.Append(validateCollectionToken(ctx, req.Config)...)
		return
	}
	var cfg collectionResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.hasFieldBlocks() {
		validateSchemaMode(cfg, &resp.Diagnostics)
	} else {
		validateQuickSetup(cfg, &resp.Diagnostics)
	}
	validateTokenNotEmpty(cfg.Token, &resp.Diagnostics)
}

// validateCollectionToken checks token alone, for a configuration whose
// blocks are not known yet (the model cannot hold it).
func validateCollectionToken(ctx context.Context, cfg tfsdk.Config) diag.Diagnostics {
	var token types.String
	diags := cfg.GetAttribute(ctx, path.Root("token"), &token)
	validateTokenNotEmpty(token, &diags)
	return diags
}

// ConfigValidators: token and token_wo are two forms of one credential
// (collection_token_wo.go), and token_wo needs its version.
func (r *collectionResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.Conflicting(path.MatchRoot("token"), path.MatchRoot("token_wo")),
		resourcevalidator.RequiredTogether(path.MatchRoot("token_wo"), path.MatchRoot("token_wo_version")),
	}
}

// ModifyPlan guards the data. On an existing collection it refuses, at plan
// time, a destroy or replacement while deletion_protection is true or while
// its protected cluster is being replaced (refuseLeavingWithCluster), and a new
// field the server would refuse to add; it warns, with the entity count, when
// the plan replaces the collection; and it marks what an in-place change
// recomputes (id after a rename, fields and indexes) as known after apply.
func (r *collectionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		return // create
	}
	if r.walk.refuseLeavingWithCluster(ctx, req, "Collection", &resp.Diagnostics) {
		return
	}
	var state collectionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.Name.ValueString()
	where := fmt.Sprintf("%q (database %q on %s)", name, state.Database.ValueString(), state.ClusterEndpoint.ValueString())
	protected := state.DeletionProtection.ValueBool()
	if req.Plan.Raw.IsNull() {
		if protected {
			resp.Diagnostics.AddError("Collection "+name+" is protected from deletion",
				"deletion_protection is true, so this plan would not drop collection "+where+" and its entities, and nothing else was destroyed either. "+
					"To drop it, set deletion_protection = false, run terraform apply, then destroy again.")
		}
		return
	}
	var fieldList, indexList types.List
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("field"), &fieldList)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("index"), &indexList)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var reasons []string
	var plan collectionResourceModel
	blocksKnown := !fieldList.IsUnknown() && !indexList.IsUnknown()
	if blocksKnown {
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
		if resp.Diagnostics.HasError() {
			return
		}
		reasons = replaceReasons(plan, state)
	} else {
		reasons = []string{"the field or index blocks are known only at apply"}
	}
	if len(reasons) > 0 {
		if protected {
			resp.Diagnostics.AddError("Collection "+name+" is protected from deletion",
				"This plan replaces collection "+where+" (drops it with its entities and creates an empty one) because "+strings.Join(reasons, "; ")+
					". deletion_protection is true, so nothing was changed. Undo the change, or set deletion_protection = false and apply first.")
			return
		}
		r.warnReplacement(ctx, &resp.Diagnostics, state, where, reasons)
		return
	}

	for _, f := range addedFields(plan.FieldBlocks, state.FieldBlocks) {
		if !f.Nullable.ValueBool() {
			resp.Diagnostics.AddAttributeError(path.Root("field"), "Field "+f.Name.ValueString()+" cannot be added to collection "+name,
				fmt.Sprintf("Milvus adds a field to an existing collection only when it is nullable (the server answers \"added field must be nullable\"): "+
					"the entities already stored have no value for it. Set nullable = true on field %q (optionally with default_value, the value those entities read), "+
					"and the field is added in place, keeping the entities.", f.Name.ValueString()))
		}
	}
	if !plan.Name.Equal(state.Name) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), types.StringUnknown())...)
	}
	if len(addedFields(plan.FieldBlocks, state.FieldBlocks)) > 0 {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("fields"), types.ListUnknown(collectionFieldType))...)
	}
	if drops, creates := indexChanges(plan.IndexBlocks, state.IndexBlocks); len(drops)+len(creates) > 0 {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("indexes"), types.ListUnknown(collectionIndexType))...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("metric_type"), types.StringUnknown())...)
	}
}

// collectionExistsAdvice says that a collection of this name exists already
// and how to adopt it: the terraform import command and the import block.
func collectionExistsAdvice(endpoint, db, name string) string {
	return fmt.Sprintf("A collection named %q already exists in database %q of %s, and Terraform does not know it: "+
		"an earlier apply may have created it and been stopped before it could record it (a killed CI runner, say), or someone else made it. "+
		"No second collection was created, and Terraform does not take over existing collections silently.\n\n%s\n"+
		"If the collection is not this configuration's, choose another name.",
		name, db, endpoint, importAdvice("zilliz_collection.articles", collectionID(endpoint, db, name)))
}

func (r *collectionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan collectionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	token, source := tokenOrWriteOnly(ctx, req.Config, plan.Token, &resp.Diagnostics)
	dp := endpointDataPlane(r.client, plan.ClusterEndpoint, token, source, &resp.Diagnostics)
	if dp == nil {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultCollectionCreateTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	db, name := plan.Database.ValueString(), plan.Name.ValueString()
	// A cluster made in the same apply may refuse the credentials for a
	// while after it runs (data_plane_wait.go): wait on the name check, the
	// first request of a create anyway; the create then skips its own.
	exists := false
	checkErr := awaitDataPlane(ctx, dp, func(ctx context.Context, dp *zilliz.DataPlane) (err error) {
		exists, err = dp.HasCollection(ctx, db, name)
		return err
	})
	var err error
	switch {
	case checkErr != nil && (zilliz.IsCredentialRefused(checkErr) || zilliz.IsUnavailable(checkErr)):
		resp.Diagnostics.AddError("Could not create collection "+name, checkErr.Error())
		return
	case checkErr == nil && exists:
		err = &zilliz.CollectionExistsError{Database: db, Name: name}
	case checkErr == nil:
		ctx = zilliz.WithNameCheckedFree(ctx)
	}
	if err == nil { // a taken name is reported below, and nothing is sent
		err = r.sendCreate(ctx, dp, plan, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	summary := "Could not create collection " + name
	switch {
	case zilliz.IsCollectionExists(err):
		resp.Diagnostics.AddError(summary, collectionExistsAdvice(dp.Endpoint(), db, name))
		return
	case err != nil && !zilliz.CollectionCreated(err):
		resp.Diagnostics.AddError(summary, apiErrorDetail(err))
		return
	}

	// Recorded at once, so that whatever fails from here on leaves a tainted
	// resource (replaced by the next apply), never a collection Terraform
	// does not know about.
	plan.ID = types.StringValue(collectionID(dp.Endpoint(), db, name))
	resp.Diagnostics.Append(resp.State.Set(ctx, plan.withUnknownsNull())...)
	rememberEndpointCluster(ctx, r.client, dp.Endpoint(), nil, resp.Private)
	if err != nil {
		resp.Diagnostics.AddError(summary, "The server created the collection but then failed; it is recorded as tainted, "+
			"so the next apply replaces it. Fix the cause first.\n\n"+apiErrorDetail(err))
		return
	}
	wantLoad := plan.Load.ValueBool()
	if len(stringMap(plan.Properties)) > 0 {
		// The create cannot carry them all: set them now, on a collection the
		// create may have loaded (mmap.enabled needs it released).
		loadState, _, err := dp.GetLoadState(ctx, db, name)
		if err != nil {
			resp.Diagnostics.AddError("Could not read the load state of collection "+name,
				"The collection was created; it is recorded as tainted, so the next apply replaces it. "+apiErrorDetail(err))
			return
		}
		e := &evolution{dp: dp, db: db, name: name, loaded: loadState != zilliz.LoadStateNotLoad}
		noProps := plan
		noProps.Properties = types.MapNull(types.StringType)
		if d := e.changeProperties(ctx, plan, noProps); d.HasError() {
			resp.Diagnostics.Append(d...)
			return
		}
		if wantLoad && !e.loaded {
			if err := dp.LoadCollection(ctx, db, name); err != nil {
				resp.Diagnostics.AddError("Could not load collection "+name, apiErrorDetail(err))
				return
			}
		}
	}
	// One describe, repeated only while the server is still loading.
	answer, err := r.fetchLoaded(ctx, dp, plan, wantLoad)
	switch {
	case err != nil && answer.load() == zilliz.LoadStateLoading:
		resp.Diagnostics.AddError("Could not load collection "+name, "The collection was created but is not loaded yet: "+apiErrorDetail(err))
		return
	case err != nil:
		resp.Diagnostics.AddError("Could not read collection "+name+" after creating it", apiErrorDetail(err))
		return
	}
	apply, err := r.applier(ctx, dp, plan, answer)
	if err != nil {
		resp.Diagnostics.AddError("Could not read the indexes of collection "+name+" after creating it",
			"The collection was created; it is recorded as tainted, so the next apply replaces it. "+apiErrorDetail(err))
		return
	}
	resp.Diagnostics.Append(apply(&plan)...)
	resp.Diagnostics.Append(r.applyLoad(ctx, dp, &plan, wantLoad)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// sendCreate sends the create of the collection in its form: v2 with a
// schema, v1 for the quick-setup form.
func (r *collectionResource) sendCreate(ctx context.Context, dp *zilliz.DataPlane, plan collectionResourceModel, diags *diag.Diagnostics) error {
	if plan.hasFieldBlocks() {
		v2req, d := createV2RequestFromPlan(ctx, plan)
		diags.Append(d...)
		if diags.HasError() {
			return nil
		}
		return dp.CreateCollectionV2(ctx, v2req)
	}
	return dp.CreateCollection(ctx, zilliz.CreateCollectionRequest{
		Database:       plan.Database.ValueString(),
		CollectionName: plan.Name.ValueString(),
		Dimension:      int(plan.Dimension.ValueInt64()),
		MetricType:     plan.MetricType.ValueString(),
		PrimaryField:   plan.PrimaryField.ValueString(),
		VectorField:    plan.VectorField.ValueString(),
		Description:    plan.Description.ValueString(),
	})
}

// withUnknownsNull is the model with every unknown value null, as state
// recorded before the server was read must be.
func (m collectionResourceModel) withUnknownsNull() *collectionResourceModel {
	nullString := func(v *types.String) {
		if v.IsUnknown() {
			*v = types.StringNull()
		}
	}
	nullInt := func(v *types.Int64) {
		if v.IsUnknown() {
			*v = types.Int64Null()
		}
	}
	for _, v := range []*types.String{&m.MetricType, &m.PrimaryField, &m.VectorField, &m.LoadState, &m.ConsistencyLevel, &m.Description} {
		nullString(v)
	}
	for _, v := range []*types.Int64{&m.Dimension, &m.ShardsNum} {
		nullInt(v)
	}
	if m.EnableDynamicField.IsUnknown() {
		m.EnableDynamicField = types.BoolNull()
	}
	if m.Fields.IsUnknown() {
		m.Fields = types.ListNull(collectionFieldType)
	}
	if m.Indexes.IsUnknown() {
		m.Indexes = types.ListNull(collectionIndexType)
	}
	blocks := make([]indexBlockModel, len(m.IndexBlocks))
	for i, ix := range m.IndexBlocks {
		nullString(&ix.IndexName)
		nullString(&ix.IndexType)
		nullString(&ix.MetricType)
		if ix.Params.IsUnknown() {
			ix.Params = types.MapNull(types.StringType)
		}
		blocks[i] = ix
	}
	m.IndexBlocks = blocks
	return &m
}

// describe reads the collection in its form (v1 describe for the quick-setup
// form, v2 with a schema) and returns how to write the answer into a model. A
// freshly imported collection has no form yet: v2 describe tells, and a
// quick-setup shape is then read through v1 like any quick-setup collection.
// Index types and params the model does not know yet (create, import) are
// read with /v2/vectordb/indexes/describe; a server without it leaves them
// unknown to state (null).
func (r *collectionResource) describe(ctx context.Context, dp *zilliz.DataPlane, m collectionResourceModel) (func(*collectionResourceModel) diag.Diagnostics, error) {
	a, err := r.fetch(ctx, dp, m)
	if err != nil {
		return nil, err
	}
	return r.applier(ctx, dp, m, a)
}

// collectionAnswer is one describe answer, in the collection's form.
type collectionAnswer struct {
	v1 *zilliz.Collection
	v2 *zilliz.CollectionV2
}

// load is the load state the answer reports.
func (a collectionAnswer) load() string {
	if a.v2 != nil {
		return a.v2.Load
	}
	if a.v1 != nil {
		return a.v1.Load
	}
	return ""
}

// fetch is describe's request: one describe in the collection's form.
func (r *collectionResource) fetch(ctx context.Context, dp *zilliz.DataPlane, m collectionResourceModel) (collectionAnswer, error) {
	db, name := m.Database.ValueString(), m.Name.ValueString()
	importing := m.Dimension.IsNull() && !m.hasFieldBlocks()
	if m.hasFieldBlocks() || importing {
		c, err := dp.DescribeCollectionV2(ctx, db, name)
		if err != nil {
			return collectionAnswer{}, err
		}
		if !importing || !quickSetupShape(c) {
			return collectionAnswer{v2: c}, nil
		}
	}
	c, err := dp.DescribeCollection(ctx, db, name)
	if err != nil {
		return collectionAnswer{}, err
	}
	return collectionAnswer{v1: c}, nil
}

// applier turns an answer into the function that writes it into a model,
// reading the index types and params the model does not know yet.
func (r *collectionResource) applier(ctx context.Context, dp *zilliz.DataPlane, m collectionResourceModel, a collectionAnswer) (func(*collectionResourceModel) diag.Diagnostics, error) {
	if a.v2 != nil {
		info, err := r.unknownIndexTypes(ctx, dp, m, a.v2)
		if err != nil {
			return nil, err
		}
		return func(m *collectionResourceModel) diag.Diagnostics { return collectionFromAPIV2(a.v2, m, info) }, nil
	}
	return func(m *collectionResourceModel) diag.Diagnostics { return collectionFromAPI(a.v1, m) }, nil
}

// fetchLoaded describes a new collection and, when it is to be loaded and
// the server is still loading it, describes it again until it is loaded: the
// describe answer carries the load state (Milvus handler_v1.go
// getCollectionDetails and handler_v2.go describeCollection both ask
// GetLoadState), so no get_load_state call is needed, and nothing is sent
// beyond one describe per poll. A collection that does not show as loading
// within notLoadGrace is left to applyLoad. last is the latest answer, also
// when err is set (a timeout while loading).
func (r *collectionResource) fetchLoaded(ctx context.Context, dp *zilliz.DataPlane, m collectionResourceModel, wantLoad bool) (last collectionAnswer, err error) {
	start := time.Now()
	err = zilliz.Wait(ctx, zilliz.WaitOptions{Immediate: true, MaxInterval: 2 * time.Second}, func(ctx context.Context) (bool, int, error) {
		a, err := r.fetch(ctx, dp, m)
		if err != nil {
			return false, -1, err
		}
		last = a
		switch load := a.load(); {
		case !wantLoad || load == zilliz.LoadStateLoaded:
			return true, -1, nil
		case load == zilliz.LoadStateLoading:
			return false, -1, nil
		case time.Since(start) < notLoadGrace:
			// (inferred) a load the create just started may not show yet.
			return false, -1, nil
		}
		return true, -1, nil
	})
	return last, err
}

// notLoadGrace is how long fetchLoaded takes LoadStateNotLoad for a load
// that has not shown yet rather than none.
const notLoadGrace = 5 * time.Second

// unknownIndexTypes describes each index whose type the model does not know.
func (r *collectionResource) unknownIndexTypes(ctx context.Context, dp *zilliz.DataPlane, m collectionResourceModel, c *zilliz.CollectionV2) (map[string]*zilliz.IndexDescription, error) {
	knownType := map[string]bool{}
	for _, ix := range m.IndexBlocks {
		knownType[ix.FieldName.ValueString()] = known(ix.IndexType)
	}
	out := map[string]*zilliz.IndexDescription{}
	for _, ix := range c.Indexes {
		if knownType[ix.FieldName] || ix.IndexName == "" {
			continue
		}
		info, err := dp.DescribeIndex(ctx, m.Database.ValueString(), m.Name.ValueString(), ix.IndexName)
		if indexDescribeMissing(err) {
			tflog.Debug(ctx, "the server does not describe the index; its type and params stay unknown", map[string]any{"index": ix.IndexName, "error": err.Error()})
			continue
		}
		if err != nil {
			return nil, err
		}
		out[ix.IndexName] = info
	}
	return out, nil
}

// indexDescribeMissing tells whether a describe-index call failed because the
// server has no such call (an HTTP 404 for the path) or no longer has the
// index (Milvus 700, index not found: dropped since the collection was
// described). Either leaves the index's type and params unknown; any other
// error is the read's.
func indexDescribeMissing(err error) bool {
	const milvusIndexNotFound = 700 // pkg/util/merr/errors.go ErrIndexNotFound
	var ae *zilliz.APIError
	return errors.As(err, &ae) && (ae.HTTPStatus == http.StatusNotFound || ae.Code == milvusIndexNotFound)
}

// quickSetupShape tells whether a collection looks like one the v1 quick-setup
// form makes: an auto-id Int64 primary key, one float vector, a dynamic field.
func quickSetupShape(c *zilliz.CollectionV2) bool {
	if len(c.Fields) != 2 || !c.EnableDynamicField {
		return false
	}
	pk, vec := c.Fields[0], c.Fields[1]
	return pk.PrimaryKey && pk.AutoID && pk.Type == "Int64" && vec.Type == "FloatVector"
}

// applyLoad loads or releases the collection so that it matches the planned
// `load` (want), waits until a load is done, and records the new load state.
func (r *collectionResource) applyLoad(ctx context.Context, dp *zilliz.DataPlane, m *collectionResourceModel, want bool) diag.Diagnostics {
	var diags diag.Diagnostics
	db, name := m.Database.ValueString(), m.Name.ValueString()
	switch {
	case want && m.LoadState.ValueString() == zilliz.LoadStateLoading:
		// Loading already (a load started elsewhere): wait for it below.
	case want == m.Load.ValueBool():
		return diags
	case want:
		if err := dp.LoadCollection(ctx, db, name); err != nil {
			diags.AddError("Could not load collection "+name, apiErrorDetail(err))
			return diags
		}
	default:
		if err := dp.ReleaseCollection(ctx, db, name); err != nil {
			diags.AddError("Could not release collection "+name, apiErrorDetail(err))
			return diags
		}
	}
	if want {
		if err := dp.WaitLoaded(ctx, db, name); err != nil {
			diags.AddError("Could not load collection "+name, apiErrorDetail(err))
			return diags
		}
	}
	state, _, err := dp.GetLoadState(ctx, db, name)
	if err != nil {
		diags.AddError("Could not read the load state of collection "+name, apiErrorDetail(err))
		return diags
	}
	m.LoadState = types.StringValue(state)
	m.Load = types.BoolValue(want)
	return diags
}

func (r *collectionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state collectionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(r.client, state.ClusterEndpoint, state.Token, collectionToken, &resp.Diagnostics)
	if dp == nil {
		return
	}
	name := state.Name.ValueString()
	// An endpoint that does not answer may belong to a dropped cluster, or be
	// out of this machine's reach: callEndpoint asks the control plane after
	// a short try instead of riding out the whole backoff. Only its positive
	// answer makes the collection gone.
	var apply func(*collectionResourceModel) diag.Diagnostics
	outcome, asleep, err := callEndpoint(ctx, r.client, dp.Endpoint(), req.Private, func(ctx context.Context) error {
		var err error
		apply, err = r.describe(ctx, dp, state)
		return err
	})
	switch outcome {
	case endpointGone:
		tflog.Warn(ctx, "the collection's cluster is gone; removing the collection from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	case endpointAsleep:
		// A suspended cluster keeps its collections but serves nothing: keep
		// the last known state rather than fail every plan.
		resp.Diagnostics.AddWarning("Collection "+name+" not refreshed",
			"Its "+asleep+", so the endpoint does not answer; the last known state is kept.")
		return
	}
	if err != nil {
		if zilliz.IsNotFound(err) {
			tflog.Warn(ctx, "collection is gone; removing it from state", map[string]any{"id": state.ID.ValueString()})
			resp.State.RemoveResource(ctx)
			return
		}
		resp.Diagnostics.AddError("Could not read collection "+name, apiErrorDetail(err))
		return
	}
	state.ID = types.StringValue(collectionID(dp.Endpoint(), state.Database.ValueString(), name))
	resp.Diagnostics.Append(apply(&state)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	rememberEndpointCluster(ctx, r.client, dp.Endpoint(), req.Private, resp.Private)
}

// Update makes the in-place changes, one step each and in this order:
// rename, new fields, indexes, properties; then it reads the collection and
// loads or releases it as planned (a step may have released it). A failed
// step records what the server then describes (recordAfterFailure) and stops.
func (r *collectionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state collectionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	token, source := tokenOrWriteOnly(ctx, req.Config, plan.Token, &resp.Diagnostics)
	dp := endpointDataPlane(r.client, plan.ClusterEndpoint, token, source, &resp.Diagnostics)
	if dp == nil {
		return
	}
	timeout, d := plan.Timeouts.Update(ctx, defaultCollectionUpdateTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	db := plan.Database.ValueString()
	e := &evolution{dp: dp, db: db, name: state.Name.ValueString()}
	if newName := plan.Name.ValueString(); newName != e.name {
		if err := dp.RenameCollection(ctx, db, e.name, newName); err != nil {
			resp.Diagnostics.AddError("Could not rename collection "+e.name+" to "+newName, apiErrorDetail(err))
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
			return
		}
		tflog.Info(ctx, "renamed collection", map[string]any{"from": e.name, "to": newName})
		e.name = newName
		state.Name, state.ID = plan.Name, types.StringValue(collectionID(dp.Endpoint(), db, newName))
	}
	if plan.hasFieldBlocks() {
		loadState, _, err := dp.GetLoadState(ctx, db, e.name)
		if err != nil {
			resp.Diagnostics.AddError("Could not read the load state of collection "+e.name, apiErrorDetail(err))
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
			return
		}
		e.loaded = loadState != zilliz.LoadStateNotLoad
		for _, step := range []func() diag.Diagnostics{
			func() diag.Diagnostics { return e.addFields(ctx, plan.FieldBlocks, state.FieldBlocks) },
			func() diag.Diagnostics { return e.changeIndexes(ctx, plan.IndexBlocks, state.IndexBlocks) },
			func() diag.Diagnostics { return e.changeProperties(ctx, plan, state) },
		} {
			if d := step(); d.HasError() {
				resp.Diagnostics.Append(d...)
				r.recordAfterFailure(ctx, dp, state, resp)
				return
			}
		}
	}

	wantLoad := plan.Load.ValueBool()
	apply, err := r.describe(ctx, dp, plan)
	if err != nil {
		resp.Diagnostics.AddError("Could not read collection "+plan.Name.ValueString(), apiErrorDetail(err))
		r.recordAfterFailure(ctx, dp, state, resp)
		return
	}
	plan.ID = state.ID
	resp.Diagnostics.Append(apply(&plan)...)
	resp.Diagnostics.Append(r.applyLoad(ctx, dp, &plan, wantLoad)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// recordAfterFailure writes the state of a collection whose update failed
// part way. Earlier steps may have changed it, so the state is what the
// server now describes, and the next plan starts from the real collection (a
// field added once is not added again); when even that read fails, it is the
// prior state with the steps known to be done (the new name). Left alone, the
// state would be the plan, as if every step had been made.
func (r *collectionResource) recordAfterFailure(ctx context.Context, dp *zilliz.DataPlane, done collectionResourceModel, resp *resource.UpdateResponse) {
	// The update's own deadline may be what failed: one read on its own clock.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	m := done
	apply, err := r.describe(ctx, dp, m)
	if err == nil {
		if d := apply(&m); d.HasError() {
			resp.Diagnostics.Append(d...)
			m = done
		}
	} else {
		resp.Diagnostics.AddWarning("Collection "+done.Name.ValueString()+" not read after the failed update",
			"The state records the prior collection with the steps known to have been made; the next refresh reads the rest. "+apiErrorDetail(err))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *collectionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state collectionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// ModifyPlan refuses the destroys and replacements it can see; a
	// replacement Terraform decides alone (a tainted resource, -replace,
	// replace_triggered_by) reaches Delete without passing that check.
	if state.DeletionProtection.ValueBool() {
		resp.Diagnostics.AddError("Collection "+state.Name.ValueString()+" is protected from deletion",
			"deletion_protection is true, so the collection was not dropped. Terraform asked to replace or destroy it "+
				"(a tainted resource, -replace or replace_triggered_by). To drop it, set deletion_protection = false "+
				"and apply that alone first (untaint the resource, or leave out -replace, for that apply), then replace or destroy it.")
		return
	}
	dp := endpointDataPlane(r.client, state.ClusterEndpoint, state.Token, collectionToken, &resp.Diagnostics)
	if dp == nil {
		return
	}
	timeout, d := state.Timeouts.Delete(ctx, defaultCollectionDeleteTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	name, db := state.Name.ValueString(), state.Database.ValueString()
	outcome, asleep, err := callEndpoint(ctx, r.client, dp.Endpoint(), req.Private, func(ctx context.Context) error {
		return dp.DropCollection(ctx, db, name)
	})
	switch outcome {
	case endpointGone:
		tflog.Warn(ctx, "the collection's cluster is gone; nothing to drop", map[string]any{"id": state.ID.ValueString()})
		return
	case endpointAsleep:
		resp.Diagnostics.AddError("Could not drop collection "+name,
			"Its "+asleep+" and serves no requests. Resume it (desired_status = \"RUNNING\") and destroy again; "+
				"dropping the cluster itself also removes its collections.")
		return
	}
	if err == nil || zilliz.IsNotFound(err) {
		return
	}
	resp.Diagnostics.AddError("Could not drop collection "+name, apiErrorDetail(err))
}

func (r *collectionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	endpoint, db, name, err := parseCollectionID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid collection import id", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster_endpoint"), endpoint)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("database"), db)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("deletion_protection"), false)...)
}

func (r *collectionResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: moveCollectionFromOfficial}}
}

// moveCollectionFromOfficial turns a zillizcloud_collection into a zilliz_collection.
func moveCollectionFromOfficial(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	var src officialCollection
	if !officialSource(req, resp, "zillizcloud_collection", `zilliz_collection.<name> id = "<endpoint>/databases/<database>/collections/<name>"`, &src) {
		return
	}
	m, diags := collectionModelFromOfficial(src)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "moving zillizcloud_collection to zilliz_collection", map[string]any{"id": m.ID.ValueString()})
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
}
