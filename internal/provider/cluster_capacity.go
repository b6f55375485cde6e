package provider

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// zilliz_cluster's capacity and recovery arguments: autoscaling, restore_from
// and final_backup, and the warning of a plan that destroys a cluster. The
// framework methods in cluster_resource.go call these helpers.
//
// Facts (Zilliz reference modify-cluster-v2, restore-cluster-backup-v2,
// docs/create-snapshot; zilliz-api.md A.5, E): autoscaling is for dedicated
// clusters; cuSize and autoscaling.cu, replica and autoscaling.replica are
// mutually exclusive; the maximum CUs × the maximum replicas must not exceed
// 1024, as cuSize × replica; the API replaces the whole autoscaling object on
// each modify. A restore makes a NEW dedicated cluster (same CU type and
// region as the backup's) with a new db_admin password; backups leave out
// the scaling settings. Manual backups are kept when their cluster is dropped.

// Limits of the destroy warning's inventory: a plan must not hang on a
// cluster with thousands of collections.
const (
	inventoryTimeout        = 20 * time.Second
	inventoryMaxDatabases   = 64
	inventoryMaxCountedRows = 50
)

// The blocks' models are pointers: nil is an absent block, whatever code
// builds a clusterResourceModel (an adoption, a data source) without them.
type scaleRangeModel struct {
	Min types.Int64 `tfsdk:"min"`
	Max types.Int64 `tfsdk:"max"`
}

type autoscalingModel struct {
	CU      *scaleRangeModel `tfsdk:"cu"`
	Replica *scaleRangeModel `tfsdk:"replica"`
}

type restoreFromModel struct {
	ClusterID        types.String `tfsdk:"cluster_id"`
	BackupID         types.String `tfsdk:"backup_id"`
	CollectionStatus types.String `tfsdk:"collection_status"`
}

// addCapacitySchema adds autoscaling, restore_from and final_backup to the
// cluster schema.
func addCapacitySchema(s *schema.Schema) {
	rangeBlock := func(what, unit string, hi int64) schema.SingleNestedBlock {
		return schema.SingleNestedBlock{
			MarkdownDescription: fmt.Sprintf("Autoscale the %s between `min` and `max` (both required).", what),
			Attributes: map[string]schema.Attribute{
				"min": schema.Int64Attribute{MarkdownDescription: "The fewest " + unit + ".", Optional: true, Validators: []validator.Int64{int64validator.Between(1, hi)}},
				"max": schema.Int64Attribute{MarkdownDescription: "The most " + unit + ".", Optional: true, Validators: []validator.Int64{int64validator.Between(1, hi)}},
			},
		}
	}
	s.Attributes["final_backup"] = schema.BoolAttribute{
		// Optional without a default: unset is false, and states written
		// before this argument existed (or by an adoption) plan no change.
		MarkdownDescription: "Dedicated clusters only. When `true`, destroying (or replacing) the cluster first takes a manual backup of it and waits until the backup is `AVAILABLE` " +
			"(the `delete` timeout covers it); only then is the cluster dropped. If the backup fails, nothing is dropped. Manual backups outlive their cluster: " +
			"the destroy output names the backup, to restore with `restore_from`. `deletion_protection` still wins: a protected cluster is neither backed up nor dropped. Default `false`.",
		Optional: true,
	}
	s.Blocks["autoscaling"] = schema.SingleNestedBlock{
		MarkdownDescription: "Dedicated clusters only: let Zilliz Cloud scale the cluster by itself within bounds, instead of a fixed `cu_size` (with `cu`) and `replica` (with `replica`). " +
			"`cu_size` and `replica` then show what the cluster runs with, as Zilliz Cloud reports it: the autoscaler changing them is no drift and no plan change. " +
			"Changing the bounds is one modify call carrying the whole object (the API replaces it). Removing the block (or a range) turns autoscaling off and goes back to the fixed " +
			"`cu_size` and `replica` (default 1), in place. `max` of CUs × `max` of replicas must not exceed 1024. Scheduled scaling is not supported. " +
			"Bounds changed in the console show in the next plan; autoscaling turned off there shows only when Zilliz Cloud's describe answer reports it off (an answer that leaves `autoscaling` out keeps the block as it is).",
		Blocks: map[string]schema.Block{
			"cu":      rangeBlock("compute units", "CUs; each a size the plan offers (see `cu_size`)", maxCUSize),
			"replica": rangeBlock("replicas", "replicas, 1 to 10 (more than 1 needs the `Enterprise` plan)", 10),
		},
	}
	s.Blocks["restore_from"] = schema.SingleNestedBlock{
		MarkdownDescription: "Create this cluster by restoring a cluster backup (`POST /v2/clusters/{cluster_id}/backups/{backup_id}/restoreCluster`) instead of creating it empty: " +
			"the new cluster holds the backup's databases, collections and entities, and gets a new `db_admin` password (the `password` attribute). Dedicated clusters only; " +
			"the backup must be a `CLUSTER` backup, and the new cluster has the backup's CU type and region. This is a create-time argument: changing or removing it later " +
			"does nothing to a running cluster (the plan warns and records the change).",
		Attributes: map[string]schema.Attribute{
			"cluster_id": schema.StringAttribute{
				MarkdownDescription: "The cluster the backup was made of (it may have been dropped since).",
				Optional:            true,
				Validators:          []validator.String{clusterIDValidator()},
			},
			"backup_id": schema.StringAttribute{
				MarkdownDescription: "The backup, such as `zilliz_backup.x.backup_id` or `data.zilliz_backups.x.backups[0].backup_id`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"collection_status": schema.StringAttribute{
				MarkdownDescription: "`KEEP` (default): each collection is loaded or not as it was when backed up; `RELEASE`: every collection is restored unloaded. " +
					"The Zilliz CLI's spellings `LOADED` and `NOT_LOADED` (its `--collection-status`) are accepted and sent as `KEEP` and `RELEASE`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(zilliz.RestoreKeep, zilliz.RestoreRelease, "LOADED", "NOT_LOADED")},
			},
		},
	}
}

