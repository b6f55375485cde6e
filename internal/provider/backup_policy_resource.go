package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var (
	_ resource.ResourceWithConfigure   = &backupPolicyResource{}
	_ resource.ResourceWithImportState = &backupPolicyResource{}
)

// NewBackupPolicyResource returns the zilliz_backup_policy resource.
func NewBackupPolicyResource() resource.Resource {
	return &backupPolicyResource{}
}

type backupPolicyResource struct {
	client *zilliz.Client
}

type backupPolicyResourceModel struct {
	ID            types.String `tfsdk:"id"`
	ClusterID     types.String `tfsdk:"cluster_id"`
	Frequency     types.Set    `tfsdk:"frequency"`
	StartTime     types.String `tfsdk:"start_time"`
	RetentionDays types.Int64  `tfsdk:"retention_days"`
	Enabled       types.Bool   `tfsdk:"enabled"`
	Status        types.String `tfsdk:"status"`
}

func (r *backupPolicyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_backup_policy"
}

func (r *backupPolicyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The automatic backup policy of a dedicated cluster (`POST /v2/clusters/{clusterId}/backups/policy`): on which weekdays, " +
			"in which two-hour window (UTC) and for how many days Zilliz Cloud keeps automatic backups. Enabling it makes a first backup at once. " +
			"Every argument changes in place. Destroying the resource turns automatic backups off (`enabled = false`); the automatic backups " +
			"already made stay until their retention ends, and all of them are deleted with the cluster. One policy per cluster: import it by cluster id.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The cluster id; also the import id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"cluster_id": schema.StringAttribute{
				MarkdownDescription: "The dedicated cluster, usually `zilliz_cluster.<name>.id`. Changing this moves the policy to another cluster (the old one's is turned off).",
				Required:            true,
				PlanModifiers:       replaced(),
				Validators:          []validator.String{clusterIDValidator()},
			},
			"frequency": schema.SetAttribute{
				MarkdownDescription: "The weekdays to back up on: numbers 1 (Monday) to 7 (Sunday), for example `[1, 2, 3, 4, 5]` for weekdays.",
				ElementType:         types.Int64Type,
				Required:            true,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueInt64sAre(int64validator.Between(1, 7)),
				},
			},
			"start_time": schema.StringAttribute{
				MarkdownDescription: "The two-hour window (UTC) in which backups start, `HH:mm-HH:mm`, for example `02:00-04:00`.",
				Required:            true,
				Validators:          []validator.String{backupWindowValidator{}},
			},
			"retention_days": schema.Int64Attribute{
				MarkdownDescription: "How many days each automatic backup is kept: 1 to 30.",
				Required:            true,
				Validators:          []validator.Int64{int64validator.Between(1, 30)},
			},
			"enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether automatic backups run. Default `true`. With `false` the policy is turned off and the other arguments are kept in the configuration only (Zilliz Cloud forgets them).",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "`ENABLED` or `DISABLED`, as Zilliz Cloud reports it.",
				Computed:            true,
			},
		},
	}
}

// backupWindowPattern is HH:mm-HH:mm.
var backupWindowPattern = regexp.MustCompile(`^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])$`)

// backupWindowError says what is wrong with a start_time, or "". The API
// takes "a two-hour duration ... in the format of HH:mm-HH:mm UTC time"
// (set-backup-policy-v2) and refuses others (96033).
func backupWindowError(s string) string {
	m := backupWindowPattern.FindStringSubmatch(s)
	if m == nil {
		return fmt.Sprintf("start_time %q is not a window of the form HH:mm-HH:mm (UTC), such as 02:00-04:00.", s)
	}
	minutes := func(h, mm string) int {
		a, _ := strconv.Atoi(h)
		b, _ := strconv.Atoi(mm)
		return a*60 + b
	}
	if (minutes(m[3], m[4])-minutes(m[1], m[2])+24*60)%(24*60) != 120 {
		return fmt.Sprintf("start_time %q is not two hours long: Zilliz Cloud takes a two-hour window, such as 02:00-04:00 or 23:00-01:00.", s)
	}
	return ""
}

type backupWindowValidator struct{}

