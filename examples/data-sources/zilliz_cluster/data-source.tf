data "zilliz_cluster" "shared" {
  id = "in01-6183d6bac30f801"
}

output "shared_endpoint" {
  value = data.zilliz_cluster.shared.connect_address
}
