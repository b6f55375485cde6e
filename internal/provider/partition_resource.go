package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
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
	_ resource.ResourceWithConfigure      = &partitionResource{}
	_ resource.ResourceWithImportState    = &partitionResource{}
	_ resource.ResourceWithValidateConfig = &partitionResource{}
	_ resource.ResourceWithMoveState      = &partitionResource{}
	_ resource.ResourceWithModifyPlan     = &partitionResource{}
)

// NewPartitionResource returns the zilliz_partition resource.
func NewPartitionResource() resource.Resource {
	return &partitionResource{}
}

type partitionResource struct {
	client *zilliz.Client
	walk   *planWalk
}

type partitionResourceModel struct {
	ID              types.String   `tfsdk:"id"`
	ClusterEndpoint types.String   `tfsdk:"cluster_endpoint"`
	Database        types.String   `tfsdk:"database"`
	CollectionName  types.String   `tfsdk:"collection_name"`
	Name            types.String   `tfsdk:"name"`
	Token           types.String   `tfsdk:"token"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

func (r *partitionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_partition"
}

func (r *partitionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A partition of a collection (`POST {cluster_endpoint}/v2/vectordb/partitions/create`): a named subset of its " +
			"entities that searches can be limited to, for example one per tenant. Every collection has the partition `_default`, which is not managed. " +
			"A collection with a partition key field manages its partitions itself and refuses manual ones. Destroying a partition drops it and its " +
			"entities; a loaded partition is released first, as the cluster requires. Zilliz Cloud accepts one partition create per second per cluster; " +
			"the provider paces them.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<cluster_endpoint>/databases/<database>/collections/<collection_name>/partitions/<name>`; also the import id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"cluster_endpoint": clusterEndpointAttribute("partition"),
			"database": schema.StringAttribute{
				MarkdownDescription: "The database of the collection. Default `default`. Changing this forces a new partition.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("default"),
				PlanModifiers:       replaced(),
				Validators:          databaseNameValidators(),
			},
			"collection_name": schema.StringAttribute{
				MarkdownDescription: "The collection, usually `zilliz_collection.<name>.name`. Changing this forces a new partition.",
				Required:            true,
				PlanModifiers:       replaced(),
				Validators:          databaseNameValidators(),
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The partition name: up to 255 letters, digits and underscores, starting with a letter or an underscore; not `_default`. " +
					"Changing this forces a new partition (the API cannot rename one): its entities are dropped with the old one.",
				Required:      true,
				PlanModifiers: replaced(),
				Validators:    append(databaseNameValidators(), notBuiltin{what: "partition", names: []string{zilliz.DefaultPartition}, why: "Every collection has it and it cannot be dropped, so Terraform cannot own it."}),
			},
			"token": endpointTokenAttribute("partition", "a cluster user"),
		},
		Blocks: map[string]schema.Block{
			"timeouts": createTimeoutBlock(ctx), // data_plane_wait.go
		},
	}
}

func (r *partitionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.walk = walkFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses to replace or destroy the partition with its protected
// cluster (refuseLeavingWithCluster): the cluster's own protection would
// refuse only after the partition was dropped.
func (r *partitionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	sayWhyReplaced(ctx, req, resp, "Partition", partitionReplacement...)
	r.walk.refuseLeavingWithCluster(ctx, req, "Partition", &resp.Diagnostics)
}

func (r *partitionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var token types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("token"), &token)...)
	validateTokenNotEmpty(token, &resp.Diagnostics)
}

// partitionID is the id and import id of a partition.
func partitionID(endpoint, database, collection, name string) string {
	return partitionIDForm.id(endpoint, database, collection, name)
}

func parsePartitionID(id string) (endpoint, database, collection, name string, err error) {
	endpoint, n, err := partitionIDForm.parse(id)
	if err != nil {
		return "", "", "", "", err
	}
	return endpoint, n[0], n[1], n[2], nil
}

func (m partitionResourceModel) names() (db, collection, name string) {
	return m.Database.ValueString(), m.CollectionName.ValueString(), m.Name.ValueString()
}

