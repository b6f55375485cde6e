resource "zilliz_cluster" "main" {
  project_id = "proj-4487580fcfe2c8a4391686"
  region_id  = "gcp-us-west1"
  name       = "search-prod"
  plan       = "Standard"
}

# A backup of the whole cluster, kept when this resource is destroyed.
resource "zilliz_backup" "before_migration" {
  cluster_id        = zilliz_cluster.main.id
  retain_on_destroy = true
}

# A backup of one collection, deleted with the resource.
resource "zilliz_backup" "articles" {
  cluster_id = zilliz_cluster.main.id
  database   = "default"
  collection = "articles"
}

output "backup_id" {
  value = zilliz_backup.before_migration.backup_id
}
