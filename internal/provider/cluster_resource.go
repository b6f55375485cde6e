package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var (
	_ resource.ResourceWithConfigure      = &clusterResource{}
	_ resource.ResourceWithImportState    = &clusterResource{}
	_ resource.ResourceWithValidateConfig = &clusterResource{}
	_ resource.ResourceWithModifyPlan     = &clusterResource{}
	_ resource.ResourceWithMoveState      = &clusterResource{}
)

// NewClusterResource returns the zilliz_cluster resource.
func NewClusterResource() resource.Resource {
	return &clusterResource{}
}

const (
	// The plan names and the "gone" statuses are defined once, in the client.
	planFree       = zilliz.PlanFree
	planServerless = zilliz.PlanServerless
	planStandard   = zilliz.PlanStandard
	planEnterprise = zilliz.PlanEnterprise

	statusRunning   = "RUNNING"
	statusSuspended = "SUSPENDED"
	statusDeleted   = zilliz.StatusDeleted

	defaultCUType = "Performance-optimized"

	defaultClusterCreateTimeout = 45 * time.Minute
	defaultClusterUpdateTimeout = 30 * time.Minute
	defaultClusterDeleteTimeout = 20 * time.Minute
)

var clusterNameRegexp = regexp.MustCompile(`^[A-Za-z0-9-]+$`)

// Waits after a create, modify, suspend or resume call look first after a second
// (nothing finishes sooner); waits for a state that may already hold look at once.
var (
	afterAction = zilliz.WaitOptions{FirstPoll: time.Second}
	atOnce      = zilliz.WaitOptions{Immediate: true}
)

type clusterResource struct {
	client *zilliz.Client
	walk   *planWalk
}

type clusterResourceModel struct {
	ID                 types.String   `tfsdk:"id"`
	ProjectID          types.String   `tfsdk:"project_id"`
	RegionID           types.String   `tfsdk:"region_id"`
	Name               types.String   `tfsdk:"name"`
	Plan               types.String   `tfsdk:"plan"`
	CUType             types.String   `tfsdk:"cu_type"`
	CUSize             types.Int64    `tfsdk:"cu_size"`
	Replica            types.Int64    `tfsdk:"replica"`
	Labels             types.Map      `tfsdk:"labels"`
	DesiredStatus      types.String   `tfsdk:"desired_status"`
	DeletionProtection types.Bool     `tfsdk:"deletion_protection"`
	Status             types.String   `tfsdk:"status"`
	Description        types.String   `tfsdk:"description"`
	ConnectAddress     types.String   `tfsdk:"connect_address"`
	PrivateLinkAddress types.String   `tfsdk:"private_link_address"`
	Username           types.String   `tfsdk:"username"`
	Password           types.String   `tfsdk:"password"`
	CreateTime         types.String   `tfsdk:"create_time"`
	Timeouts           timeouts.Value `tfsdk:"timeouts"`
	// Capacity and recovery (cluster_capacity.go).
	Autoscaling *autoscalingModel `tfsdk:"autoscaling"`
	RestoreFrom *restoreFromModel `tfsdk:"restore_from"`
	FinalBackup types.Bool        `tfsdk:"final_backup"`
}

func (r *clusterResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster"
}

