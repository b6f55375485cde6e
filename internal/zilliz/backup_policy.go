package zilliz

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// The automatic backup policy of a dedicated cluster (Zilliz reference
// get-backup-policy-v2 and set-backup-policy-v2):
//
//	GET  /v2/clusters/{id}/backups/policy → {clusterId, status, startTime, frequency, retentionDays}
//	POST /v2/clusters/{id}/backups/policy {frequency?, startTime?, retentionDays?, enabled}
//
// frequency is "a comma-separated list of numbers from 1 to 7, where 1
// represents Monday and 7 represents Sunday"; startTime is "a two-hour
// duration ... in the format of HH:mm-HH:mm UTC time"; retentionDays is 1 to
// 30. "When the backup policy is disabled", startTime and frequency are null
// and retentionDays is 0. Setting {"enabled": false} turns the policy off.

// Backup policy statuses. ENABLED is documented (the get example);
// DISABLED is inferred as its opposite.
const (
	BackupPolicyEnabled  = "ENABLED"
	BackupPolicyDisabled = "DISABLED"
)

// BackupPolicy is a cluster's automatic backup policy.
type BackupPolicy struct {
	ClusterID     string
	Status        string
	StartTime     string // "" when disabled
	Days          []int  // sorted weekdays, 1 = Monday … 7 = Sunday; nil when disabled
	RetentionDays int    // 0 when disabled
}

// Enabled reports whether automatic backups run.
func (p BackupPolicy) Enabled() bool { return strings.EqualFold(p.Status, BackupPolicyEnabled) }

type backupPolicyWire struct {
	ClusterID     string  `json:"clusterId"`
	Status        string  `json:"status"`
	StartTime     *string `json:"startTime"`
	Frequency     *string `json:"frequency"`
	RetentionDays int     `json:"retentionDays"`
}

// SetBackupPolicyRequest is the input of SetBackupPolicy. With Enabled false
// only {"enabled": false} is sent (the reference's example for turning it off).
type SetBackupPolicyRequest struct {
	Enabled       bool
	Days          []int // weekdays 1–7
	StartTime     string
	RetentionDays int
}

type setBackupPolicyBody struct {
	Frequency     string `json:"frequency,omitempty"`
	StartTime     string `json:"startTime,omitempty"`
	RetentionDays int    `json:"retentionDays,omitempty"`
	Enabled       bool   `json:"enabled"`
}

// GetBackupPolicy returns a cluster's backup policy.
func (c *Client) GetBackupPolicy(ctx context.Context, clusterID string) (*BackupPolicy, error) {
	if err := requireID("cluster id", clusterID); err != nil {
		return nil, err
	}
	var w backupPolicyWire
	if err := c.do(ctx, c.control(http.MethodGet, "/v2/clusters/"+escape(clusterID)+"/backups/policy", true), &w); err != nil {
		return nil, err
	}
	p := &BackupPolicy{ClusterID: w.ClusterID, Status: w.Status, RetentionDays: w.RetentionDays}
	if w.StartTime != nil {
		p.StartTime = *w.StartTime
	}
	if w.Frequency != nil {
		p.Days = ParseBackupDays(*w.Frequency)
	}
	return p, nil
}

// SetBackupPolicy sets (or, with Enabled false, turns off) a cluster's
// backup policy. Setting the same policy twice has the same effect as once,
// so it is retried freely.
func (c *Client) SetBackupPolicy(ctx context.Context, clusterID string, req SetBackupPolicyRequest) error {
	body := setBackupPolicyBody{Enabled: req.Enabled}
	if req.Enabled {
		body.Frequency = FormatBackupDays(req.Days)
		body.StartTime = req.StartTime
		body.RetentionDays = req.RetentionDays
	}
	return c.clusterAction(ctx, clusterID, http.MethodPost, "/backups/policy", body, true)
}

// FormatBackupDays writes weekdays as the API's frequency: sorted, without
// duplicates, comma-separated ("1,2,5").
func FormatBackupDays(days []int) string {
	seen := map[int]bool{}
	var out []int
	for _, d := range days {
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	sort.Ints(out)
	parts := make([]string, len(out))
	for i, d := range out {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, ",")
}

// ParseBackupDays reads the API's frequency ("1,2,5", spaces tolerated) as
// sorted weekdays; entries that are not numbers are skipped.
func ParseBackupDays(s string) []int {
	var out []int
	seen := map[int]bool{}
	for _, part := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || seen[n] {
			continue
		}
		seen[n] = true
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}
