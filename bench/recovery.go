package main

import (
	"context"
	"fmt"
	"time"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// The recovery scenario (issue 21): a dedicated cluster restored from a
// cluster backup (`terraform apply` with restore_from: RESTORING until the
// mock's restore phase ends, then RUNNING with the backup's collections),
// then destroyed with final_backup = true (`terraform destroy`: the plan's
// inventory of the collections, a manual backup CREATING until the mock's
// backup phase ends, then the drop and its DELETED phase).
//
// Each is timed against its lower bound: the mock's phases (restore; backup) + the fewest sequential requests × L + Terraform's floor. The
// floor is what Terraform costs without any waiting: `terraform plan` (for
// the apply) and `terraform plan -destroy` (for the destroy) of the same
// configuration against a mock with no latency: the CLI, the provider
// process, the configuration, the refresh and the plan, but no apply walk
// and none of the provider's own polling delays (those are what is measured).

const (
	recoveryBackup  = 2 * time.Second // the mock's backup phase (CREATING → AVAILABLE)
	recoveryRestore = 3 * time.Second // the mock's restore phase (RESTORING → RUNNING)
	recoveryRows    = 250_000
	floorPhase      = time.Millisecond
)

// The fewest requests in sequence. Restore apply: restoreCluster, one
// describe (RUNNING), the restore job, the labels read of the final read.
// Final-backup destroy: the refresh (describe, labels), the plan's inventory
// (databases, collections, one row count), then describe, the backup list
// (nothing in progress), create, one describe (AVAILABLE), drop, one
// describe (gone).
const (
	fewestRestore = 4
	fewestFinal   = 11
)

func recoveryHCL() string {
	return hclHeader + `
variable "source_cluster" {
  type = string
}

variable "backup" {
  type = string
}

resource "zilliz_cluster" "restored" {
  project_id   = var.project_id
  region_id    = "gcp-us-west1"
  name         = "bench-restored"
  plan         = "Standard"
  final_backup = true

  restore_from {
    cluster_id = var.source_cluster
    backup_id  = var.backup
  }
}
`
}

// recoveryPass is one run of the scenario.
type recoveryPass struct {
	restore, destroy  time.Duration
	plan, planDestroy time.Duration // the floor's parts
	restoredRows      int64
	backupBeforeDrop  bool
	restoreReqs       int
	destroyReqs       int
}

func (b *bench) recovery(ctx context.Context) error {
	cfg := b.cfg
	progress("recovery: floor (no latency)")
	floor, err := b.runRecovery(ctx, "floor", 0, floorPhase, floorPhase, floorPhase, cfg.floorEnv)
	if err != nil {
		return fmt.Errorf("floor: %w", err)
	}
	progress("recovery: measured (L = %s, backup %s, restore %s, delete %s)", cfg.latency, recoveryBackup, recoveryRestore, cfg.transition)
	m, err := b.runRecovery(ctx, "measured", cfg.latency, recoveryBackup, recoveryRestore, cfg.transition, cfg.env)
	if err != nil {
		return fmt.Errorf("measured: %w", err)
	}
	restoreBound := floor.plan + recoveryRestore + fewestRestore*cfg.latency
	// The drop's DELETED phase is not waited out: describe saying DELETED is gone enough.
	finalBound := floor.planDestroy + recoveryBackup + fewestFinal*cfg.latency
	b.rep.add(row{scenario: "recovery", metric: "apply of a cluster with restore_from (RESTORING → RUNNING with the backup's collections)",
		measured:   secs(m.restore),
		lowerBound: fmt.Sprintf("restore %s + %d × L + floor %s = %s", recoveryRestore, fewestRestore, secs(floor.plan), secs(restoreBound)),
		ratio:      ratio(m.restore, restoreBound), target: "— (none in the issue)",
		meets: yesNo(m.restoredRows == recoveryRows)})
	b.rep.add(row{scenario: "recovery", metric: "destroy with final_backup = true (backup AVAILABLE, then the drop)",
		measured:   secs(m.destroy),
		lowerBound: fmt.Sprintf("backup %s + %d × L + floor %s = %s", recoveryBackup, fewestFinal, secs(floor.planDestroy), secs(finalBound)),
		ratio:      ratio(m.destroy, finalBound), target: "— (none in the issue)",
		meets: yesNo(m.backupBeforeDrop)})
	b.rep.section("Restore and final backup", fmt.Sprintf("A Standard cluster holding one collection of %d entities is backed up outside the measurement. "+
		"The measured `terraform apply` creates a new cluster from that backup with `restore_from` (the mock's restore phase: %s), "+
		"and `terraform destroy` of it, with `final_backup = true`, takes a manual backup (the mock's backup phase: %s) and drops the cluster "+
		"once the backup is AVAILABLE (the dropped cluster's DELETED phase of %s is not waited out); L = %s. Terraform's floor is `terraform plan` and `terraform plan -destroy` of the same "+
		"configuration against a mock with no latency: %s and %s (the same apply and destroy there, with %s phases, took %s and %s: the difference is the "+
		"provider's polling). Requests: restore %d (floor run %d), destroy %d (floor run %d). The restored cluster held %d entities; "+
		"the backup was AVAILABLE before the drop: %v. The time above the bound is the provider's polling cadence "+
		"(first poll after 1 s, then about one a second): it notices the end of a phase up to a second late. Phases of whole seconds, "+
		"as here, fall on that cadence; other lengths show up to a second more.\n",
		recoveryRows, recoveryRestore, recoveryBackup, cfg.transition, cfg.latency, secs(floor.plan), secs(floor.planDestroy), floorPhase, secs(floor.restore), secs(floor.destroy),
		m.restoreReqs, floor.restoreReqs, m.destroyReqs, floor.destroyReqs, m.restoredRows, m.backupBeforeDrop))
	return nil
}

// runRecovery runs the scenario against a fresh mock with these latency and phases.
func (b *bench) runRecovery(ctx context.Context, label string, latency, backup, restore, transition time.Duration, extraEnv []string) (*recoveryPass, error) {
	m, err := zillizmock.New(zillizmock.Options{
		Latency: latency, CreateDuration: transition, ModifyDuration: transition, DeleteDuration: transition,
		BackupDuration: backup, RestoreDuration: restore, Seed: b.cfg.seed,
	})
	if err != nil {
		return nil, err
	}
	defer m.Close()
	src, backupID, err := recoverySource(ctx, m)
	if err != nil {
		return nil, fmt.Errorf("preparing the source cluster: %w", err)
	}
	dir, err := workdir(b.tmp, "recovery-"+label, recoveryHCL())
	if err != nil {
		return nil, err
	}
	env := append(mockEnv(m), "TF_VAR_source_cluster="+src, "TF_VAR_backup="+backupID)
	env = append(env, extraEnv...)
	pass := &recoveryPass{}

	r, err := b.tf.run(ctx, dir, env, nil, "plan", "-input=false", "-no-color")
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	pass.plan = r.took
	n := len(m.Requests())
	r, err = b.tf.run(ctx, dir, env, nil, "apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	pass.restore, pass.restoreReqs = r.took, len(m.Requests())-n
	var restored string
	for _, c := range m.Clusters() {
		if c.ClusterID != src {
			restored = c.ClusterID
		}
	}
	if info, err := m.Collection(restored, "default", "articles"); err == nil {
		pass.restoredRows = info.Rows
	}

	r, err = b.tf.run(ctx, dir, env, nil, "plan", "-destroy", "-input=false", "-no-color")
	if err != nil {
		return nil, fmt.Errorf("plan -destroy: %w", err)
	}
	pass.planDestroy = r.took
	n = len(m.Requests())
	r, err = b.tf.run(ctx, dir, env, nil, "destroy", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		return nil, fmt.Errorf("destroy: %w", err)
	}
	pass.destroy, pass.destroyReqs = r.took, len(m.Requests())-n
	backups := m.Backups(restored)
	for _, q := range m.Requests() {
		if q.Method == "DELETE" && q.Path == "/v2/clusters/"+restored+"/drop" {
			pass.backupBeforeDrop = len(backups) == 1 && backups[0].Status == zillizmock.BackupAvailable && !q.Time.Before(backups[0].ReadyAt)
		}
	}
	return pass, nil
}

// recoverySource makes the cluster to restore from, with a collection of
// recoveryRows entities and an AVAILABLE cluster backup, outside the
// measurement. It returns the cluster and backup ids.
func recoverySource(ctx context.Context, m *zillizmock.Server) (string, string, error) {
	c, err := zilliz.NewClient(zilliz.Config{BaseURL: m.URL(), APIKey: m.APIKey()})
	if err != nil {
		return "", "", err
	}
	created, err := c.CreateCluster(ctx, zilliz.CreateClusterRequest{
		Plan: zilliz.PlanStandard, ClusterName: "bench-source", ProjectID: m.ProjectID(), RegionID: "gcp-us-west1", CUType: "Performance-optimized", CUSize: 1,
	})
	if err != nil {
		return "", "", err
	}
	cl, err := c.WaitForClusterStatus(ctx, created.ClusterID, zilliz.WaitOptions{MinInterval: 10 * time.Millisecond, MaxInterval: 100 * time.Millisecond}, "RUNNING")
	if err != nil {
		return "", "", err
	}
	dp, err := c.DataPlane(cl.ConnectAddress, "")
	if err != nil {
		return "", "", err
	}
	if err := dp.CreateCollection(ctx, zilliz.CreateCollectionRequest{CollectionName: "articles", Dimension: 768}); err != nil {
		return "", "", err
	}
	if err := m.InsertRows(cl.ClusterID, "default", "articles", recoveryRows); err != nil {
		return "", "", err
	}
	bk, err := c.CreateBackup(ctx, cl.ClusterID, zilliz.CreateBackupRequest{})
	if err != nil {
		return "", "", err
	}
	if _, err := c.WaitForBackup(ctx, cl.ClusterID, bk.BackupID, bk.JobID, zilliz.WaitOptions{MinInterval: 10 * time.Millisecond, MaxInterval: 100 * time.Millisecond}); err != nil {
		return "", "", err
	}
	return cl.ClusterID, bk.BackupID, nil
}
