# The backups of a cluster, newest first: also of a cluster that was dropped.
data "zilliz_backups" "prod" {
  cluster_id = "in01-6183d6bac30f801"
}

# A staging cluster restored from the newest whole-cluster backup that is
# AVAILABLE (backups[0] may be a collection backup or one still being made).
resource "zilliz_cluster" "staging" {
  project_id = "proj-4487580fcfe2c8a4391686"
  region_id  = "gcp-us-west1"
  name       = "search-staging"
  plan       = "Standard"

  restore_from {
    cluster_id = data.zilliz_backups.prod.cluster_id
    backup_id  = data.zilliz_backups.prod.latest_cluster_backup_id
  }

  lifecycle {
    ignore_changes = [restore_from] # read only on create
  }
}
