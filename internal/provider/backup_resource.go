package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var (
	_ resource.ResourceWithConfigure   = &backupResource{}
	_ resource.ResourceWithImportState = &backupResource{}
)

// NewBackupResource returns the zilliz_backup resource.
func NewBackupResource() resource.Resource {
	return &backupResource{}
}

const (
	defaultBackupCreateTimeout = 60 * time.Minute
	defaultBackupDeleteTimeout = 20 * time.Minute
)

type backupResource struct {
	client *zilliz.Client
}

type backupResourceModel struct {
	ID              types.String   `tfsdk:"id"`
	ClusterID       types.String   `tfsdk:"cluster_id"`
	Database        types.String   `tfsdk:"database"`
	Collection      types.String   `tfsdk:"collection"`
	RetainOnDestroy types.Bool     `tfsdk:"retain_on_destroy"`
	BackupID        types.String   `tfsdk:"backup_id"`
	Name            types.String   `tfsdk:"name"`
	BackupType      types.String   `tfsdk:"backup_type"`
	CreationMethod  types.String   `tfsdk:"creation_method"`
	Status          types.String   `tfsdk:"status"`
	Size            types.Int64    `tfsdk:"size"`
	CreateTime      types.String   `tfsdk:"create_time"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

func (r *backupResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_backup"
}

func (r *backupResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A manual backup of a dedicated (`Standard` or `Enterprise`) cluster: the whole cluster, or one collection. " +
			"Creating it starts the backup (`POST /v2/clusters/{clusterId}/backups/create`) and waits, within the create timeout, until it is `AVAILABLE`; " +
			"Zilliz Cloud makes one manual backup of a cluster at a time, so a create first waits for a backup already in progress. " +
			"Destroying it deletes the backup unless `retain_on_destroy` is `true`. Manual backups are kept when their cluster is dropped, " +
			"so a backup outlives the cluster it was made of: restore it with `zilliz_cluster`'s `restore_from`. " +
			"A backup deleted outside Terraform leaves the state, and the next plan makes a new one. Free and Serverless clusters have no backups.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<cluster id>/<backup id>`; also the import id.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"cluster_id": schema.StringAttribute{
				MarkdownDescription: "The dedicated cluster to back up, usually `zilliz_cluster.<name>.id`. Changing this forces a new backup.",
				Required:            true,
				PlanModifiers:       replaced(),
				Validators:          []validator.String{clusterIDValidator()},
			},
			"database": schema.StringAttribute{
				MarkdownDescription: "With `collection`: the database of the collection. Default `default`. Changing this forces a new backup.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("default"),
				PlanModifiers:       replaced(),
				Validators:          databaseNameValidators(),
			},
			"collection": schema.StringAttribute{
				MarkdownDescription: "A collection to back up alone (a `COLLECTION` backup). Leave it out to back up the whole cluster (a `CLUSTER` backup, the only kind a cluster can be restored from). Changing this forces a new backup.",
				Optional:            true,
				PlanModifiers:       replaced(),
				Validators:          databaseNameValidators(),
			},
			"retain_on_destroy": schema.BoolAttribute{
				MarkdownDescription: "When `true`, destroying the resource keeps the backup in Zilliz Cloud (it only leaves the state); when `false` (the default) destroy deletes it. Changing it calls no API.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"backup_id": schema.StringAttribute{
				MarkdownDescription: "The backup id Zilliz Cloud gave, such as `backup1_1e9d15560e4f240`.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The backup name Zilliz Cloud gave, such as `Dedicated-01_backup1`.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"backup_type": schema.StringAttribute{
				MarkdownDescription: "`CLUSTER` or `COLLECTION`.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"creation_method": schema.StringAttribute{
				MarkdownDescription: "`MANUAL` for backups made by this resource; `AUTO` after importing a backup of the backup policy.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "The backup status: `AVAILABLE` once made (`CREATING` while it is made, `FAILED` if it failed).",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"size": schema.Int64Attribute{
				MarkdownDescription: "The backup size in bytes.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"create_time": schema.StringAttribute{
				MarkdownDescription: "When the backup was made (RFC 3339, UTC).",
				Computed:            true,
				PlanModifiers:       keep,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeoutsBlock(ctx, backupTimeouts), // timeouts_block.go
		},
	}
}