func (r *clusterResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Zilliz Cloud cluster (managed Milvus). Creating it waits until the cluster is `RUNNING`; " +
			"destroying it calls the drop API (`DELETE /v2/clusters/{clusterId}/drop`) and waits until the cluster is gone. " +
			"Dropped dedicated clusters stay in Zilliz Cloud's recycle bin for 30 days; free clusters are not kept.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The cluster id, such as `in01-6183d6bac30f801` (`in01-` dedicated, `in03-` free, `in05-` serverless).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{keepString()},
			},
			"project_id": schema.StringAttribute{
				MarkdownDescription: "The project to create the cluster in, such as `proj-4487580fcfe2c8a4391686` (see the `zilliz_projects` data source). Changing this forces a new cluster.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^proj-[0-9a-z]+$`),
					"must be a project id of the form proj-<hex digits>, as listed by the zilliz_projects data source")},
			},
			"region_id": schema.StringAttribute{
				MarkdownDescription: "The cloud region, such as `gcp-us-west1`, `aws-us-west-2` or `az-eastus` (see the `zilliz_regions` data source). Changing this forces a new cluster.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^[a-z]+(-[a-z0-9]+)+$`),
					"must be a region id such as gcp-us-west1 or aws-us-west-2, as listed by the zilliz_regions data source")},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The cluster name: 1 to 32 letters, digits and hyphens, unique within the project. Changing it renames the cluster in place.",
				Required:            true,
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 32),
					stringvalidator.RegexMatches(clusterNameRegexp, "may contain only letters, digits and hyphens (-)"),
				},
			},
			"plan": schema.StringAttribute{
				MarkdownDescription: "The cluster plan: `Free`, `Serverless`, `Standard` or `Enterprise`. `Standard` and `Enterprise` are dedicated clusters with `cu_type`, `cu_size` and `replica`. Changing this forces a new cluster.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.OneOf(planFree, planServerless, planStandard, planEnterprise)},
			},
			"cu_type": schema.StringAttribute{
				MarkdownDescription: "Dedicated clusters only: the compute unit type, `Performance-optimized` (default) or `Capacity-optimized`. Changing this forces a new cluster.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{nullUnlessDedicatedString{dedicatedDefault: defaultCUType}, stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.OneOf("Performance-optimized", "Capacity-optimized")},
			},
			"cu_size": schema.Int64Attribute{
				MarkdownDescription: "Dedicated clusters only: the number of compute units (default 1). The `Standard` plan offers " + cuSizesText(planStandard) + "; `Enterprise` offers " + cuSizesText(planEnterprise) + ". Changing it scales the cluster in place and waits until it is `RUNNING` again. " +
					"With `autoscaling.cu`, leave it unset: it is then what Zilliz Cloud runs now, and the autoscaler changing it is no change in the plan.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Int64{nullUnlessDedicatedInt64{dedicatedDefault: 1}},
				Validators:    []validator.Int64{int64validator.Between(1, maxCUSize)},
			},
			"replica": schema.Int64Attribute{
				MarkdownDescription: "Dedicated clusters only: the number of replicas, 1 to 10 (default 1); more than 1 needs the `Enterprise` plan. Changing it modifies the cluster in place. Zilliz Cloud's describe answer does not report replicas, so the provider keeps the value it set; after an import it is taken to be 1 until an apply sets the configured value. " +
					"With `autoscaling.replica`, leave it unset: it is then what the provider last saw, and the autoscaler changing it is no change in the plan.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Int64{nullUnlessDedicatedInt64{dedicatedDefault: 1}},
				Validators:    []validator.Int64{int64validator.Between(1, 10)},
			},
			"labels": schema.MapAttribute{
				MarkdownDescription: "Labels on the cluster, as string keys and values. Changed in place. Only the keys written here are managed: a label added outside Terraform, or by Zilliz Cloud itself, shows no diff and is kept, also when the configured labels change (the apply reads the cluster's labels and sends them back with the configured keys set and the keys taken out of the configuration removed); a managed label changed or removed outside Terraform is put back by the next apply. After an import every label the cluster has is in state, so the first plan removes the ones the configuration leaves out: list them, or apply to remove them.",
				ElementType:         types.StringType,
				Optional:            true,
			},
			"desired_status": schema.StringAttribute{
				MarkdownDescription: "`RUNNING` (default) or `SUSPENDED`. Only dedicated clusters (`Standard`, `Enterprise`) can be suspended: a suspended cluster costs storage only. Changing it suspends or resumes the cluster in place and waits. " +
					"Zilliz Cloud suspends idle `Free` and `Serverless` clusters by itself (after 7 days without activity); that is not drift: the plan stays empty, `status` shows `SUSPENDED` and each plan warns that the cluster's collections cannot be reached. Resume it in the Zilliz Cloud console, or change any argument of the cluster: an apply that changes a suspended cluster resumes it first.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(statusRunning),
				Validators: []validator.String{stringvalidator.OneOf(statusRunning, statusSuspended)},
			},
			"deletion_protection": schema.BoolAttribute{
				MarkdownDescription: "When `true`, a plan that would destroy or replace the cluster fails, so nothing is destroyed: not the cluster and not the resources that depend on it (such as its collections). " +
					"That holds for a replacement Terraform forces too (`terraform apply -replace`, `replace_triggered_by`, a tainted resource), with one exception: a tainted cluster planned with `-refresh=false` " +
					"(or one whose `name` or `project_id` is known only at apply) is refused only by the drop itself, after the objects on it were dropped; add `lifecycle { prevent_destroy = true }` for that. " +
					"Set it to `false` and apply before destroying. Default `false`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "The cluster status as Zilliz Cloud reports it: `CREATING`, `RUNNING`, `MODIFYING`, `SUSPENDING`, `SUSPENDED`, `RESUMING`, ... (`STOPPING`/`STOPPED` are reported as `SUSPENDING`/`SUSPENDED`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{statusFollowsDesired{}},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "The cluster description as Zilliz Cloud reports it.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{keepString()},
			},
			"connect_address": schema.StringAttribute{
				MarkdownDescription: "The cluster endpoint (public URL). Use it as a collection's `cluster_endpoint`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{keepString()},
			},
			"private_link_address": schema.StringAttribute{
				MarkdownDescription: "The private link endpoint, empty when none is set up.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{keepString()},
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "The cluster's initial database user (`db_admin` on dedicated clusters).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{keepString()},
			},
			"password": schema.StringAttribute{
				MarkdownDescription: "The initial password of `username`. Zilliz Cloud returns it only when the cluster is created, so it is kept in state from then on. It is empty after an import, and after a create whose answer was lost on the network (the cluster is then found by name and the apply warns that the password must be reset in the Zilliz Cloud console).",
				Computed:            true,
				Sensitive:           true,
				PlanModifiers:       []planmodifier.String{keepString()},
			},
			"create_time": schema.StringAttribute{
				MarkdownDescription: "When the cluster was created (RFC 3339, UTC).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{keepString()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeoutsBlock(ctx, clusterTimeouts), // timeouts_block.go
		},
	}
	addCapacitySchema(&resp.Schema)
}