// restoreStatusAPI maps collection_status to the REST API's collectionStatus.
// The REST reference (Restore Cluster Backup, and its error 96031) takes KEEP
// or RELEASE; the Zilliz CLI's restore-cluster takes LOADED or NOT_LOADED
// (docs.zilliz.com/reference/cli/cli/Backup-restorecluster). That the CLI's
// LOADED is the API's KEEP, and NOT_LOADED its RELEASE, is inferred.
var restoreStatusAPI = map[string]string{
	zilliz.RestoreKeep: zilliz.RestoreKeep, zilliz.RestoreRelease: zilliz.RestoreRelease,
	"LOADED": zilliz.RestoreKeep, "NOT_LOADED": zilliz.RestoreRelease,
}

// autoscalingOf is the API form of the autoscaling block; nil when absent.
// A bound that is unknown or unset stays nil.
func autoscalingOf(m *autoscalingModel) *zilliz.Autoscaling {
	if m == nil {
		return nil
	}
	rangeOf := func(r *scaleRangeModel) *zilliz.AutoscalingRange {
		if r == nil {
			return nil
		}
		out := &zilliz.AutoscalingRange{}
		if !r.Min.IsNull() && !r.Min.IsUnknown() {
			n := int(r.Min.ValueInt64())
			out.Min = &n
		}
		if !r.Max.IsNull() && !r.Max.IsUnknown() {
			n := int(r.Max.ValueInt64())
			out.Max = &n
		}
		return out
	}
	return &zilliz.Autoscaling{CU: rangeOf(m.CU), Replica: rangeOf(m.Replica)}
}

// autoscalingModelOf is the block for an API autoscaling (nil when off).
func autoscalingModelOf(a *zilliz.Autoscaling) *autoscalingModel {
	if !a.Enabled() {
		return nil
	}
	rangeModel := func(r *zilliz.AutoscalingRange) *scaleRangeModel {
		if !r.Set() {
			return nil
		}
		return &scaleRangeModel{Min: types.Int64Value(int64(*r.Min)), Max: types.Int64Value(int64(*r.Max))}
	}
	return &autoscalingModel{CU: rangeModel(a.CU), Replica: rangeModel(a.Replica)}
}