func (r *backupResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *backupResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var plan backupResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultBackupCreateTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	clusterID := plan.ClusterID.ValueString()
	req2 := zilliz.CreateBackupRequest{}
	if !plan.Collection.IsNull() {
		req2 = zilliz.CreateBackupRequest{Database: plan.Database.ValueString(), Collections: []string{plan.Collection.ValueString()}}
	}
	b, err := takeBackup(ctx, r.client, clusterID, req2, func(created *zilliz.CreateBackupResponse) {
		// Recorded before the wait: a backup that fails or outlasts the
		// timeout stays in state (tainted), not forgotten.
		plan.BackupID = types.StringValue(created.BackupID)
		plan.ID = types.StringValue(backupResourceID(clusterID, created.BackupID))
		plan.Name = types.StringValue(created.BackupName)
		plan.Status = types.StringValue(zilliz.BackupStatusCreating)
		for _, s := range []*types.String{&plan.BackupType, &plan.CreationMethod, &plan.CreateTime} {
			*s = types.StringValue("")
		}
		plan.Size = types.Int64Value(0)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	})
	if err != nil {
		resp.Diagnostics.AddError("Could not back up cluster "+clusterID, backupErrorDetail(err, "create"))
		return
	}
	backupFromAPI(b, &plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// takeBackup makes a manual backup of a cluster and waits until it is
// AVAILABLE: it waits for a backup in progress to end, starts the backup,
// hands its id to recorded (for the caller's state) and waits. zilliz_backup
// and zilliz_cluster's final_backup both use it.
func takeBackup(ctx context.Context, c *zilliz.Client, clusterID string, req zilliz.CreateBackupRequest, recorded func(*zilliz.CreateBackupResponse)) (*zilliz.Backup, error) {
	if err := c.WaitBackupsIdle(ctx, clusterID, atOnce); err != nil {
		return nil, fmt.Errorf("waiting for the cluster's backup in progress to end: %w", err)
	}
	created, err := c.CreateBackup(ctx, clusterID, req)
	if err != nil {
		return nil, err
	}
	tflog.Info(ctx, "backup started, waiting for AVAILABLE", map[string]any{"cluster_id": clusterID, "backup_id": created.BackupID})
	if recorded != nil {
		recorded(created)
	}
	b, err := c.WaitForBackup(ctx, clusterID, created.BackupID, created.JobID, afterAction)
	if err != nil {
		return nil, fmt.Errorf("backup %s: %w", created.BackupID, err)
	}
	return b, nil
}

// backupErrorDetail explains a failed backup.
func backupErrorDetail(err error, op string) string {
	detail := apiErrorDetail(err)
	switch {
	case errors.Is(err, zilliz.ErrBackupFailed):
		detail += "\n\nZilliz Cloud reports the backup as failed. It stays in state (tainted), so the next apply deletes it and takes a new one."
	case errors.Is(err, context.DeadlineExceeded):
		detail += fmt.Sprintf("\n\nThe %s timeout ran out while the backup was being made. It stays in state (tainted); "+
			"raise timeouts { %s = \"...\" } if backups of this cluster need longer.", op, op)
	}
	return detail
}

func (r *backupResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var state backupResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	clusterID, backupID := state.ClusterID.ValueString(), state.BackupID.ValueString()
	b, err := r.client.DescribeBackup(ctx, clusterID, backupID)
	if err != nil {
		if backupGone(ctx, r.client, clusterID, backupID, err) {
			tflog.Warn(ctx, "backup is gone; removing it from state", map[string]any{"id": state.ID.ValueString()})
			resp.State.RemoveResource(ctx)
			return
		}
		resp.Diagnostics.AddError("Could not read backup "+backupID, apiErrorDetail(err))
		return
	}
	if state.RetainOnDestroy.IsNull() {
		// The first read after an import: what the backup holds is what the
		// configuration must say.
		state.RetainOnDestroy = types.BoolValue(false)
		state.Database = types.StringValue("default")
		if b.BackupType == zilliz.BackupTypeCollection && len(b.Databases) == 1 && len(b.Databases[0].Collections) == 1 {
			state.Database = types.StringValue(b.Databases[0].Name)
			state.Collection = types.StringValue(b.Databases[0].Collections[0].Name)
		}
	}
	backupFromAPI(b, &state)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// backupGone reports whether a backup whose describe failed with err is
// certainly gone. No "backup not found" code is documented, so the proof
// is the cluster's backup list (every CREATING and AVAILABLE backup, also
// of a dropped cluster) not holding it. Transient failures, refused
// credentials and "does not exist or no permission" prove nothing: a key
// that may not see the cluster sees an empty list too.
func backupGone(ctx context.Context, c *zilliz.Client, clusterID, backupID string, err error) bool {
	var apiErr *zilliz.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatus >= 300 || zilliz.IsTransient(err) ||
		zilliz.IsUnauthorized(err) || zilliz.IsNotFoundOrNoAccess(err) {
		return false
	}
	listed, lerr := c.BackupListed(ctx, clusterID, backupID)
	return lerr == nil && !listed
}

// Update only records retain_on_destroy and timeouts: nothing else changes in place.
func (r *backupResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan backupResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *backupResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var state backupResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	clusterID, backupID := state.ClusterID.ValueString(), state.BackupID.ValueString()
	if state.RetainOnDestroy.ValueBool() {
		resp.Diagnostics.AddWarning("Backup "+backupID+" was kept",
			fmt.Sprintf("retain_on_destroy is true, so backup %s of cluster %s was left in Zilliz Cloud and only removed from the state. "+
				"Restore from it with restore_from { cluster_id = %q, backup_id = %q } on a zilliz_cluster, or delete it in the console.",
				backupID, clusterID, clusterID, backupID))
		return
	}
	timeout, d := state.Timeouts.Delete(ctx, defaultBackupDeleteTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	// A backup still being made cannot be deleted (inferred): wait for it to end.
	if b, err := r.client.DescribeBackup(ctx, clusterID, backupID); err == nil && b.Status == zilliz.BackupStatusCreating {
		if _, err := r.client.WaitForBackup(ctx, clusterID, backupID, "", atOnce); err != nil && !errors.Is(err, zilliz.ErrBackupFailed) {
			resp.Diagnostics.AddError("Could not delete backup "+backupID, backupErrorDetail(err, "delete"))
			return
		}
	}
	if err := r.client.DeleteBackup(ctx, clusterID, backupID); err != nil {
		if backupGone(ctx, r.client, clusterID, backupID, err) {
			if _, derr := r.client.DescribeBackup(ctx, clusterID, backupID); derr != nil {
				return // already gone: nothing left to delete
			}
		}
		resp.Diagnostics.AddError("Could not delete backup "+backupID, apiErrorDetail(err))
	}
}

var backupImportIDRegexp = regexp.MustCompile(`^(in[0-9]{2}-[0-9a-z]+)/([A-Za-z0-9][A-Za-z0-9_.-]*)$`)

func backupResourceID(clusterID, backupID string) string { return clusterID + "/" + backupID }

func (r *backupResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	m := backupImportIDRegexp.FindStringSubmatch(req.ID)
	if m == nil {
		resp.Diagnostics.AddError("Invalid backup import id",
			fmt.Sprintf("%q is not a backup import id. Use <cluster id>/<backup id>, for example: "+
				"terraform import zilliz_backup.nightly in01-6183d6bac30f801/backup1_1e9d15560e4f240", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster_id"), m[1])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("backup_id"), m[2])...)
}

// backupFromAPI writes a describe answer into the model; the arguments
// (database, collection, retain_on_destroy) are left as they are.
func backupFromAPI(b *zilliz.Backup, m *backupResourceModel) {
	m.ID = types.StringValue(backupResourceID(m.ClusterID.ValueString(), b.BackupID))
	m.BackupID = types.StringValue(b.BackupID)
	m.Name = types.StringValue(b.BackupName)
	m.BackupType = types.StringValue(b.BackupType)
	m.CreationMethod = types.StringValue(b.CreationMethod)
	m.Status = types.StringValue(b.Status)
	m.Size = types.Int64Value(b.Size)
	m.CreateTime = types.StringValue(b.CreateTime)
}