func (r *clusterResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.walk = walkFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig rejects, at plan time, combinations the API would reject at apply time.
func (r *clusterResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg clusterResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.Plan.IsUnknown() || cfg.Plan.IsNull() {
		return
	}
	plan := cfg.Plan.ValueString()
	switch plan {
	case planFree, planServerless, planStandard, planEnterprise:
	default:
		return // the plan's own validator says what is allowed
	}
	validateCapacity(cfg, plan, &resp.Diagnostics)
	if !isDedicatedPlan(plan) {
		for name, v := range map[string]attr.Value{"cu_type": cfg.CUType, "cu_size": cfg.CUSize, "replica": cfg.Replica} {
			if !v.IsNull() {
				resp.Diagnostics.AddAttributeError(path.Root(name), "Attribute not allowed for this plan",
					fmt.Sprintf("%s applies to dedicated clusters only. Remove it for a %s cluster, or set plan = %q or %q.",
						name, plan, planStandard, planEnterprise))
			}
		}
		if cfg.DesiredStatus.ValueString() == statusSuspended {
			resp.Diagnostics.AddAttributeError(path.Root("desired_status"), "Cannot suspend this plan",
				fmt.Sprintf("A %s cluster cannot be suspended through the API (Zilliz Cloud suspends idle ones itself). "+
					"Remove desired_status, or use plan = %q or %q.", plan, planStandard, planEnterprise))
		}
	}
	if isDedicatedPlan(plan) && !cfg.CUSize.IsNull() && !cfg.CUSize.IsUnknown() && !cuSizeAllowed(plan, cfg.CUSize.ValueInt64()) {
		resp.Diagnostics.AddAttributeError(path.Root("cu_size"), "CU size not offered on this plan",
			fmt.Sprintf("cu_size = %d is not offered on the %s plan. Allowed values: %s.", cfg.CUSize.ValueInt64(), plan, cuSizesText(plan)))
	}
	if plan != planEnterprise && !cfg.Replica.IsNull() && !cfg.Replica.IsUnknown() && cfg.Replica.ValueInt64() > 1 && isDedicatedPlan(plan) {
		resp.Diagnostics.AddAttributeError(path.Root("replica"), "Replicas need the Enterprise plan",
			fmt.Sprintf("replica = %d needs plan = %q. Set replica = 1 or leave it out on the %s plan.",
				cfg.Replica.ValueInt64(), planEnterprise, plan))
	}
	validateCUTimesReplica(plan, cfg.CUSize, cfg.Replica, &resp.Diagnostics) // cluster_cu_sizes.go
}

// ModifyPlan refuses, at plan time, to destroy or replace a cluster whose state
// has deletion_protection = true. Refusing in the plan stops the whole run before
// anything is destroyed, including the collections on the cluster, which a
// destroy or a replacement removes before the cluster itself.
//
// A replacement Terraform forces (-replace, replace_triggered_by, a tainted
// resource) is planned as a create with no prior state, so that plan cannot
// see the cluster it replaces. Two things tell it: for -replace and
// replace_triggered_by, Terraform plans the cluster against its state first
// and hands the private data of that plan to the create's plan
// (privateProtectedCluster); a tainted cluster is read in the same walk and
// never planned against its state (planWalk.taintedProtected).
func (r *clusterResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.checkRegionAtPlan(ctx, req, resp) // region_check.go
	r.modifyCapacityPlan(ctx, req, resp)
	if req.State.Raw.IsNull() {
		r.refuseForcedReplacement(ctx, req, resp)
		return
	}
	var state clusterResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.walk.noteCluster(state)
	id := state.ID.ValueString()
	protected := state.DeletionProtection.ValueBool()
	var marker []byte // nil removes the key
	if protected {
		marker, _ = json.Marshal(id) //nolint:errchkjson // a string always marshals
	}
	if resp.Private != nil { // the framework always passes one
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateProtectedCluster, marker)...)
	}
	if !protected {
		r.walk.plannedInPlace(id)
		return
	}
	if req.Plan.Raw.IsNull() {
		r.walk.markLeaving(id, "destroys it")
		resp.Diagnostics.AddError("Cluster "+id+" is protected from deletion",
			"deletion_protection is true, so this plan would not drop the cluster, and nothing else was destroyed either. "+
				"To drop it, set deletion_protection = false, run terraform apply, then destroy again.")
		return
	}
	var plan clusterResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if attr := replacingAttribute(plan, state); attr != "" {
		r.walk.markLeaving(id, "replaces it ("+attr+" changes)")
		resp.Diagnostics.AddAttributeError(path.Root(attr), "Cluster "+id+" is protected from deletion",
			fmt.Sprintf("Changing %s replaces the cluster (drops it and creates a new one), but deletion_protection is true. "+
				"Undo the change, or set deletion_protection = false and apply first.", attr))
		return
	}
	r.walk.plannedInPlace(id)
}

// privateProtectedCluster is the private-state key under which the plan of
// a protected cluster against its state leaves the cluster's id for the
// create plan of a replacement that Terraform forces.
const privateProtectedCluster = "replaces_protected_cluster"

// refuseForcedReplacement is ModifyPlan of a create: it refuses one that
// replaces a protected cluster (see ModifyPlan).
func (r *clusterResource) refuseForcedReplacement(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	raw, d := req.Private.GetKey(ctx, privateProtectedCluster)
	resp.Diagnostics.Append(d...)
	var id string
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &id); err != nil {
			resp.Diagnostics.AddError("Could not read the plan's private data", err.Error())
			return
		}
	}
	if id != "" {
		c := r.walk.cluster(id)
		r.walk.markLeaving(id, "replaces it")
		resp.Diagnostics.AddError("Cluster "+id+" is protected from deletion",
			fmt.Sprintf("This plan replaces cluster %s%s: Terraform forces the replacement (terraform apply -replace, a replace_triggered_by that fired, "+
				"or an argument that forces a new cluster and is known only at apply). Replacing drops the cluster and everything on it, its collections first, "+
				"and deletion_protection is true, so nothing was changed. To replace it on purpose, set deletion_protection = false and apply that alone first "+
				"(without -replace), then replace it.", id, namedSuffix(c.name)))
		return
	}
	var project, name types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("project_id"), &project)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("name"), &name)...)
	if !known(project) || !known(name) {
		return
	}
	c, ok := r.walk.taintedProtected(project.ValueString(), name.ValueString())
	if !ok {
		return
	}
	r.walk.markLeaving(c.id, "replaces it (the resource is tainted)")
	resp.Diagnostics.AddError("Cluster "+c.id+" is protected from deletion",
		fmt.Sprintf("This plan creates a cluster named %q in project %s, and cluster %s of that name, which has deletion_protection = true, was read "+
			"but not planned in place: Terraform replaces it because its resource is tainted (an earlier apply failed part way, or terraform taint). "+
			"Replacing drops the cluster and everything on it, its collections first, so nothing was changed. If the cluster is fine, run "+
			"terraform untaint on its resource. To replace it on purpose, untaint it, set deletion_protection = false and apply, then replace it. "+
			"(If this is another zilliz_cluster resource, give it another name: cluster names are unique in a project.)",
			name.ValueString(), project.ValueString(), c.id))
}

