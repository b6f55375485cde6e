data "zilliz_clusters" "all" {}

output "running_clusters" {
  value = [for c in data.zilliz_clusters.all.clusters : c.name if c.status == "RUNNING"]
}
