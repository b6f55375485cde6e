data "zilliz_collections" "shared" {
  cluster_endpoint = data.zilliz_cluster.shared.connect_address
  database         = "default"
}

output "collection_names" {
  value = data.zilliz_collections.shared.names
}