// rangeOf is one dimension's range ("cu" or "replica"), or nil.
func rangeOf(m *autoscalingModel, dimension string) *scaleRangeModel {
	switch {
	case m == nil:
		return nil
	case dimension == "cu":
		return m.CU
	}
	return m.Replica
}

// sameRange reports whether two blocks autoscale a dimension alike.
func sameRange(a, b *autoscalingModel, dimension string) bool {
	p, s := rangeOf(a, dimension), rangeOf(b, dimension)
	if p == nil || s == nil {
		return p == nil && s == nil
	}
	return p.Min.Equal(s.Min) && p.Max.Equal(s.Max)
}

// sameAutoscaling reports whether two blocks are alike.
func sameAutoscaling(a, b *autoscalingModel) bool {
	return (a == nil) == (b == nil) && sameRange(a, b, "cu") && sameRange(a, b, "replica")
}

// validateCapacity rejects, at plan time, what the API refuses: autoscaling,
// restores and final backups outside dedicated plans, a fixed size beside its
// autoscaled range, a min above its max, and autoscaling maxima above the plan's CUs × replicas limit.
func validateCapacity(cfg clusterResourceModel, plan string, diags *diag.Diagnostics) {
	dedicated := isDedicatedPlan(plan)
	if !dedicated {
		for name, set := range map[string]bool{
			"autoscaling": cfg.Autoscaling != nil, "restore_from": cfg.RestoreFrom != nil, "final_backup": cfg.FinalBackup.ValueBool(),
		} {
			if set {
				diags.AddAttributeError(path.Root(name), "Attribute not allowed for this plan",
					fmt.Sprintf("%s applies to dedicated clusters only (Zilliz Cloud has no autoscaling or backups for Free and Serverless clusters). "+
						"Remove it for a %s cluster, or set plan = %q or %q.", name, plan, planStandard, planEnterprise))
			}
		}
		return
	}
	if r := cfg.RestoreFrom; r != nil {
		for name, v := range map[string]types.String{"cluster_id": r.ClusterID, "backup_id": r.BackupID} {
			if v.IsNull() {
				diags.AddAttributeError(path.Root("restore_from").AtName(name), "Missing restore_from argument",
					"restore_from needs cluster_id (the cluster the backup was made of) and backup_id.")
			}
		}
	}
	a := autoscalingOf(cfg.Autoscaling)
	if a != nil && a.CU == nil && a.Replica == nil {
		diags.AddAttributeError(path.Root("autoscaling"), "Empty autoscaling block",
			"autoscaling needs a cu { min, max } or a replica { min, max } range. Remove the block to keep a fixed cu_size and replica.")
		return
	}
	maxCU, maxReplica := knownInt(cfg.CUSize, 1), knownInt(cfg.Replica, 1)
	for _, r := range []struct {
		name  string
		rng   *zilliz.AutoscalingRange
		fixed types.Int64
		max   *int64
	}{{"cu", apiRange(a, true), cfg.CUSize, &maxCU}, {"replica", apiRange(a, false), cfg.Replica, &maxReplica}} {
		if r.rng == nil {
			continue
		}
		at := path.Root("autoscaling").AtName(r.name)
		fixedName := map[string]string{"cu": "cu_size", "replica": "replica"}[r.name]
		if !r.fixed.IsNull() {
			diags.AddAttributeError(path.Root(fixedName), "Fixed size beside autoscaling",
				fmt.Sprintf("%s and autoscaling.%s are mutually exclusive: with autoscaling, Zilliz Cloud sets %s within the range and the provider reports it. "+
					"Remove %s, or remove the autoscaling.%s block.", fixedName, r.name, fixedName, fixedName, r.name))
		}
		if !r.rng.Set() {
			diags.AddAttributeError(at, "Incomplete autoscaling range",
				fmt.Sprintf("autoscaling.%s needs both min and max.", r.name))
			continue
		}
		lo, hi := int64(*r.rng.Min), int64(*r.rng.Max)
		if lo > hi {
			diags.AddAttributeError(at.AtName("min"), "Autoscaling minimum above maximum",
				fmt.Sprintf("autoscaling.%s.min = %d is above max = %d.", r.name, lo, hi))
		}
		if r.name == "cu" {
			for _, n := range []int64{lo, hi} {
				if !cuSizeAllowed(plan, n) {
					diags.AddAttributeError(at, "CU size not offered on this plan",
						fmt.Sprintf("autoscaling.cu bound %d is not offered on the %s plan. Allowed values: %s.", n, plan, cuSizesText(plan)))
				}
			}
		} else if hi > 1 && plan != planEnterprise {
			diags.AddAttributeError(at.AtName("max"), "Replicas need the Enterprise plan",
				fmt.Sprintf("autoscaling.replica.max = %d needs plan = %q.", hi, planEnterprise))
		}
		*r.max = hi
	}
	// A fixed size alone is checked by validateCUTimesReplica (cluster_cu_sizes.go).
	if limit := maxCUTimesReplica(plan); a != nil && maxCU*maxReplica > limit {
		diags.AddAttributeError(path.Root("autoscaling"), "Too many CUs × replicas",
			fmt.Sprintf("The cluster could run %d CUs × %d replicas = %d, above the %d the %s plan allows (with autoscaling, the maximum CUs × the maximum replicas count). "+
				"Lower cu_size, replica or the autoscaling maxima.", maxCU, maxReplica, maxCU*maxReplica, limit, plan))
	}
}

