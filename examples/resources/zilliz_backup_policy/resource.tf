resource "zilliz_cluster" "main" {
  project_id = "proj-4487580fcfe2c8a4391686"
  region_id  = "gcp-us-west1"
  name       = "search-prod"
  plan       = "Standard"
}

# Back up every weekday night between 02:00 and 04:00 UTC; keep each backup a week.
resource "zilliz_backup_policy" "nightly" {
  cluster_id     = zilliz_cluster.main.id
  frequency      = [1, 2, 3, 4, 5]
  start_time     = "02:00-04:00"
  retention_days = 7
}
