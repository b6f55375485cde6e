package provider

import (
	"slices"
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

// sortNewestFirst orders by create time whatever order the list came in (the
// list API promises none); a time that does not parse goes last.
func TestSortNewestFirst(t *testing.T) {
	t.Parallel()
	list := []zilliz.Backup{
		{BackupID: "middle", CreateTime: "2026-12-02T10:00:00Z"},
		{BackupID: "unparsable", CreateTime: "yesterday"},
		{BackupID: "newest", CreateTime: "2026-12-03T10:00:00Z"},
		{BackupID: "oldest", CreateTime: "2026-12-01T10:00:00Z"},
	}
	sortNewestFirst(list)
	var got []string
	for _, b := range list {
		got = append(got, b.BackupID)
	}
	if want := []string{"newest", "middle", "oldest", "unparsable"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}