func (backupWindowValidator) Description(context.Context) string {
	return "a two-hour window HH:mm-HH:mm (UTC)"
}

func (v backupWindowValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (backupWindowValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if msg := backupWindowError(req.ConfigValue.ValueString()); msg != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid backup window", msg)
	}
}

func (r *backupPolicyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *backupPolicyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan backupPolicyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.apply(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *backupPolicyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan backupPolicyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.apply(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// apply sets the planned policy and reads it back into plan.
func (r *backupPolicyResource) apply(ctx context.Context, plan *backupPolicyResourceModel, diags *diag.Diagnostics) {
	if !requireClient(r.client, diags) {
		return
	}
	clusterID := plan.ClusterID.ValueString()
	var days []int64
	diags.Append(plan.Frequency.ElementsAs(ctx, &days, false)...)
	if diags.HasError() {
		return
	}
	set := zilliz.SetBackupPolicyRequest{Enabled: plan.Enabled.ValueBool(), StartTime: plan.StartTime.ValueString(), RetentionDays: int(plan.RetentionDays.ValueInt64())}
	for _, d := range days {
		set.Days = append(set.Days, int(d))
	}
	if err := r.client.SetBackupPolicy(ctx, clusterID, set); err != nil {
		diags.AddError("Could not set the backup policy of cluster "+clusterID, apiErrorDetail(err))
		return
	}
	tflog.Info(ctx, "backup policy set", map[string]any{"cluster_id": clusterID, "enabled": set.Enabled})
	p, err := r.client.GetBackupPolicy(ctx, clusterID)
	if err != nil {
		diags.AddError("Could not read the backup policy of cluster "+clusterID, apiErrorDetail(err))
		return
	}
	diags.Append(backupPolicyFromAPI(p, plan)...)
}

func (r *backupPolicyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var state backupPolicyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	clusterID := state.ClusterID.ValueString()
	p, err := r.client.GetBackupPolicy(ctx, clusterID)
	if zilliz.IsNotFound(err) {
		// The cluster is gone, and its policy with it.
		tflog.Warn(ctx, "the backup policy's cluster is gone; removing it from state", map[string]any{"cluster_id": clusterID})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Could not read the backup policy of cluster "+clusterID, apiErrorDetail(err))
		return
	}
	resp.Diagnostics.Append(backupPolicyFromAPI(p, &state)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete turns automatic backups off: a cluster always has a policy, and
// {"enabled": false} is the reference's way to stop it.
func (r *backupPolicyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var state backupPolicyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	clusterID := state.ClusterID.ValueString()
	if err := r.client.SetBackupPolicy(ctx, clusterID, zilliz.SetBackupPolicyRequest{Enabled: false}); err != nil && !zilliz.IsNotFound(err) {
		resp.Diagnostics.AddError("Could not turn off the backup policy of cluster "+clusterID, apiErrorDetail(err))
	}
}

func (r *backupPolicyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !clusterIDRegexp.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid backup policy import id",
			fmt.Sprintf("%q is not a cluster id. Import a backup policy by its cluster's id, for example: "+
				"terraform import zilliz_backup_policy.nightly in01-6183d6bac30f801", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster_id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("frequency"), types.SetNull(types.Int64Type))...)
}

// backupPolicyFromAPI writes the API's policy into the model. A disabled
// policy reports no schedule (null frequency and start time, 0 days), so the
// model keeps the schedule it has: it shows no drift while enabled = false.
func backupPolicyFromAPI(p *zilliz.BackupPolicy, m *backupPolicyResourceModel) diag.Diagnostics {
	m.ID = m.ClusterID
	m.Status = types.StringValue(p.Status)
	m.Enabled = types.BoolValue(p.Enabled())
	if !p.Enabled() {
		return nil
	}
	m.StartTime = types.StringValue(p.StartTime)
	m.RetentionDays = types.Int64Value(int64(p.RetentionDays))
	days := make([]attr.Value, len(p.Days))
	for i, d := range p.Days {
		days[i] = types.Int64Value(int64(d))
	}
	set, diags := types.SetValue(types.Int64Type, days)
	m.Frequency = set
	return diags
}