// namedSuffix is " (name)", or "" when the name is not known.
func namedSuffix(name string) string {
	if name == "" {
		return ""
	}
	return " (" + name + ")"
}

// replacingAttribute names an argument whose planned change replaces the cluster
// (those with RequiresReplace), or returns "".
func replacingAttribute(plan, state clusterResourceModel) string {
	for _, a := range []struct {
		name          string
		planned, prev types.String
	}{
		{"project_id", plan.ProjectID, state.ProjectID},
		{"region_id", plan.RegionID, state.RegionID},
		{"plan", plan.Plan, state.Plan},
		{"cu_type", plan.CUType, state.CUType},
	} {
		if !a.planned.IsUnknown() && !a.prev.IsNull() && !a.planned.Equal(a.prev) {
			return a.name
		}
	}
	return ""
}

func (r *clusterResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var plan clusterResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultClusterCreateTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	// A cluster of this name may exist already, Terraform not knowing it: an
	// earlier apply was killed while it waited for the cluster (a CI runner
	// stopped, say). Never create a second one: name it and say how to adopt it.
	//
	// A plain create needs no look before it: the service refuses a name its
	// project has already with HTTP 200 code 40013, for Free, Serverless and
	// Dedicated alike, and also while the first cluster is still CREATING
	// (recorded-api/*duplicately_create_cluster.json; the official provider's
	// client test sends that duplicate right after the first create, before
	// polling it to RUNNING). The 40013 branch below names the cluster.
	//
	// A restore (POST .../backups/{id}/restoreCluster) is checked first: no
	// source shows whether the service refuses a restore to a name that is
	// taken (inferred that it might not), and a second restored cluster would
	// be billed.
	summary := "Could not create cluster " + plan.Name.ValueString()
	project, name := plan.ProjectID.ValueString(), plan.Name.ValueString()
	if plan.RestoreFrom != nil {
		existing, err := r.clusterNamed(ctx, project, name)
		if err != nil {
			resp.Diagnostics.AddError(summary, "Could not check whether a cluster of this name exists already (an earlier apply may have created it "+
				"and been stopped before Terraform recorded it), so none was restored. "+apiErrorDetail(err))
			return
		}
		if existing != nil {
			resp.Diagnostics.AddError(summary, clusterExistsAdvice(existing))
			return
		}
	}
	labels := stringMap(plan.Labels)
	created, restoreJob, err := r.createOrRestore(ctx, plan, labels)
	if zilliz.IsAlreadyExists(err) {
		// The name is taken (by a cluster an earlier, killed apply created,
		// say, or one made since the check of a restore): name it if it can
		// be found.
		existing, lerr := r.clusterNamed(ctx, project, name)
		switch {
		case lerr != nil:
			resp.Diagnostics.AddError(summary, apiErrorDetail(err)+"\n\nLooking the cluster of that name up failed too: "+apiErrorDetail(lerr))
			return
		case existing != nil:
			resp.Diagnostics.AddError(summary, clusterExistsAdvice(existing)+"\n\n"+apiErrorDetail(err))
			return
		}
	}
	if err != nil {
		resp.Diagnostics.AddError(summary, apiErrorDetail(err))
		return
	}

	// Record the cluster at once: if anything below fails, Terraform keeps it in
	// state (tainted) instead of losing track of a billed cluster.
	plan.ID = types.StringValue(created.ClusterID)
	plan.Username = types.StringValue(created.Username)
	plan.Password = types.StringValue(created.Password)
	if created.Adopted {
		resp.Diagnostics.AddWarning("Initial password of cluster "+created.ClusterID+" is unknown",
			created.Prompt+" The password attribute stays empty until then.")
	}
	plan.Status = types.StringValue("CREATING")
	for _, s := range []*types.String{&plan.Description, &plan.ConnectAddress, &plan.PrivateLinkAddress, &plan.CreateTime} {
		if s.IsUnknown() {
			*s = types.StringValue("")
		}
	}
	plan.CUType = knownOrNull(plan.CUType)
	plan.CUSize = knownOrNullInt64(plan.CUSize)
	plan.Replica = knownOrNullInt64(plan.Replica)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	tflog.Info(ctx, "cluster created, waiting for RUNNING", map[string]any{"id": created.ClusterID})

	if plan.Plan.ValueString() == planFree && len(labels) > 0 {
		// createFree takes no labels; set them once the cluster exists.
		if _, err := r.client.WaitForClusterStatus(ctx, created.ClusterID, afterAction, statusRunning); err != nil {
			resp.Diagnostics.AddError("Cluster "+created.ClusterID+" did not become RUNNING", waitErrorDetail(err, "create"))
			return
		}
		if err := r.client.SetClusterLabels(ctx, created.ClusterID, labels); err != nil {
			resp.Diagnostics.AddError("Could not set labels on cluster "+created.ClusterID, apiErrorDetail(err))
			return
		}
	}

	target := plan.DesiredStatus.ValueString()
	firstWait := afterAction
	if plan.Plan.ValueString() == planFree && len(labels) > 0 {
		firstWait = atOnce // it is RUNNING already: the labels waited for it
	}
	cluster, err := r.client.WaitForClusterStatus(ctx, created.ClusterID, firstWait, statusRunning)
	if err == nil {
		cluster, err = r.afterCreate(ctx, plan, labels, cluster, restoreJob)
	}
	if err == nil && target == statusSuspended {
		cluster, err = r.suspend(ctx, created.ClusterID)
	}
	if err != nil {
		resp.Diagnostics.AddError("Cluster "+created.ClusterID+" did not become "+target, waitErrorDetail(err, "create"))
		return
	}
	rememberNewCluster(cluster.ConnectAddress) // data_plane_wait.go
	resp.Diagnostics.Append(clusterFromAPI(ctx, cluster, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// clusterNamed finds the cluster of a project with this name that is not
// being deleted, or nil. Cluster names are unique in a project (a create of a
// taken name is refused with 40013), and a cluster still CREATING counts.
func (r *clusterResource) clusterNamed(ctx context.Context, project, name string) (*zilliz.Cluster, error) {
	all, err := r.client.ListAllClusters(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range all {
		if c.ClusterName == name && c.ProjectID == project && c.Status != statusDeleted && c.Status != "DELETING" {
			return &c, nil
		}
	}
	return nil, nil
}

// clusterExistsAdvice says which cluster has the name already and how to
// adopt it: the terraform import command and the import block.
func clusterExistsAdvice(c *zilliz.Cluster) string {
	return fmt.Sprintf("Cluster %s named %q already exists in project %s (status %s, created %s), and Terraform does not know it: "+
		"most likely an earlier apply created it and was stopped before it could record it (a killed CI runner, say). "+
		"No second cluster was created.\n\n%s\n"+
		"Its initial password cannot be read back: reset it in the Zilliz Cloud console if you need it. "+
		"If the cluster is not this configuration's, choose another name.",
		c.ClusterID, c.ClusterName, c.ProjectID, firstKnown(c.Status, "unknown"), firstKnown(c.CreateTime, "at an unknown time"),
		importAdvice("zilliz_cluster.main", c.ClusterID))
}

func (r *clusterResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var state clusterResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	cluster, err := r.client.DescribeCluster(ctx, id)
	if zilliz.IsNotFoundOrNoAccess(err) {
		// "Does not exist or no permission": a live cluster answers this to a
		// wrong, rotated or other project's key. Forgetting it would make the
		// next apply create a second billed cluster, so only a proof removes it.
		if r.provedGone(ctx, state) {
			err = nil
			cluster = &zilliz.Cluster{Status: statusDeleted}
		} else {
			resp.Diagnostics.AddError("Could not read cluster "+id, apiErrorDetail(err)+"\n\n"+noAccessAdvice(state))
			return
		}
	}
	if zilliz.IsNotFound(err) || (err == nil && cluster.Status == statusDeleted) {
		tflog.Warn(ctx, "cluster is gone; removing it from state", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Could not read cluster "+id, apiErrorDetail(err))
		return
	}
	if cluster.Labels == nil {
		// The describe answers recorded from the real service carry no labels
		// field: the labels API is the source, also after an import.
		labels, err := r.client.GetClusterLabels(ctx, cluster.ClusterID)
		if err != nil {
			resp.Diagnostics.AddError("Could not read labels of cluster "+cluster.ClusterID, apiErrorDetail(err))
			return
		}
		cluster.Labels = labels
	}
	if state.ProjectID.IsNull() {
		// The first read after an import: every label the cluster has is the user's.
		state.Labels = types.MapUnknown(types.StringType)
	}
	resp.Diagnostics.Append(clusterFromAPI(ctx, cluster, &state)...)
	if !isDedicatedPlan(state.Plan.ValueString()) && (cluster.Status == statusSuspended || cluster.Status == "SUSPENDING") {
		resp.Diagnostics.AddWarning("Cluster "+id+" is suspended",
			"Zilliz Cloud suspends idle Free and Serverless clusters by itself. This is not drift and the plan does not resume it, "+
				"but its collections cannot be reached until it runs again: resume it in the Zilliz Cloud console, "+
				"or change any argument of the cluster (an apply that changes a suspended cluster resumes it first).")
	}
	r.walk.noteCluster(state)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// provedGone reports whether the cluster is certainly gone although describe
// gave the ambiguous "does not exist or no permission": the key sees the
// cluster's project, and the project's cluster list does not hold the id
// (inferred: a key that sees a project sees its clusters). A key that cannot
// see the project proves nothing.
func (r *clusterResource) provedGone(ctx context.Context, state clusterResourceModel) bool {
	project := state.ProjectID.ValueString()
	if project == "" {
		return false // after an import the project is not known yet
	}
	if _, err := r.client.GetProject(ctx, project); err != nil {
		return false
	}
	// Absence proves nothing from a list read across pages while clusters
	// were changing: only a consistent list counts.
	all, consistent, err := r.client.ListAllClustersConsistent(ctx)
	if err != nil || !consistent {
		return false
	}
	for _, c := range all {
		if c.ClusterID == state.ID.ValueString() {
			return false
		}
	}
	return true
}

// noAccessAdvice explains an ambiguous "does not exist or no permission" answer.
func noAccessAdvice(state clusterResourceModel) string {
	return fmt.Sprintf("Zilliz Cloud gives this answer both for a cluster that does not exist and for one the API key may not see. "+
		"The cluster was kept in state. The likely cause is the API key: a key that was rotated or revoked, or a key of another "+
		"project than %s. Check api_key (or ZILLIZ_API_KEY). If the cluster really was deleted, remove it with terraform state rm.",
		firstKnown(state.ProjectID.ValueString(), "the cluster's project"))
}

func firstKnown(v, otherwise string) string {
	if v == "" {
		return otherwise
	}
	return v
}

// clusterChange is one in-place change Update can make. Update runs the pending
// ones in the order of clusterChanges and then reads the cluster once, so a new
// in-place argument is one more entry here.
type clusterChange struct {
	// what completes "Could not <what> cluster <id>".
	what string
	// pending reports whether the plan asks for this change.
	pending func(plan, state clusterResourceModel) bool
	// needsRunning: the API accepts the change only on a RUNNING cluster.
	needsRunning bool
	// apply makes the change.
	apply func(ctx context.Context, c *zilliz.Client, id string, plan, state clusterResourceModel) error
	// settles: the change puts the cluster into MODIFYING; wait for RUNNING after it.
	settles bool
}

var clusterChanges = []clusterChange{
	autoscalingChange,
	{
		what:         "rename",
		pending:      func(p, s clusterResourceModel) bool { return !p.Name.Equal(s.Name) },
		needsRunning: true,
		apply: func(ctx context.Context, c *zilliz.Client, id string, p, _ clusterResourceModel) error {
			return c.RenameCluster(ctx, id, p.Name.ValueString())
		},
	},
	{
		what: "scale",
		pending: func(p, s clusterResourceModel) bool {
			return !p.CUSize.IsNull() && !p.CUSize.IsUnknown() && !p.CUSize.Equal(s.CUSize)
		},
		needsRunning: true,
		apply: func(ctx context.Context, c *zilliz.Client, id string, p, _ clusterResourceModel) error {
			return c.ModifyClusterCU(ctx, id, int(p.CUSize.ValueInt64()))
		},
		settles: true,
	},
	{
		what: "change the replicas of",
		pending: func(p, s clusterResourceModel) bool {
			return !p.Replica.IsNull() && !p.Replica.IsUnknown() && !p.Replica.Equal(s.Replica)
		},
		needsRunning: true,
		apply: func(ctx context.Context, c *zilliz.Client, id string, p, _ clusterResourceModel) error {
			return c.ModifyClusterReplica(ctx, id, int(p.Replica.ValueInt64()))
		},
		settles: true,
	},
	{
		what:    "set labels on",
		pending: func(p, s clusterResourceModel) bool { return !p.Labels.Equal(s.Labels) },
		apply:   setManagedLabels, // cluster_labels.go
	},
}

func (r *clusterResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var plan, state clusterResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Update(ctx, defaultClusterUpdateTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := state.ID.ValueString()

	var pending []clusterChange
	needsRunning := false
	for _, c := range clusterChanges {
		if c.pending(plan, state) {
			pending = append(pending, c)
			needsRunning = needsRunning || c.needsRunning
		}
	}
	if !r.prepareForChanges(ctx, id, plan, state, needsRunning, &resp.Diagnostics) {
		r.recordAfterFailure(ctx, id, state, resp)
		return
	}
	for _, c := range pending {
		if err := c.apply(ctx, r.client, id, plan, state); err != nil {
			resp.Diagnostics.AddError("Could not "+c.what+" cluster "+id, apiErrorDetail(err))
			r.recordAfterFailure(ctx, id, state, resp)
			return
		}
		if c.settles {
			if _, err := r.client.WaitForClusterStatus(ctx, id, afterAction, statusRunning); err != nil {
				resp.Diagnostics.AddError("Cluster "+id+" did not become RUNNING after the change ("+c.what+")", waitErrorDetail(err, "update"))
				r.recordAfterFailure(ctx, id, state, resp)
				return
			}
		}
	}

	// The one final read: suspend last, or see RUNNING (at once, usually).
	var cluster *zilliz.Cluster
	var err error
	if plan.DesiredStatus.ValueString() == statusSuspended {
		cluster, err = r.suspend(ctx, id)
	} else {
		cluster, err = r.client.WaitForClusterStatus(ctx, id, atOnce, statusRunning)
	}
	if err != nil {
		resp.Diagnostics.AddError("Cluster "+id+" did not become "+plan.DesiredStatus.ValueString(), waitErrorDetail(err, "update"))
		r.recordAfterFailure(ctx, id, state, resp)
		return
	}
	if cluster.Labels == nil {
		labels, err := r.client.GetClusterLabels(ctx, id)
		if err != nil {
			resp.Diagnostics.AddError("Could not read labels of cluster "+id, apiErrorDetail(err))
			r.recordAfterFailure(ctx, id, state, resp)
			return
		}
		cluster.Labels = labels
	}
	plan.Password = state.Password
	resp.Diagnostics.Append(clusterFromAPI(ctx, cluster, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// recordAfterFailure writes the state of a cluster whose update failed part
// way: what describe says now (earlier steps may have taken effect), else the
// prior state. Left alone, the prior state would stay, as if no change had
// been made, and an apply with -refresh=false would make them again.
func (r *clusterResource) recordAfterFailure(ctx context.Context, id string, prior clusterResourceModel, resp *resource.UpdateResponse) {
	// The update's own deadline may be what failed: one describe on its own clock.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	m := prior
	cluster, err := r.client.DescribeCluster(ctx, id)
	if err == nil {
		// Labels the describe does not report stay as they were (managedLabels).
		if d := clusterFromAPI(ctx, cluster, &m); d.HasError() {
			resp.Diagnostics.Append(d...)
			m = prior
		}
	} else {
		resp.Diagnostics.AddWarning("Cluster "+id+" not read after the failed update",
			"The state keeps the cluster as it was before this apply; the next refresh reads what changed. "+apiErrorDetail(err))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// prepareForChanges brings the cluster into a state that accepts the changes.
// A suspended cluster accepts none, so it is resumed first when a change needs
// RUNNING, when desired_status asks for RUNNING on a dedicated cluster, or when
// anything at all changes on a Free or Serverless cluster that Zilliz Cloud
// suspended by itself. A cluster still busy with an earlier change is waited for.
func (r *clusterResource) prepareForChanges(ctx context.Context, id string, plan, state clusterResourceModel, needsRunning bool, diags *diag.Diagnostics) bool {
	cur := state.Status.ValueString()
	suspended := cur == statusSuspended || cur == "SUSPENDING"
	dedicated := isDedicatedPlan(plan.Plan.ValueString())
	wantRunning := plan.DesiredStatus.ValueString() == statusRunning
	switch {
	case suspended && (needsRunning || (dedicated && wantRunning) || !dedicated):
		if _, err := r.client.WaitForClusterStatus(ctx, id, atOnce, statusSuspended); err != nil {
			diags.AddError("Cluster "+id+" did not finish suspending", waitErrorDetail(err, "update"))
			return false
		}
		if err := r.client.ResumeCluster(ctx, id); err != nil {
			diags.AddError("Could not resume cluster "+id, apiErrorDetail(err))
			return false
		}
		if _, err := r.client.WaitForClusterStatus(ctx, id, afterAction, statusRunning); err != nil {
			diags.AddError("Cluster "+id+" did not become RUNNING after resume", waitErrorDetail(err, "update"))
			return false
		}
	case !suspended && cur != statusRunning && needsRunning:
		if _, err := r.client.WaitForClusterStatus(ctx, id, afterAction, statusRunning); err != nil {
			diags.AddError("Cluster "+id+" did not become RUNNING after its previous change", waitErrorDetail(err, "update"))
			return false
		}
	}
	return true
}

// suspend asks for a suspension (unless one is under way) and waits for SUSPENDED.
func (r *clusterResource) suspend(ctx context.Context, id string) (*zilliz.Cluster, error) {
	cluster, err := r.client.DescribeCluster(ctx, id)
	if err != nil {
		return nil, err
	}
	if cluster.Status == statusSuspended {
		return cluster, nil
	}
	if cluster.Status != "SUSPENDING" {
		if err := r.client.SuspendCluster(ctx, id); err != nil {
			return nil, err
		}
	}
	return r.client.WaitForClusterStatus(ctx, id, afterAction, statusSuspended)
}

func (r *clusterResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var state clusterResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	if state.DeletionProtection.ValueBool() {
		resp.Diagnostics.AddError("Cluster "+id+" is protected from deletion",
			"deletion_protection is true, so the cluster was not dropped. To drop it, set deletion_protection = false, "+
				"run terraform apply, then destroy again.")
		return
	}
	timeout, d := state.Timeouts.Delete(ctx, defaultClusterDeleteTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if !r.takeFinalBackup(ctx, state, &resp.Diagnostics) {
		return
	}

	if err := r.client.DropCluster(ctx, id); err != nil {
		if zilliz.IsNotFound(err) {
			return // already gone: nothing left to drop
		}
		if zilliz.IsNotFoundOrNoAccess(err) {
			if r.provedGone(ctx, state) {
				return
			}
			resp.Diagnostics.AddError("Could not drop cluster "+id, apiErrorDetail(err)+"\n\n"+noAccessAdvice(state))
			return
		}
		resp.Diagnostics.AddError("Could not drop cluster "+id, apiErrorDetail(err))
		return
	}
	if _, err := r.client.WaitForClusterStatus(ctx, id, atOnce, zilliz.StatusGone); err != nil {
		resp.Diagnostics.AddError("Cluster "+id+" was dropped but did not disappear", waitErrorDetail(err, "delete"))
	}
}

func (r *clusterResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !clusterIDRegexp.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid cluster id",
			fmt.Sprintf("%q is not a cluster id. Import with the id Zilliz Cloud shows, for example: "+
				"terraform import zilliz_cluster.main in01-6183d6bac30f801", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

var clusterIDRegexp = regexp.MustCompile(`^in[0-9]{2}-[0-9a-z]+$`)

func (r *clusterResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: moveClusterFromOfficial}}
}

// moveClusterFromOfficial turns a zillizcloud_cluster into a zilliz_cluster.
func moveClusterFromOfficial(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	var src officialCluster
	if !officialSource(req, resp, "zillizcloud_cluster", `zilliz_cluster.<name> id = "<cluster id>"`, &src) {
		return // not ours (the framework tries the next mover or reports none), or reported
	}
	m, diags := clusterModelFromOfficial(ctx, src)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "moving zillizcloud_cluster to zilliz_cluster", map[string]any{"id": src.ID})
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
}

func createClusterRequestFromPlan(plan clusterResourceModel, labels map[string]string) zilliz.CreateClusterRequest {
	req := zilliz.CreateClusterRequest{
		Plan:        plan.Plan.ValueString(),
		ClusterName: plan.Name.ValueString(),
		ProjectID:   plan.ProjectID.ValueString(),
		RegionID:    plan.RegionID.ValueString(),
	}
	switch req.Plan {
	case planStandard, planEnterprise:
		req.CUType = plan.CUType.ValueString()
		req.CUSize = int(plan.CUSize.ValueInt64())
		req.Replica = int(plan.Replica.ValueInt64())
		req.Labels = labels
	case planServerless:
		req.Labels = labels
	}
	return req
}

// clusterFromAPI writes a describe answer into the model. Read, Create and Update
// all use it, so state is written one way. Attributes the API does not report
// (password, timeouts, deletion_protection) are left as they are.
func clusterFromAPI(ctx context.Context, c *zilliz.Cluster, m *clusterResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(c.ClusterID)
	m.ProjectID = types.StringValue(c.ProjectID)
	m.RegionID = types.StringValue(c.RegionID)
	m.Name = types.StringValue(c.ClusterName)
	m.Plan = types.StringValue(planFromAPI(c, m.Plan))
	if isDedicatedPlan(m.Plan.ValueString()) {
		m.CUType = types.StringValue(c.CUType)
		m.CUSize = types.Int64Value(int64(c.CUSize))
		switch {
		case c.Replica > 0:
			m.Replica = types.Int64Value(int64(c.Replica))
		case m.Replica.IsNull() || m.Replica.IsUnknown():
			// The recorded describe answers carry no replica field: after an
			// import the provider cannot know better than the default.
			m.Replica = types.Int64Value(1)
		default:
			// No replica field: keep the value this provider set (or planned).
		}
	} else {
		m.CUType = types.StringNull()
		m.CUSize = types.Int64Null()
		m.Replica = types.Int64Null()
	}
	labels, d := managedLabels(ctx, c.Labels, m.Labels)
	diags.Append(d...)
	m.Labels = labels
	m.Status = types.StringValue(c.Status)
	serviceSuspends := !isDedicatedPlan(m.Plan.ValueString())
	switch c.Status {
	case statusSuspended, "SUSPENDING":
		if serviceSuspends && m.DesiredStatus.ValueString() == statusRunning {
			// Zilliz Cloud suspended an idle Free/Serverless cluster by itself:
			// not drift (desired_status documents it), so no perpetual diff.
			break
		}
		m.DesiredStatus = types.StringValue(statusSuspended)
	case statusRunning, "RESUMING":
		m.DesiredStatus = types.StringValue(statusRunning)
	default:
		if m.DesiredStatus.IsNull() || m.DesiredStatus.IsUnknown() {
			m.DesiredStatus = types.StringValue(statusRunning)
		}
	}
	if m.DeletionProtection.IsNull() || m.DeletionProtection.IsUnknown() {
		m.DeletionProtection = types.BoolValue(false)
	}
	m.Description = types.StringValue(c.Description)
	m.ConnectAddress = types.StringValue(c.ConnectAddress)
	m.PrivateLinkAddress = types.StringValue(c.PrivateLinkAddress)
	m.CreateTime = types.StringValue(c.CreateTime)
	if m.Username.IsNull() || m.Username.IsUnknown() || m.Username.ValueString() == "" {
		m.Username = types.StringValue(usernameForCluster(c.ClusterID))
	}
	if m.Password.IsNull() || m.Password.IsUnknown() {
		m.Password = types.StringValue("")
	}
	capacityFromAPI(c, m)
	return diags
}

// planFromAPI maps the describe answer's plan to the one the user writes. A free
// cluster (id prefix in03-) describes itself as "Serverless" (recorded).
func planFromAPI(c *zilliz.Cluster, prior types.String) string {
	if strings.HasPrefix(c.ClusterID, "in03-") {
		return planFree
	}
	if c.Plan == "" && !prior.IsNull() && !prior.IsUnknown() {
		return prior.ValueString()
	}
	return c.Plan
}

// usernameForCluster is the initial database user Zilliz Cloud creates: db_admin on
// dedicated clusters, db_<id without prefix> on free and serverless ones (recorded).
func usernameForCluster(id string) string {
	if prefix, rest, ok := strings.Cut(id, "-"); ok && prefix != "in01" {
		return "db_" + rest
	}
	return "db_admin"
}

// managedLabels is the labels value to store, given the labels the service
// reports (nil: not reported) and the value known so far (prior state, or the
// plan on create and update). Only the known keys are managed: a label the
// service (or anyone) adds beside them is left out, so it never shows as drift
// or as an inconsistent result after apply. An unknown prior (an import, or a
// plan that leaves labels to the service) takes every label.
func managedLabels(ctx context.Context, api map[string]string, prior types.Map) (types.Map, diag.Diagnostics) {
	if api == nil {
		if prior.IsUnknown() || prior.ElementType(ctx) == nil {
			return types.MapNull(types.StringType), nil
		}
		return prior, nil // not reported: keep what is known
	}
	keep := map[string]string{}
	switch {
	case prior.IsUnknown():
		keep = api
	case !prior.IsNull():
		for k := range prior.Elements() {
			if v, ok := api[k]; ok {
				keep[k] = v
			}
		}
	}
	if len(keep) == 0 {
		if !prior.IsNull() && !prior.IsUnknown() && len(prior.Elements()) == 0 {
			return prior, nil // an explicit empty map stays as the user wrote it
		}
		return types.MapNull(types.StringType), nil
	}
	return types.MapValueFrom(ctx, types.StringType, keep)
}
