package provider

import (
	"context"
	"sort"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

var _ datasource.DataSourceWithConfigure = &backupsDataSource{}

// NewBackupsDataSource returns the zilliz_backups data source.
func NewBackupsDataSource() datasource.DataSource {
	return &backupsDataSource{}
}

type backupsDataSource struct {
	client *zilliz.Client
}

type backupsDataSourceModel struct {
	ID             types.String      `tfsdk:"id"`
	ClusterID      types.String      `tfsdk:"cluster_id"`
	CreationMethod types.String      `tfsdk:"creation_method"`
	BackupType     types.String      `tfsdk:"backup_type"`
	Backups        []backupDataModel `tfsdk:"backups"`
	LatestCluster  types.String      `tfsdk:"latest_cluster_backup_id"`
}

type backupDataModel struct {
	BackupID       types.String `tfsdk:"backup_id"`
	Name           types.String `tfsdk:"name"`
	BackupType     types.String `tfsdk:"backup_type"`
	CreationMethod types.String `tfsdk:"creation_method"`
	Status         types.String `tfsdk:"status"`
	Size           types.Int64  `tfsdk:"size"`
	CreateTime     types.String `tfsdk:"create_time"`
	ExpireTime     types.String `tfsdk:"expire_time"`
}

func (d *backupsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_backups"
}

func (d *backupsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists a cluster's backups that are `AVAILABLE` or being made (`CREATING`), newest first: manual ones, " +
			"and the automatic ones of its backup policy. A dropped cluster's manual backups are still listed. " +
			"`latest_cluster_backup_id` is the newest one `restore_from` can take (a whole-cluster backup that is `AVAILABLE`): " +
			"`backups[0]` may be a collection backup or one still being made, which a restore refuses.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The cluster id.",
				Computed:            true,
			},
			"cluster_id": schema.StringAttribute{
				MarkdownDescription: "The cluster whose backups to list (it may have been dropped).",
				Required:            true,
				Validators:          []validator.String{clusterIDValidator()},
			},
			"creation_method": schema.StringAttribute{
				MarkdownDescription: "Only backups made this way: `MANUAL` or `AUTO`. Default: both.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(zilliz.BackupManual, zilliz.BackupAuto)},
			},
			"backup_type": schema.StringAttribute{
				MarkdownDescription: "Only backups of this kind: `CLUSTER` (the whole cluster; what `restore_from` takes) or `COLLECTION`. Default: both.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(zilliz.BackupTypeCluster, zilliz.BackupTypeCollection)},
			},
			"latest_cluster_backup_id": schema.StringAttribute{
				MarkdownDescription: "The newest whole-cluster backup that is `AVAILABLE`, for `restore_from.backup_id`; null when there is none.",
				Computed:            true,
			},
			"backups": schema.ListNestedAttribute{
				MarkdownDescription: "The backups, newest first.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"backup_id":       schema.StringAttribute{Computed: true, MarkdownDescription: "The backup id, for `restore_from.backup_id`."},
					"name":            schema.StringAttribute{Computed: true, MarkdownDescription: "The backup name."},
					"backup_type":     schema.StringAttribute{Computed: true, MarkdownDescription: "`CLUSTER` or `COLLECTION`."},
					"creation_method": schema.StringAttribute{Computed: true, MarkdownDescription: "`MANUAL` or `AUTO`."},
					"status":          schema.StringAttribute{Computed: true, MarkdownDescription: "`AVAILABLE` or `CREATING`."},
					"size":            schema.Int64Attribute{Computed: true, MarkdownDescription: "The size in bytes."},
					"create_time":     schema.StringAttribute{Computed: true, MarkdownDescription: "When the backup was made (RFC 3339, UTC)."},
					"expire_time":     schema.StringAttribute{Computed: true, MarkdownDescription: "When an automatic backup is deleted (RFC 3339, UTC); empty for manual backups, which are kept until deleted."},
				}},
			},
		},
	}
}

func (d *backupsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *backupsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var cfg backupsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	clusterID := cfg.ClusterID.ValueString()
	list, err := d.client.ListBackups(ctx, zilliz.ListBackupsRequest{
		ClusterID: clusterID, CreationMethod: cfg.CreationMethod.ValueString(), BackupType: cfg.BackupType.ValueString(),
	})
	if err != nil {
		resp.Diagnostics.AddError("Could not list the backups of cluster "+clusterID, apiErrorDetail(err))
		return
	}
	sortNewestFirst(list)
	cfg.ID = cfg.ClusterID
	cfg.LatestCluster = types.StringNull()
	if b, ok := latestRestorable(list); ok {
		cfg.LatestCluster = types.StringValue(b.BackupID)
	}
	cfg.Backups = make([]backupDataModel, 0, len(list))
	for _, b := range list {
		cfg.Backups = append(cfg.Backups, backupDataModel{
			BackupID: types.StringValue(b.BackupID), Name: types.StringValue(b.BackupName),
			BackupType: types.StringValue(b.BackupType), CreationMethod: types.StringValue(b.CreationMethod),
			Status: types.StringValue(b.Status), Size: types.Int64Value(b.Size),
			CreateTime: types.StringValue(b.CreateTime), ExpireTime: types.StringValue(b.ExpireTime),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// latestRestorable is the first backup of a newest-first list that a
// cluster restore takes: a CLUSTER backup that is AVAILABLE (the Restore
// Cluster Backup reference restores cluster backups; the mock refuses a
// collection backup or one still CREATING with 96040).
func latestRestorable(newestFirst []zilliz.Backup) (zilliz.Backup, bool) {
	for _, b := range newestFirst {
		if b.BackupType == zilliz.BackupTypeCluster && b.Status == zilliz.BackupStatusAvailable {
			return b, true
		}
	}
	return zilliz.Backup{}, false
}

// sortNewestFirst orders backups by create time, newest first; the API
// promises no order. Times that do not parse go last; ties keep the API's
// order reversed (later listed, newer).
func sortNewestFirst(list []zilliz.Backup) {
	at := func(b zilliz.Backup) time.Time {
		t, err := time.Parse(time.RFC3339, b.CreateTime)
		if err != nil {
			return time.Time{}
		}
		return t
	}
	for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
		list[i], list[j] = list[j], list[i]
	}
	sort.SliceStable(list, func(i, j int) bool { return at(list[i]).After(at(list[j])) })
}
