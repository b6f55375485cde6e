package provider

import (
	"context"
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
)

// NewClusterResource returns the zilliz_cluster resource.
func NewClusterResource() resource.Resource {
	return &clusterResource{}
}

const (
	planFree       = "Free"
	planServerless = "Serverless"
	planStandard   = "Standard"
	planEnterprise = "Enterprise"

	statusRunning   = "RUNNING"
	statusSuspended = "SUSPENDED"
	statusDeleted   = "DELETED"
	// statusGone is the waiter's target for "not found or DELETED".
	statusGone = "GONE"

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
				PlanModifiers:       []planmodifier.String{dedicatedStringDefault{value: defaultCUType}, stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.OneOf("Performance-optimized", "Capacity-optimized")},
			},
			"cu_size": schema.Int64Attribute{
				MarkdownDescription: "Dedicated clusters only: the number of compute units, 1 to 256 (default 1). Changing it scales the cluster in place and waits until it is `RUNNING` again.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{dedicatedInt64Default{value: 1}},
				Validators:          []validator.Int64{int64validator.Between(1, 256)},
			},
			"replica": schema.Int64Attribute{
				MarkdownDescription: "Dedicated clusters only: the number of replicas, 1 to 10 (default 1); more than 1 needs the `Enterprise` plan. Changing it modifies the cluster in place.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{dedicatedInt64Default{value: 1}},
				Validators:          []validator.Int64{int64validator.Between(1, 10)},
			},
			"labels": schema.MapAttribute{
				MarkdownDescription: "Labels on the cluster, as string keys and values. Changed in place.",
				ElementType:         types.StringType,
				Optional:            true,
			},
			"desired_status": schema.StringAttribute{
				MarkdownDescription: "`RUNNING` (default) or `SUSPENDED`. Only dedicated clusters (`Standard`, `Enterprise`) can be suspended: a suspended cluster costs storage only. Changing it suspends or resumes the cluster in place and waits.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(statusRunning),
				Validators:          []validator.String{stringvalidator.OneOf(statusRunning, statusSuspended)},
			},
			"deletion_protection": schema.BoolAttribute{
				MarkdownDescription: "When `true`, `terraform destroy` (and any replacement) refuses to drop the cluster. Set it to `false` and apply before destroying. Default `false`. It is checked when the cluster's own delete runs, after resources that depend on it (such as its collections) have been destroyed; to stop a plan before anything is destroyed, add `lifecycle { prevent_destroy = true }`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
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
				MarkdownDescription: "The initial password of `username`. Zilliz Cloud returns it only when the cluster is created, so it is kept in state from then on; it is empty after an import.",
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
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

func (r *clusterResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
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
	if plan != planEnterprise && !cfg.Replica.IsNull() && !cfg.Replica.IsUnknown() && cfg.Replica.ValueInt64() > 1 && isDedicatedPlan(plan) {
		resp.Diagnostics.AddAttributeError(path.Root("replica"), "Replicas need the Enterprise plan",
			fmt.Sprintf("replica = %d needs plan = %q. Set replica = 1 or leave it out on the %s plan.",
				cfg.Replica.ValueInt64(), planEnterprise, plan))
	}
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

	labels, d := labelsFromModel(ctx, plan.Labels)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := r.client.CreateCluster(ctx, createClusterRequestFromPlan(plan, labels))
	if err != nil {
		resp.Diagnostics.AddError("Could not create cluster "+plan.Name.ValueString(), apiErrorDetail(err))
		return
	}

	// Record the cluster at once: if anything below fails, Terraform keeps it in
	// state (tainted) instead of losing track of a billed cluster.
	plan.ID = types.StringValue(created.ClusterID)
	plan.Username = types.StringValue(created.Username)
	plan.Password = types.StringValue(created.Password)
	plan.Status = types.StringValue("CREATING")
	for _, s := range []*types.String{&plan.Description, &plan.ConnectAddress, &plan.PrivateLinkAddress, &plan.CreateTime} {
		if s.IsUnknown() {
			*s = types.StringValue("")
		}
	}
	plan.CUType = knownOrNullString(plan.CUType)
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
	if err == nil && target == statusSuspended {
		cluster, err = r.suspend(ctx, created.ClusterID)
	}
	if err != nil {
		resp.Diagnostics.AddError("Cluster "+created.ClusterID+" did not become "+target, waitErrorDetail(err, "create"))
		return
	}
	resp.Diagnostics.Append(clusterFromAPI(ctx, cluster, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
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
	cluster, err := r.client.DescribeCluster(ctx, state.ID.ValueString())
	if zilliz.IsNotFound(err) || (err == nil && cluster.Status == statusDeleted) {
		tflog.Warn(ctx, "cluster is gone; removing it from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Could not read cluster "+state.ID.ValueString(), apiErrorDetail(err))
		return
	}
	if cluster.Labels == nil && !state.Labels.IsNull() {
		// The describe answer carried no labels field: ask for them.
		labels, err := r.client.GetClusterLabels(ctx, cluster.ClusterID)
		if err != nil {
			resp.Diagnostics.AddError("Could not read labels of cluster "+cluster.ClusterID, apiErrorDetail(err))
			return
		}
		cluster.Labels = labels
	}
	resp.Diagnostics.Append(clusterFromAPI(ctx, cluster, &state)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
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
	fail := func(what string, err error) {
		resp.Diagnostics.AddError("Could not "+what+" cluster "+id, apiErrorDetail(err))
	}
	// fresh is the last describe answer, as long as nothing was changed after it:
	// then the final read can use it instead of a second describe.
	var fresh *zilliz.Cluster
	wait := func(what string) bool {
		c, err := r.client.WaitForClusterStatus(ctx, id, afterAction, statusRunning)
		if err != nil {
			resp.Diagnostics.AddError("Cluster "+id+" did not become RUNNING after "+what, waitErrorDetail(err, "update"))
			return false
		}
		fresh = c
		return true
	}

	// A suspended cluster accepts no other change: resume first, suspend last.
	cur := state.Status.ValueString()
	suspended := cur == statusSuspended || cur == "SUSPENDING"
	needsRunning := !plan.Name.Equal(state.Name) ||
		(!plan.CUSize.IsNull() && !plan.CUSize.Equal(state.CUSize)) ||
		(!plan.Replica.IsNull() && !plan.Replica.Equal(state.Replica))
	switch {
	case suspended && (needsRunning || plan.DesiredStatus.ValueString() == statusRunning):
		if _, err := r.client.WaitForClusterStatus(ctx, id, atOnce, statusSuspended); err != nil {
			resp.Diagnostics.AddError("Cluster "+id+" did not finish suspending", waitErrorDetail(err, "update"))
			return
		}
		if err := r.client.ResumeCluster(ctx, id); err != nil {
			fail("resume", err)
			return
		}
		if !wait("resume") {
			return
		}
	case !suspended && cur != statusRunning && needsRunning:
		if !wait("its previous change") {
			return
		}
	}
	if !plan.Name.Equal(state.Name) {
		if err := r.client.RenameCluster(ctx, id, plan.Name.ValueString()); err != nil {
			fail("rename", err)
			return
		}
		fresh = nil
	}
	if !plan.CUSize.IsNull() && !plan.CUSize.Equal(state.CUSize) {
		if err := r.client.ModifyClusterCU(ctx, id, int(plan.CUSize.ValueInt64())); err != nil {
			fail("scale", err)
			return
		}
		if !wait("scaling") {
			return
		}
	}
	if !plan.Replica.IsNull() && !plan.Replica.Equal(state.Replica) {
		if err := r.client.ModifyClusterReplica(ctx, id, int(plan.Replica.ValueInt64())); err != nil {
			fail("change the replicas of", err)
			return
		}
		if !wait("changing replicas") {
			return
		}
	}
	if !plan.Labels.Equal(state.Labels) {
		labels, d := labelsFromModel(ctx, plan.Labels)
		resp.Diagnostics.Append(d...)
		if resp.Diagnostics.HasError() {
			return
		}
		if err := r.client.SetClusterLabels(ctx, id, labels); err != nil {
			fail("set labels on", err)
			return
		}
		fresh = nil
	}

	cluster, err := fresh, error(nil)
	switch {
	case plan.DesiredStatus.ValueString() == statusSuspended:
		cluster, err = r.suspend(ctx, id)
	case fresh == nil:
		// Usually RUNNING already (a rename or new labels need no wait): look at once.
		cluster, err = r.client.WaitForClusterStatus(ctx, id, atOnce, statusRunning)
	}
	if err != nil {
		resp.Diagnostics.AddError("Cluster "+id+" did not become "+plan.DesiredStatus.ValueString(), waitErrorDetail(err, "update"))
		return
	}
	plan.Password = state.Password
	resp.Diagnostics.Append(clusterFromAPI(ctx, cluster, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
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

	if err := r.client.DropCluster(ctx, id); err != nil {
		if zilliz.IsNotFound(err) {
			return // already gone: nothing left to drop
		}
		resp.Diagnostics.AddError("Could not drop cluster "+id, apiErrorDetail(err))
		return
	}
	if _, err := r.client.WaitForClusterStatus(ctx, id, atOnce, statusGone); err != nil {
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
		replica := c.Replica
		if replica == 0 {
			replica = 1 // older describe answers carry no replica field
		}
		m.Replica = types.Int64Value(int64(replica))
	} else {
		m.CUType = types.StringNull()
		m.CUSize = types.Int64Null()
		m.Replica = types.Int64Null()
	}
	switch {
	case c.Labels == nil:
		// The answer had no labels field (not every describe carries one): keep
		// what is known. Read asks the labels API itself in that case.
		if m.Labels.IsUnknown() || m.Labels.ElementType(ctx) == nil {
			m.Labels = types.MapNull(types.StringType)
		}
	case len(c.Labels) > 0:
		labels, d := types.MapValueFrom(ctx, types.StringType, c.Labels)
		diags.Append(d...)
		m.Labels = labels
	case !m.Labels.IsNull() && !m.Labels.IsUnknown() && len(m.Labels.Elements()) == 0:
		// keep an explicit empty map as the user wrote it
	default:
		m.Labels = types.MapNull(types.StringType)
	}
	m.Status = types.StringValue(c.Status)
	switch c.Status {
	case statusSuspended, "SUSPENDING":
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

func labelsFromModel(ctx context.Context, m types.Map) (map[string]string, diag.Diagnostics) {
	labels := map[string]string{}
	if m.IsNull() || m.IsUnknown() {
		return labels, nil
	}
	diags := m.ElementsAs(ctx, &labels, false)
	return labels, diags
}

func knownOrNullString(v types.String) types.String {
	if v.IsUnknown() {
		return types.StringNull()
	}
	return v
}

func knownOrNullInt64(v types.Int64) types.Int64 {
	if v.IsUnknown() {
		return types.Int64Null()
	}
	return v
}