func apiRange(a *zilliz.Autoscaling, cu bool) *zilliz.AutoscalingRange {
	switch {
	case a == nil:
		return nil
	case cu:
		return a.CU
	}
	return a.Replica
}

func knownInt(v types.Int64, otherwise int64) int64 {
	if v.IsNull() || v.IsUnknown() {
		return otherwise
	}
	return v.ValueInt64()
}

// modifyCapacityPlan is zilliz_cluster's ModifyPlan part for capacity and
// recovery: autoscaled sizes follow the server, a changed restore_from is
// only recorded (with a warning), and a plan that destroys the cluster warns
// with what goes with it.
func (r *clusterResource) modifyCapacityPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		r.planCreateSizes(ctx, req, resp)
		return
	}
	var state clusterResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.Plan.Raw.IsNull() {
		r.warnDestroy(ctx, state, "Destroying", resp)
		return
	}
	var plan clusterResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if attr := replacingAttribute(plan, state); attr != "" {
		r.warnDestroy(ctx, state, "Replacing (changing "+attr+")", resp)
		return
	}
	// Autoscaled sizes are the server's: unchanged bounds keep what it
	// reported (the autoscaler's changes are no diff); new bounds leave the
	// size to the server (known after apply).
	for _, dim := range []struct {
		name, attr string
		cfg        types.Int64
	}{{"cu", "cu_size", plan.CUSize}, {"replica", "replica", plan.Replica}} {
		var cfgValue types.Int64
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(dim.attr), &cfgValue)...)
		if !cfgValue.IsNull() || rangeOf(plan.Autoscaling, dim.name) == nil {
			continue
		}
		var prior types.Int64
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(dim.attr), &prior)...)
		next := types.Int64Unknown()
		if sameRange(plan.Autoscaling, state.Autoscaling, dim.name) && !prior.IsNull() {
			next = prior
		}
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(dim.attr), next)...)
	}
	if !sameRestore(plan.RestoreFrom, state.RestoreFrom) {
		resp.Diagnostics.AddAttributeWarning(path.Root("restore_from"), "restore_from only applies when the cluster is created",
			fmt.Sprintf("Cluster %s exists already, so the changed restore_from is only recorded: nothing is restored and the cluster is not replaced. "+
				"To restore a backup, create a new zilliz_cluster with restore_from (for example beside this one), or replace this one with terraform apply -replace.",
				state.ID.ValueString()))
	}
}

// planCreateSizes leaves autoscaled sizes to the server on create.
func (r *clusterResource) planCreateSizes(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var planned *autoscalingModel
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("autoscaling"), &planned)...)
	for _, dim := range []struct{ name, attr string }{{"cu", "cu_size"}, {"replica", "replica"}} {
		var cfgValue types.Int64
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(dim.attr), &cfgValue)...)
		if cfgValue.IsNull() && rangeOf(planned, dim.name) != nil {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(dim.attr), types.Int64Unknown())...)
		}
	}
}

