data "zilliz_cluster_users" "shared" {
  cluster_endpoint = data.zilliz_cluster.shared.connect_address
}

# Who holds the built-in admin role?
output "admins" {
  value = [for u in data.zilliz_cluster_users.shared.users : u.name if contains(u.roles, "db_admin")]
}
