variable "app_password" {
  type      = string
  sensitive = true
}

# The user the search service connects as: <name>:<password>.
resource "zilliz_cluster_user" "app" {
  cluster_endpoint    = zilliz_cluster.main.connect_address
  name                = "app"
  password_wo         = var.app_password # write-only (Terraform 1.11+): never in plan or state
  password_wo_version = 1                # bump to rotate: the password changes in place
  roles               = [zilliz_cluster_role.reader.name]
}