// warnDestroy warns that a plan drops the cluster with every collection on
// it, managed by Terraform or not, with each one's entity count. The cluster
// endpoint is asked with bounded calls; when it cannot be read the warning
// says so and the plan goes on.
func (r *clusterResource) warnDestroy(ctx context.Context, state clusterResourceModel, verb string, resp *resource.ModifyPlanResponse) {
	if r.client == nil || state.DeletionProtection.ValueBool() {
		return // a protected cluster is not destroyed: the plan fails instead
	}
	id := state.ID.ValueString()
	inventory := clusterInventory(ctx, r.client, state)
	var b strings.Builder
	fmt.Fprintf(&b, "%s cluster %s (%s) drops it with all its data. ", verb, id, state.Name.ValueString())
	b.WriteString(inventory)
	if state.FinalBackup.ValueBool() {
		b.WriteString("\n\nfinal_backup is true: a manual backup of the cluster is taken first, and the cluster is dropped only once it is AVAILABLE.")
	} else if isDedicatedPlan(state.Plan.ValueString()) {
		b.WriteString("\n\nNo backup is taken (final_backup is false). Dropped dedicated clusters stay in Zilliz Cloud's recycle bin for 30 days.")
	}
	resp.Diagnostics.AddWarning("Cluster "+id+" will be destroyed with its collections", b.String())
}

