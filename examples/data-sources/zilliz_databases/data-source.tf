data "zilliz_databases" "shared" {
  cluster_endpoint = data.zilliz_cluster.shared.connect_address
}

output "database_names" {
  value = data.zilliz_databases.shared.names
}
