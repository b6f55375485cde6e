data "zilliz_cluster_roles" "shared" {
  cluster_endpoint = data.zilliz_cluster.shared.connect_address
}

output "custom_roles" {
  value = { for r in data.zilliz_cluster_roles.shared.roles : r.name => r.grants if !r.built_in }
}