func (r *partitionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan partitionResourceModel
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
	db, collection, name := plan.names()
	summary := "Could not create partition " + name
	// The server answers success for a partition that exists already, so
	// the name is checked first: an existing partition is not taken over.
	var has bool
	if err := awaitDataPlane(ctx, dp, func(ctx context.Context, dp *zilliz.DataPlane) (err error) {
		has, err = dp.HasPartition(ctx, db, collection, name)
		return err
	}); err != nil {
		detail := err.Error()
		if zilliz.IsNotFound(err) {
			detail = fmt.Sprintf("The collection %q does not exist in database %q of %s.\n\n%s", collection, db, dp.Endpoint(), apiErrorDetail(err))
		}
		resp.Diagnostics.AddError(summary, detail)
		return
	}
	if has {
		resp.Diagnostics.AddError(summary, fmt.Sprintf("A partition named %q already exists in collection %q. Terraform does not take over existing partitions silently: "+
			"import it with\n\n  terraform import <resource address> '%s'\n\nor choose another name.", name, collection, partitionID(dp.Endpoint(), db, collection, name)))
		return
	}
	if err := dp.CreatePartition(ctx, db, collection, name); err != nil {
		detail := apiErrorDetail(err)
		if c, derr := dp.DescribeCollectionV2(ctx, db, collection); derr == nil && hasPartitionKey(c) {
			detail = fmt.Sprintf("Collection %q has a partition key field, so the cluster manages its partitions itself and refuses manual ones "+
				"(\"disable create partition if partition key mode is used\"). Drop the zilliz_partition, or use a collection without a partition key.\n\n%s", collection, detail)
		}
		resp.Diagnostics.AddError(summary, detail)
		return
	}
	tflog.Info(ctx, "partition created", map[string]any{"endpoint": dp.Endpoint(), "database": db, "collection": collection, "partition": name})
	plan.ID = types.StringValue(partitionID(dp.Endpoint(), db, collection, name))
	rememberEndpointCluster(ctx, r.client, dp.Endpoint(), nil, resp.Private)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// hasPartitionKey reports a collection whose partitions the server manages.
func hasPartitionKey(c *zilliz.CollectionV2) bool {
	for _, f := range c.Fields {
		if f.PartitionKey {
			return true
		}
	}
	return false
}

func (r *partitionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state partitionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(r.client, state.ClusterEndpoint, state.Token, tokenArgument, &resp.Diagnostics)
	if dp == nil {
		return
	}
	db, collection, name := state.names()
	if !refreshOnEndpoint(ctx, r.client, dp.Endpoint(), req, resp, "Partition", name, state.ID.ValueString(), func(ctx context.Context) (bool, error) {
		return dp.HasPartition(ctx, db, collection, name)
	}) {
		return
	}
	state.ID = types.StringValue(partitionID(dp.Endpoint(), db, collection, name))
	rememberEndpointCluster(ctx, r.client, dp.Endpoint(), req.Private, resp.Private)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update changes nothing on the cluster: every argument but the token
// forces a new partition.
func (r *partitionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan partitionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete drops the partition. The cluster refuses a loaded one ("partition
// cannot be dropped, partition is loaded, please release it first": Milvus
// proxy dropPartitionTask): when the drop fails on a loaded collection, the
// partition is released and dropped again. A partition, collection or
// cluster that is gone is no error.
func (r *partitionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state partitionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dp := endpointDataPlane(r.client, state.ClusterEndpoint, state.Token, tokenArgument, &resp.Diagnostics)
	if dp == nil {
		return
	}
	db, collection, name := state.names()
	// loadErr is a failed read of the load state after a refused drop: the
	// drop's error is reported, and this one with it.
	var loadErr error
	outcome, asleep, err := callEndpoint(ctx, r.client, dp.Endpoint(), req.Private, func(ctx context.Context) error {
		loadErr = nil
		err := dp.DropPartition(ctx, db, collection, name)
		if err == nil || zilliz.IsNotFound(err) {
			return nil
		}
		loadState, _, lerr := dp.GetLoadState(ctx, db, collection)
		if lerr != nil {
			loadErr = lerr
			return err
		}
		if loadState == zilliz.LoadStateNotLoad {
			return err
		}
		tflog.Info(ctx, "releasing the partition before dropping it", map[string]any{"collection": collection, "partition": name})
		if rerr := dp.ReleasePartitions(ctx, db, collection, name); rerr != nil {
			return fmt.Errorf("releasing the partition before the drop: %w", rerr)
		}
		return dp.DropPartition(ctx, db, collection, name)
	})
	switch {
	case outcome == endpointGone:
		tflog.Warn(ctx, "the partition's cluster is gone; nothing to drop", map[string]any{"id": state.ID.ValueString()})
	case outcome == endpointAsleep:
		resp.Diagnostics.AddError("Could not drop partition "+name, "Its "+asleep+" and serves no requests. Resume it and destroy again.")
	case err != nil && !zilliz.IsNotFound(err):
		detail := apiErrorDetail(err)
		if loadErr != nil {
			detail += "\n\nReading the collection's load state, to release the partition and drop it again, failed too: " + apiErrorDetail(loadErr)
		}
		resp.Diagnostics.AddError("Could not drop partition "+name, detail)
	}
}

func (r *partitionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	endpoint, db, collection, name, err := parsePartitionID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid partition import id", err.Error())
		return
	}
	if name == zilliz.DefaultPartition {
		resp.Diagnostics.AddError("The default partition cannot be managed", "Every collection has the partition _default and it cannot be dropped, so it cannot be imported as a zilliz_partition.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster_endpoint"), endpoint)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("database"), db)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("collection_name"), collection)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
}

func (r *partitionResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: movePartitionFromOfficial}}
}

// partitionEndpoint trims an endpoint for ids.
func partitionEndpoint(endpoint string) string { return strings.TrimRight(endpoint, "/") }
