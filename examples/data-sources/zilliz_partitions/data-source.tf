data "zilliz_partitions" "articles" {
  cluster_endpoint = data.zilliz_cluster.shared.connect_address
  collection_name  = "articles"
}

output "partition_names" {
  value = data.zilliz_partitions.articles.names
}
