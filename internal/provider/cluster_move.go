package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A zillizcloud_cluster (schema version 0) moves to a zilliz_cluster; the
// shape read is official_move.go's source (schemas.json and the state files
// the official provider wrote).

// officialCluster is a zillizcloud_cluster in state (schema version 0). Numbers
// are JSON numbers; nested settings are kept raw to tell null from set.
type officialCluster struct {
	ID                         string            `json:"id"`
	ClusterName                string            `json:"cluster_name"`
	ProjectID                  string            `json:"project_id"`
	RegionID                   *string           `json:"region_id"`
	Plan                       *string           `json:"plan"`
	CUType                     *string           `json:"cu_type"`
	CUSize                     *float64          `json:"cu_size"`
	Replica                    *float64          `json:"replica"`
	Labels                     map[string]string `json:"labels"`
	DesiredStatus              *string           `json:"desired_status"`
	Status                     *string           `json:"status"`
	Description                *string           `json:"description"`
	ConnectAddress             *string           `json:"connect_address"`
	PrivateLinkAddress         *string           `json:"private_link_address"`
	Username                   *string           `json:"username"`
	Password                   *string           `json:"password"`
	CreateTime                 *string           `json:"create_time"`
	AWSCSEKeyARN               *string           `json:"aws_cse_key_arn"`
	BucketInfo                 json.RawMessage   `json:"bucket_info"`
	CUSettings                 json.RawMessage   `json:"cu_settings"`
	ReplicaSettings            json.RawMessage   `json:"replica_settings"`
	LoadBalancerSecurityGroups []string          `json:"load_balancer_security_groups"`
	Timeouts                   *struct {
		Create *string `json:"create"`
		Update *string `json:"update"`
	} `json:"timeouts"`
}

// clusterModelFromOfficial maps every attribute that has a counterpart and
// refuses, naming them, the ones that have none.
func clusterModelFromOfficial(ctx context.Context, src officialCluster) (clusterResourceModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	unmapped := func(attribute, what string) {
		diags.AddAttributeError(path.Root(attribute), "Cannot move zillizcloud_cluster."+attribute,
			fmt.Sprintf("zillizcloud_cluster %s sets %s, which zilliz_cluster does not manage. %s", src.ID, attribute, what))
	}
	if src.AWSCSEKeyARN != nil && *src.AWSCSEKeyARN != "" {
		unmapped("aws_cse_key_arn", "BYOC clusters stay with the zilliztech/zillizcloud provider; keep this cluster there.")
	}
	if isSet(src.BucketInfo) {
		unmapped("bucket_info", "BYOC clusters stay with the zilliztech/zillizcloud provider; keep this cluster there.")
	}
	if isSet(src.CUSettings) {
		unmapped("cu_settings", "Remove cu_settings (autoscaling) from the zillizcloud_cluster and apply once with that provider, "+
			"or manage autoscaling in the Zilliz Cloud console; then move, and set cu_size in zilliz_cluster.")
	}
	if isSet(src.ReplicaSettings) {
		unmapped("replica_settings", "Remove replica_settings (autoscaling) from the zillizcloud_cluster and apply once with that provider; "+
			"then move, and set replica in zilliz_cluster.")
	}
	if len(src.LoadBalancerSecurityGroups) > 0 {
		unmapped("load_balancer_security_groups", "Keep this cluster with the zilliztech/zillizcloud provider, or remove the security groups there first.")
	}
	plan := deref(src.Plan)
	switch plan {
	case planFree, planServerless, planStandard, planEnterprise:
	default:
		unmapped("plan", fmt.Sprintf("Its plan %q is none of Free, Serverless, Standard or Enterprise, the plans zilliz_cluster creates.", plan))
	}
	if src.ID == "" || src.ClusterName == "" || src.ProjectID == "" {
		diags.AddError("Cannot move zillizcloud_cluster", "The source state has no id, cluster_name or project_id: was the cluster ever created? "+
			"Import it instead with `import { to = zilliz_cluster.<name> id = \"<cluster id>\" }`.")
	}
	if diags.HasError() {
		return clusterResourceModel{}, diags
	}

	m := clusterResourceModel{
		ID:                 types.StringValue(src.ID),
		ProjectID:          types.StringValue(src.ProjectID),
		RegionID:           types.StringValue(deref(src.RegionID)),
		Name:               types.StringValue(src.ClusterName),
		Plan:               types.StringValue(plan),
		CUType:             types.StringNull(),
		CUSize:             types.Int64Null(),
		Replica:            types.Int64Null(),
		Labels:             types.MapNull(types.StringType),
		DesiredStatus:      types.StringValue(statusRunning),
		DeletionProtection: types.BoolValue(false),
		Status:             types.StringValue(deref(src.Status)),
		Description:        types.StringValue(deref(src.Description)),
		ConnectAddress:     types.StringValue(deref(src.ConnectAddress)),
		PrivateLinkAddress: types.StringValue(deref(src.PrivateLinkAddress)),
		Username:           types.StringValue(deref(src.Username)),
		Password:           types.StringValue(deref(src.Password)),
		CreateTime:         types.StringValue(deref(src.CreateTime)),
	}
	// The official provider stores cu_type, cu_size and replica for every plan;
	// ours sets them only on dedicated plans (the API ignores them elsewhere).
	if isDedicatedPlan(plan) {
		m.CUType = types.StringValue(deref(src.CUType))
		if m.CUType.ValueString() == "" {
			m.CUType = types.StringValue(defaultCUType)
		}
		m.CUSize = types.Int64Value(int64(derefNumber(src.CUSize, 1)))
		m.Replica = types.Int64Value(int64(derefNumber(src.Replica, 1)))
	}
	if s := deref(src.DesiredStatus); s == statusSuspended || s == "STOPPED" {
		m.DesiredStatus = types.StringValue(statusSuspended)
	}
	// An empty map is what the official provider writes for "no labels"; ours
	// writes null, so an unset `labels` plans no change.
	if len(src.Labels) > 0 {
		labels, d := types.MapValueFrom(ctx, types.StringType, src.Labels)
		diags.Append(d...)
		m.Labels = labels
	}
	m.Timeouts = timeouts.Value{Object: types.ObjectNull(clusterTimeoutTypes)}
	if t := src.Timeouts; t != nil && (t.Create != nil || t.Update != nil) {
		obj, d := types.ObjectValue(clusterTimeoutTypes, map[string]attr.Value{
			"create": types.StringPointerValue(t.Create), "update": types.StringPointerValue(t.Update), "delete": types.StringNull(),
		})
		diags.Append(d...)
		m.Timeouts = timeouts.Value{Object: obj}
	}
	return m, diags
}

// clusterTimeoutTypes is the object type of zilliz_cluster's timeouts block.
var clusterTimeoutTypes = map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType}

// isSet tells whether a raw JSON value is present and not null.
func isSet(raw json.RawMessage) bool {
	s := strings.TrimSpace(string(raw))
	return s != "" && s != "null"
}