// clusterInventory describes the collections on a cluster's endpoint: every
// database, every collection and (for the first ones) its entity count.
func clusterInventory(ctx context.Context, c *zilliz.Client, state clusterResourceModel) string {
	endpoint := state.ConnectAddress.ValueString()
	if endpoint == "" {
		return "Its collections could not be listed: the cluster has no endpoint in state."
	}
	if s := state.Status.ValueString(); s != "" && s != statusRunning && s != "MODIFYING" {
		return fmt.Sprintf("Its collections could not be listed: the cluster is %s and its endpoint serves no requests. Every collection on it is dropped with it.", s)
	}
	token := ""
	if state.Password.ValueString() != "" && state.Username.ValueString() != "" {
		token = state.Username.ValueString() + ":" + state.Password.ValueString()
	}
	ctx, cancel := context.WithTimeout(ctx, inventoryTimeout)
	defer cancel()
	ctx = zilliz.WithRetryLimit(ctx, 1)
	dp, err := c.DataPlane(endpoint, token)
	if err != nil {
		return "Its collections could not be listed (" + err.Error() + "). Every collection on it is dropped with it."
	}
	cannot := func(err error) string {
		return fmt.Sprintf("Its collections could not be listed: the endpoint %s did not answer (%s). Every collection on it, "+
			"including those Terraform does not manage, is dropped with it.", endpoint, apiErrorDetail(err))
	}
	dbs, err := dp.ListDatabases(ctx)
	if err != nil {
		if !zilliz.IsNotFound(err) {
			return cannot(err)
		}
		dbs = []string{"default"} // a server without databases: only "default"
	}
	sort.Strings(dbs)
	var lines []string
	counted, total := 0, 0
	for i, db := range dbs {
		if i >= inventoryMaxDatabases {
			lines = append(lines, fmt.Sprintf("  … and %d more databases (not listed)", len(dbs)-i))
			break
		}
		names, err := dp.ListCollections(ctx, db)
		if err != nil {
			lines = append(lines, fmt.Sprintf("  %s: its collections could not be listed (%s)", db, apiErrorDetail(err)))
			continue
		}
		sort.Strings(names)
		for _, n := range names {
			total++
			if counted >= inventoryMaxCountedRows {
				lines = append(lines, fmt.Sprintf("  %s.%s", db, n))
				continue
			}
			counted++
			rows, err := dp.CollectionRowCount(ctx, db, n)
			if err != nil {
				lines = append(lines, fmt.Sprintf("  %s.%s (entity count unknown: %s)", db, n, firstLine(apiErrorDetail(err))))
				continue
			}
			lines = append(lines, fmt.Sprintf("  %s.%s: %d entities", db, n, rows))
		}
	}
	if total == 0 {
		return "It holds no collections."
	}
	return fmt.Sprintf("It holds %d collection(s), all of which go with it, including those Terraform does not manage:\n%s", total, strings.Join(lines, "\n"))
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// createOrRestore creates the cluster, or restores it from a backup when
// restore_from is set. An autoscaled cluster is created at the bottom of its
// ranges (the createDedicated reference takes no autoscaling; the ranges are
// set by afterCreate).
// The second result is the restore's job id ("" for a create).
func (r *clusterResource) createOrRestore(ctx context.Context, plan clusterResourceModel, labels map[string]string) (*zilliz.CreateClusterResponse, string, error) {
	req := createClusterRequestFromPlan(plan, labels)
	a := autoscalingOf(plan.Autoscaling)
	if a != nil && a.CU.Set() {
		req.CUSize = *a.CU.Min
	}
	if a != nil && a.Replica.Set() {
		req.Replica = *a.Replica.Min
	}
	if plan.RestoreFrom == nil {
		created, err := r.client.CreateCluster(ctx, req)
		return created, "", err
	}
	from := *plan.RestoreFrom
	status := zilliz.RestoreKeep
	if !from.CollectionStatus.IsNull() {
		status = restoreStatusAPI[from.CollectionStatus.ValueString()]
	}
	restored, err := r.client.RestoreClusterBackup(ctx, from.ClusterID.ValueString(), from.BackupID.ValueString(), zilliz.RestoreClusterRequest{
		ProjectID: req.ProjectID, ClusterName: req.ClusterName, CUSize: max(req.CUSize, 1), CollectionStatus: status, RegionID: req.RegionID,
	})
	if err != nil {
		return nil, "", err
	}
	tflog.Info(ctx, "cluster restore started", map[string]any{"id": restored.ClusterID, "backup_id": from.BackupID.ValueString(), "job_id": restored.JobID})
	out := &zilliz.CreateClusterResponse{ClusterID: restored.ClusterID, Username: restored.Username, Password: restored.Password, Adopted: restored.Adopted}
	if restored.Adopted {
		out.Prompt = "The answer to the restore request was lost, but the restored cluster " + restored.ClusterID + " was found by name and is used. " +
			"Its new db_admin password was in the lost answer: reset it in the Zilliz Cloud console if needed."
	}
	return out, restored.JobID, nil
}

// afterCreate finishes a cluster that is RUNNING: a restore's job is
// waited for, and what a restore or a create could not carry is set (labels
// and replicas of a restored cluster, autoscaling). It returns the final
// description.
func (r *clusterResource) afterCreate(ctx context.Context, plan clusterResourceModel, labels map[string]string, cluster *zilliz.Cluster, restoreJob string) (*zilliz.Cluster, error) {
	id := cluster.ClusterID
	restored := plan.RestoreFrom != nil
	if restoreJob != "" {
		// The job reports the data copied (tolerated when the job cannot be
		// read: the cluster RUNNING is the documented signal).
		if _, err := r.client.WaitForJob(ctx, restoreJob, atOnce); err != nil && (errors.Is(err, zilliz.ErrJobFailed) || ctx.Err() != nil) {
			return nil, fmt.Errorf("restore job %s: %w", restoreJob, err)
		}
	}
	changed := false
	if restored && len(labels) > 0 {
		if err := r.client.SetClusterLabels(ctx, id, labels); err != nil {
			return nil, fmt.Errorf("setting labels: %w", err)
		}
	}
	a := autoscalingOf(plan.Autoscaling)
	if restored && (a == nil || a.Replica == nil) && !plan.Replica.IsNull() && !plan.Replica.IsUnknown() && plan.Replica.ValueInt64() > 1 {
		if err := r.client.ModifyClusterReplica(ctx, id, int(plan.Replica.ValueInt64())); err != nil {
			return nil, fmt.Errorf("setting replicas: %w", err)
		}
		if _, err := r.client.WaitForClusterStatus(ctx, id, afterAction, statusRunning); err != nil {
			return nil, err
		}
		changed = true
	}
	if a != nil {
		if err := r.client.ModifyClusterAutoscaling(ctx, id, *a); err != nil {
			return nil, fmt.Errorf("setting autoscaling: %w", err)
		}
		changed = true
	}
	if !changed {
		return cluster, nil
	}
	return r.client.WaitForClusterStatus(ctx, id, afterAction, statusRunning)
}

// autoscalingChange is the in-place change of the autoscaling block: one
// modify call with the whole object (the API replaces it), or {} to turn it
// off. It comes before the fixed-size changes, which the API refuses while
// the dimension autoscales.
var autoscalingChange = clusterChange{
	what: "set the autoscaling of",
	pending: func(p, s clusterResourceModel) bool {
		return !sameAutoscaling(p.Autoscaling, s.Autoscaling)
	},
	needsRunning: true,
	apply: func(ctx context.Context, c *zilliz.Client, id string, p, _ clusterResourceModel) error {
		a := autoscalingOf(p.Autoscaling)
		if a == nil {
			a = &zilliz.Autoscaling{}
		}
		return c.ModifyClusterAutoscaling(ctx, id, *a)
	},
	settles: true,
}

// capacityFromAPI writes what describe says of autoscaling into the model:
// reported ranges replace the state's (drift shows), an autoscaling object
// with no range removes the block, and an answer without the field keeps
// what is known.
func capacityFromAPI(c *zilliz.Cluster, m *clusterResourceModel) {
	switch {
	case c.Autoscaling.Enabled():
		m.Autoscaling = autoscalingModelOf(c.Autoscaling)
	case c.Autoscaling != nil:
		// The answer reports autoscaling, with no range: it was turned off
		// (in the console). An answer without the field says nothing, and
		// the block in state stays (the recorded describe answers have no
		// autoscaling; that the service leaves it out when off is inferred).
		m.Autoscaling = nil
	}
}

// sameRestore reports whether two restore_from blocks are alike.
func sameRestore(a, b *restoreFromModel) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.ClusterID.Equal(b.ClusterID) && a.BackupID.Equal(b.BackupID) && a.CollectionStatus.Equal(b.CollectionStatus)
}

