package provider

import (
	"testing"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// latestRestorable skips collection backups and backups not yet AVAILABLE.
func TestLatestRestorable(t *testing.T) {
	t.Parallel()
	list := []zilliz.Backup{
		{BackupID: "making", BackupType: zilliz.BackupTypeCluster, Status: zilliz.BackupStatusCreating},
		{BackupID: "one-collection", BackupType: zilliz.BackupTypeCollection, Status: zilliz.BackupStatusAvailable},
		{BackupID: "whole", BackupType: zilliz.BackupTypeCluster, Status: zilliz.BackupStatusAvailable},
		{BackupID: "older", BackupType: zilliz.BackupTypeCluster, Status: zilliz.BackupStatusAvailable},
	}
	if b, ok := latestRestorable(list); !ok || b.BackupID != "whole" {
		t.Errorf("latestRestorable = %q, %v; want whole", b.BackupID, ok)
	}
	if b, ok := latestRestorable(list[:2]); ok {
		t.Errorf("latestRestorable of no restorable backup = %q, want none", b.BackupID)
	}
}