// takeFinalBackup backs the cluster up before Delete drops it, when
// final_backup is true, and says in a warning which backup holds it and how
// to restore it. false: the backup failed, and nothing may be dropped.
func (r *clusterResource) takeFinalBackup(ctx context.Context, state clusterResourceModel, diags *diag.Diagnostics) bool {
	if !state.FinalBackup.ValueBool() || !isDedicatedPlan(state.Plan.ValueString()) {
		return true
	}
	id := state.ID.ValueString()
	if cl, err := r.client.DescribeCluster(ctx, id); zilliz.IsNotFound(err) || (err == nil && cl.Status == statusDeleted) {
		return true // already gone: nothing to back up, nothing to drop
	}
	b, err := takeBackup(ctx, r.client, id, zilliz.CreateBackupRequest{}, nil)
	if err != nil {
		diags.AddError("Final backup of cluster "+id+" failed: the cluster was not dropped",
			backupErrorDetail(err, "delete")+"\n\nfinal_backup is true, so the cluster is dropped only after its backup is AVAILABLE. "+
				"Nothing was dropped. Fix the cause and destroy again, or set final_backup = false and apply first to drop it without a backup.")
		return false
	}
	diags.AddWarning("Final backup "+b.BackupID+" of cluster "+id,
		fmt.Sprintf("Before dropping cluster %s, backup %s (%s) was taken and is AVAILABLE. Zilliz Cloud keeps manual backups after their cluster is dropped. "+
			"To restore it into a new cluster:\n\n  restore_from {\n    cluster_id = %q\n    backup_id  = %q\n  }\n\n"+
			"in a zilliz_cluster (plan Standard or Enterprise). List it with data \"zilliz_backups\" { cluster_id = %q }.",
			id, b.BackupID, b.BackupName, id, b.BackupID, id))
	tflog.Info(ctx, "final backup available; dropping the cluster", map[string]any{"id": id, "backup_id": b.BackupID})
	return true
}
